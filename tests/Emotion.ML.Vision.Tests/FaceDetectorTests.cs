using OpenCvSharp;
using Xunit.Abstractions;

namespace Emotion.ML.Vision.Tests;

public sealed class FaceDetectorTests : IDisposable
{
    private readonly ITestOutputHelper output;
    private readonly string folder = Directory.CreateTempSubdirectory("emotion-vision-").FullName;

    public FaceDetectorTests(ITestOutputHelper output) => this.output = output;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Finds_the_one_face_in_a_real_photo()
    {
        using var detector = FaceDetector.Create();
        var faces = detector.Detect(VisionFixtures.Astronaut);
        output.WriteLine(string.Join("; ", faces));
        var face = Assert.Single(faces);
        // Eileen Collins' face in the 256x256 portrait: centred around (108, 60), about 55 pixels wide.
        Assert.InRange(face.X + (face.Width / 2), 90, 130);
        Assert.InRange(face.Y + (face.Height / 2), 40, 85);
        Assert.InRange(face.Width, 35, 90);
    }

    [Fact]
    public void Finds_fer_faces_placed_on_a_background_and_nothing_else()
    {
        using var collage = VisionFixtures.Collage(VisionFixtures.CollageFaces());
        using var detector = FaceDetector.Create();
        var faces = detector.Detect(collage);
        output.WriteLine(string.Join("; ", faces));
        Assert.Equal(VisionFixtures.CollagePlaces.Length, faces.Count);
        foreach (var place in VisionFixtures.CollagePlaces)
        {
            Assert.Contains(faces, f => f.IntersectionOverUnion(place) > 0.4);
        }
    }

    [Fact]
    public void A_blank_image_has_no_faces_and_bad_inputs_are_named()
    {
        using var detector = FaceDetector.Create();
        using var blank = new Mat(200, 200, MatType.CV_8UC3, new Scalar(128, 128, 128));
        Assert.Empty(detector.Detect(blank));

        using var empty = new Mat();
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => detector.Detect(empty)).Message);
        using var floats = new Mat(10, 10, MatType.CV_32FC1);
        Assert.Contains("8 bits", Assert.Throws<ArgumentException>(() => detector.Detect(floats)).Message);

        var notImage = Path.Combine(folder, "notes.png");
        File.WriteAllText(notImage, "not a picture");
        var error = Assert.Throws<InvalidDataException>(() => detector.Detect(notImage));
        Assert.Contains(notImage, error.Message);
        Assert.Contains("could not be decoded", error.Message);
        Assert.Throws<FileNotFoundException>(() => detector.Detect(Path.Combine(folder, "missing.jpg")));

        var badCascade = Path.Combine(folder, "cascade.xml");
        File.WriteAllText(badCascade, "<opencv_storage></opencv_storage>");
        Assert.Contains("could not read a cascade", Assert.Throws<InvalidDataException>(() => FaceDetector.Load(badCascade)).Message);
        Assert.Contains("ScaleFactor", Assert.Throws<ArgumentOutOfRangeException>(() => FaceDetector.Create(new FaceDetectorOptions { ScaleFactor = 1 })).Message);
    }

    [Fact]
    public void Rewrites_the_photo_fixture_when_asked()
    {
        // Debian's python3-skimage ships the original 512x512 PNG; the fixture is its 256x256 JPEG.
        var source = Environment.GetEnvironmentVariable("EMOTION_ML_ASTRONAUT_PNG");
        if (Environment.GetEnvironmentVariable("EMOTION_ML_WRITE_VISION_FIXTURE") != "1" || source is null)
        {
            Assert.True(File.Exists(VisionFixtures.Astronaut));
            return;
        }

        using var original = FaceImages.Read(source);
        Assert.Equal((512, 512), (original.Width, original.Height));
        using var small = new Mat();
        Cv2.Resize(original, small, new Size(256, 256), interpolation: InterpolationFlags.Area);
        Assert.True(Cv2.ImWrite(VisionFixtures.Astronaut, small, new ImageEncodingParam(ImwriteFlags.JpegQuality, 90)));
    }
}
