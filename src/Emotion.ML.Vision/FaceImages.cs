using Emotion.ML.Data;
using OpenCvSharp;

namespace Emotion.ML.Vision;

/// <summary>
/// Turns image files and face regions into the pixel vectors image classifiers read: grayscale,
/// resized to the model's size (48x48 for FER2013 models) with area averaging, values 0..255,
/// row-major (top row first), as in FER2013's <c>pixels</c> column.
/// </summary>
public static class FaceImages
{
    private static readonly string[] ImageExtensions = { ".png", ".jpg", ".jpeg", ".bmp", ".pgm", ".ppm", ".tif", ".tiff", ".webp" };

    /// <summary>Reads an image file in color (BGR, 8 bits per channel).</summary>
    /// <param name="path">A PNG, JPEG, BMP or other file OpenCV decodes.</param>
    /// <returns>The image; the caller disposes it.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty, damaged or not an image format OpenCV decodes.</exception>
    public static Mat Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Image file '{path}' does not exist.", path);
        }

        // Decoding from bytes avoids OpenCV's path handling and reports damaged files the same way.
        var image = Cv2.ImDecode(File.ReadAllBytes(path), ImreadModes.Color);
        if (image.Empty())
        {
            image.Dispose();
            throw new InvalidDataException($"Image file '{path}' could not be decoded: it is empty, damaged or not an image format OpenCV reads (PNG, JPEG, BMP, TIFF, WebP, PGM/PPM).");
        }

        return image;
    }

    /// <summary>
    /// The grayscale pixels of <paramref name="image"/> (or of its <paramref name="face"/> region, clipped to
    /// the image), resized to <paramref name="width"/> x <paramref name="height"/>: values 0..255, row-major.
    /// </summary>
    /// <param name="image">A color or grayscale 8-bit image.</param>
    /// <param name="face">The region to crop; null takes the whole image.</param>
    /// <param name="width">Output width. Default 48.</param>
    /// <param name="height">Output height. Default 48.</param>
    /// <exception cref="ArgumentException">The image is empty or of an unsupported type, or the region lies outside it.</exception>
    public static float[] ToPixels(Mat image, FaceBox? face = null, int width = Fer2013.Width, int height = Fer2013.Height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        using var gray = ToGray(image, nameof(image));
        var region = new Rect(0, 0, gray.Width, gray.Height);
        if (face is { } box)
        {
            region = new Rect(box.X, box.Y, box.Width, box.Height) & region;
            if (region.Width < 1 || region.Height < 1)
            {
                throw new ArgumentException($"The face box {box} lies outside the {gray.Width}x{gray.Height} image.", nameof(face));
            }
        }

        using var crop = new Mat(gray, region);
        using var resized = new Mat();
        var shrinking = region.Width >= width && region.Height >= height;
        Cv2.Resize(crop, resized, new Size(width, height), interpolation: shrinking ? InterpolationFlags.Area : InterpolationFlags.Linear);
        var bytes = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bytes[(y * width) + x] = resized.At<byte>(y, x);
            }
        }

        return bytes.Select(b => (float)b).ToArray();
    }

    /// <summary>An image file as classifier pixels: read, converted to grayscale and resized (see <see cref="ToPixels"/>).</summary>
    /// <param name="path">The image file; a face crop is expected (use <see cref="FaceEmotionRecognizer"/> for photos).</param>
    /// <param name="width">Output width. Default 48.</param>
    /// <param name="height">Output height. Default 48.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an image OpenCV can decode.</exception>
    public static float[] LoadPixels(string path, int width = Fer2013.Width, int height = Fer2013.Height)
    {
        using var image = Read(path);
        return ToPixels(image, null, width, height);
    }

    /// <summary>
    /// Reads a folder of labelled face images, one subfolder per class (<c>train/happy/1.png</c>, as the
    /// image-folder release of FER2013 is laid out), as rows for <c>ImageCnn</c>: the subfolder name is the
    /// label, every image is converted with <see cref="LoadPixels"/>, <c>Usage</c> is empty. Files are read in
    /// ordinal name order; files without an image extension are skipped.
    /// </summary>
    /// <param name="folder">The folder holding one subfolder per class.</param>
    /// <param name="width">Image width. Default 48.</param>
    /// <param name="height">Image height. Default 48.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">An image cannot be decoded (the message names it) or the folder holds no images.</exception>
    public static IReadOnlyList<FaceImageExample> ReadFolder(string folder, int width = Fer2013.Width, int height = Fer2013.Height)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Image folder '{folder}' does not exist.");
        }

        var rows = new List<FaceImageExample>();
        foreach (var classFolder in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            var label = Path.GetFileName(classFolder);
            foreach (var file in Directory.GetFiles(classFolder).Order(StringComparer.Ordinal))
            {
                if (ImageExtensions.Contains(Path.GetExtension(file).ToLowerInvariant()))
                {
                    rows.Add(new FaceImageExample { Label = label, Pixels = LoadPixels(file, width, height) });
                }
            }
        }

        return rows.Count > 0 ? rows : throw new InvalidDataException($"Image folder '{folder}' holds no images in class subfolders (expected e.g. '{Path.Combine(folder, "happy", "1.png")}').");
    }

    /// <summary>A new 8-bit single-channel copy of <paramref name="image"/>.</summary>
    internal static Mat ToGray(Mat image, string argument)
    {
        if (image.Empty())
        {
            throw new ArgumentException("The image is empty.", argument);
        }

        if (image.Depth() != MatType.CV_8U)
        {
            throw new ArgumentException($"The image has pixel depth {image.Depth()}; expected 8 bits per channel.", argument);
        }

        var gray = new Mat();
        switch (image.Channels())
        {
            case 1:
                image.CopyTo(gray);
                break;
            case 3:
                Cv2.CvtColor(image, gray, ColorConversionCodes.BGR2GRAY);
                break;
            case 4:
                Cv2.CvtColor(image, gray, ColorConversionCodes.BGRA2GRAY);
                break;
            default:
                gray.Dispose();
                throw new ArgumentException($"The image has {image.Channels()} channels; expected 1 (gray), 3 (BGR) or 4 (BGRA).", argument);
        }

        return gray;
    }
}
