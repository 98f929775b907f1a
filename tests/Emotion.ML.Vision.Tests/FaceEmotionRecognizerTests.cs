using Emotion.ML.Data;
using Emotion.ML.Onnx;
using OpenCvSharp;

namespace Emotion.ML.Vision.Tests;

/// <summary>Faces found, cropped and classified with the committed face model, and drawn onto PNGs.</summary>
public sealed class FaceEmotionRecognizerTests : IDisposable
{
    private static readonly OnnxClassifierOptions Cpu = new() { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = 1 };
    private readonly string folder = Directory.CreateTempSubdirectory("emotion-vision-recognize-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Every_face_of_the_collage_is_classified_like_its_crop()
    {
        var faces = VisionFixtures.CollageFaces();
        using var collage = VisionFixtures.Collage(faces);
        using var recognizer = FaceEmotionRecognizer.Load(VisionFixtures.FaceModelArchive, classifierOptions: Cpu);
        var found = recognizer.Recognize(collage);
        Assert.Equal(4, found.Count);
        Assert.All(found, f =>
        {
            Assert.Contains(f.Prediction.Label, Fer2013.ClassNames);
            Assert.Equal(1, f.Prediction.Scores.Sum(), 4);
        });

        // Each prediction is the classifier's on the same crop.
        using var classifier = OnnxImageClassifier.Load(VisionFixtures.FaceModelOnnx, Cpu);
        foreach (var face in found)
        {
            var expected = classifier.Predict(FaceImages.ToPixels(collage, face.Box));
            Assert.Equal(expected.Scores, face.Prediction.Scores);
        }

        using var onnxFile = FaceEmotionRecognizer.Load(VisionFixtures.FaceModelOnnx, classifierOptions: Cpu);
        Assert.Equal(found.Select(f => f.Prediction.Label), onnxFile.Recognize(collage).Select(f => f.Prediction.Label));
    }

    [Fact]
    public void Annotated_photos_are_written_atomically_as_png()
    {
        using var recognizer = FaceEmotionRecognizer.Load(VisionFixtures.FaceModelArchive, classifierOptions: Cpu);
        using var photo = FaceImages.Read(VisionFixtures.Astronaut);
        var faces = recognizer.Recognize(photo);
        var face = Assert.Single(faces);
        using var original = photo.Clone();
        FaceAnnotator.Draw(photo, faces);
        // The box's top-left corner now has the box colour.
        var corner = photo.At<Vec3b>(face.Box.Y + face.Box.Height - 1, face.Box.X);
        Assert.Equal((60, 200, 60), (corner.Item0, corner.Item1, corner.Item2));
        Assert.True(Cv2.Norm(photo, original, NormTypes.L1) > 0);

        var path = Path.Combine(folder, "annotated.png");
        FaceAnnotator.SavePng(photo, path);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4e, 0x47 }, File.ReadAllBytes(path)[..4]);
        using var written = FaceImages.Read(path);
        Assert.Equal(0, Cv2.Norm(written, photo, NormTypes.L1));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder));

        Assert.Throws<DirectoryNotFoundException>(() => FaceAnnotator.SavePng(photo, Path.Combine(folder, "missing", "x.png")));
        using var empty = new Mat();
        Assert.Throws<ArgumentException>(() => FaceAnnotator.SavePng(empty, Path.Combine(folder, "empty.png")));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder));
    }

    [Fact]
    public void A_text_model_is_refused_with_a_message_naming_the_file()
    {
        var text = Path.Combine(Path.GetDirectoryName(VisionFixtures.FaceModelOnnx)!, "carer-textcnn.onnx");
        var error = Assert.Throws<OnnxModelFormatException>(() => FaceEmotionRecognizer.Load(text));
        Assert.Contains("carer-textcnn.onnx", error.Message);
    }
}
