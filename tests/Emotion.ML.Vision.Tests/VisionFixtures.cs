using Emotion.ML.Data;
using Emotion.ML.Testing;
using OpenCvSharp;

namespace Emotion.ML.Vision.Tests;

/// <summary>The images the Vision tests read: a real photo, FER faces placed on a background, and the committed face model.</summary>
internal static class VisionFixtures
{
    /// <summary>
    /// NASA's portrait of astronaut Eileen Collins (public domain, from scikit-image's sample data in
    /// Debian's python3-skimage), downscaled to 256x256: see Fixtures/README.md.
    /// </summary>
    public static string Astronaut { get; } = Path.Combine(TestData.Root, "tests", "Emotion.ML.Vision.Tests", "Fixtures", "astronaut.jpg");

    /// <summary>The small face model exported by the TorchSharp tests (an Emotion.ML archive holding its ONNX form).</summary>
    public static string FaceModelArchive { get; } = Path.Combine(TestData.Root, "tests", "Emotion.ML.Tests", "Fixtures", "fer-imagecnn.zip");

    /// <summary>The same model as an .onnx file.</summary>
    public static string FaceModelOnnx { get; } = Path.ChangeExtension(FaceModelArchive, ".onnx");

    /// <summary>Where <see cref="Collage"/> puts each face: 120x120 pixels, well apart.</summary>
    public static readonly FaceBox[] CollagePlaces =
    {
        new(40, 50, 120, 120),
        new(250, 40, 120, 120),
        new(470, 70, 120, 120),
        new(150, 250, 120, 120),
    };

    /// <summary>
    /// A 640x420 color image: a smooth gradient with mild noise, and FER2013 sample faces (48x48,
    /// upscaled to 120x120 with bicubic interpolation) at <see cref="CollagePlaces"/>.
    /// </summary>
    public static Mat Collage(IReadOnlyList<FaceImageExample> faces)
    {
        var random = new Random(4);
        var gray = new Mat(420, 640, MatType.CV_8UC1);
        for (var y = 0; y < gray.Rows; y++)
        {
            for (var x = 0; x < gray.Cols; x++)
            {
                gray.Set(y, x, (byte)Math.Clamp(90 + (x / 8) - (y / 10) + random.Next(-6, 7), 0, 255));
            }
        }

        for (var i = 0; i < CollagePlaces.Length; i++)
        {
            using var face = new Mat(48, 48, MatType.CV_8UC1);
            for (var p = 0; p < 48 * 48; p++)
            {
                face.Set(p / 48, p % 48, (byte)faces[i].Pixels[p]);
            }

            var place = CollagePlaces[i];
            using var large = new Mat();
            Cv2.Resize(face, large, new Size(place.Width, place.Height), interpolation: InterpolationFlags.Cubic);
            large.CopyTo(new Mat(gray, new Rect(place.X, place.Y, place.Width, place.Height)));
        }

        var color = new Mat();
        Cv2.CvtColor(gray, color, ColorConversionCodes.GRAY2BGR);
        gray.Dispose();
        return color;
    }

    /// <summary>
    /// Four FER sample faces for <see cref="Collage"/> (happy, fear, neutral, angry). FER crops are tight
    /// (chin and forehead often cut off), so the frontal-face cascade finds only about 40% of them; these
    /// four were picked once, among the faces it finds, as a set it finds together.
    /// </summary>
    public static IReadOnlyList<FaceImageExample> CollageFaces()
    {
        var faces = FerFaces();
        return new[] { faces[12], faces[25], faces[39], faces[43] };
    }

    /// <summary>The FER sample's faces.</summary>
    public static IReadOnlyList<FaceImageExample> FerFaces() => Fer2013.Read(TestData.File("fer2013-sample/fer2013-sample.csv.gz"));
}
