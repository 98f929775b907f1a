using OpenCvSharp;

namespace Emotion.ML.Vision;

/// <summary>Draws recognized faces onto an image (a box and "label 87%" per face) and saves images as PNG.</summary>
public static class FaceAnnotator
{
    private static readonly Scalar BoxColor = new(60, 200, 60);
    private static readonly Scalar TextColor = new(255, 255, 255);

    /// <summary>Draws a box around each face and its predicted label with the probability above it, in place.</summary>
    /// <param name="image">A 3-channel BGR image (a grayscale one is drawn in gray).</param>
    /// <param name="faces">The faces, e.g. from <see cref="FaceEmotionRecognizer.Recognize(Mat)"/>.</param>
    public static void Draw(Mat image, IEnumerable<FaceEmotion> faces)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(faces);
        foreach (var face in faces)
        {
            var box = new Rect(face.Box.X, face.Box.Y, face.Box.Width, face.Box.Height);
            var thickness = Math.Max(1, Math.Min(image.Width, image.Height) / 250);
            Cv2.Rectangle(image, box, BoxColor, thickness);
            var text = $"{face.Prediction.Label} {face.Prediction.Confidence:P0}";
            var scale = Math.Max(0.4, face.Box.Width / 160.0);
            var size = Cv2.GetTextSize(text, HersheyFonts.HersheySimplex, scale, thickness, out var baseline);
            var top = Math.Max(0, box.Y - size.Height - baseline - 4);
            Cv2.Rectangle(image, new Rect(box.X, top, size.Width + 4, size.Height + baseline + 4), BoxColor, -1);
            Cv2.PutText(image, text, new Point(box.X + 2, top + size.Height + 2), HersheyFonts.HersheySimplex, scale, TextColor, thickness, LineTypes.AntiAlias);
        }
    }

    /// <summary>Encodes <paramref name="image"/> as PNG and writes it to <paramref name="path"/> through a temporary file beside it, so a failure never leaves a partial file.</summary>
    /// <param name="image">The image.</param>
    /// <param name="path">The destination; replaced when it exists.</param>
    /// <exception cref="DirectoryNotFoundException">The destination folder does not exist.</exception>
    public static void SavePng(Mat image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Cannot write '{full}': folder '{folder}' does not exist.");
        }

        if (image.Empty() || !Cv2.ImEncode(".png", image, out var png))
        {
            throw new ArgumentException("The image is empty or cannot be encoded as PNG.", nameof(image));
        }

        var temp = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            File.WriteAllBytes(temp, png);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
