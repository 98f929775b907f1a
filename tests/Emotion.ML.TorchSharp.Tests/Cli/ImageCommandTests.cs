using System.Text.Json;
using Emotion.ML.Data;
using Emotion.ML.Testing;
using Emotion.ML.TorchSharp.Tests.Persistence;
using Emotion.ML.TorchSharp.Tests.Trainers;
using Emotion.ML.Vision;
using OpenCvSharp;
using static Emotion.ML.TorchSharp.Tests.Cli.Cli;

namespace Emotion.ML.TorchSharp.Tests.Cli;

/// <summary><c>emotion-ml train --model image-cnn</c>, then evaluate, predict, export-onnx and predict-image on the saved face model.</summary>
[Collection(SerialTorchCollection.Name)]
public sealed class ImageCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("emotion-cli-image-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string TrainSmallModel()
    {
        var options = Path.Combine(folder, "small.json");
        File.WriteAllText(options, """{ "BlockFilters": [8, 16], "ConvolutionsPerBlock": 1, "DenseLayers": [16], "BatchSize": 16, "Augmentation": { "RotationDegrees": 10 } }""");
        var model = Path.Combine(folder, "faces.zip");
        var (code, text, errors) = Run("train", "--model", "image-cnn", "--data", ImageSamples.FerSample, "--epochs", "2", "--options", options, "--threads", "2", "--out", model);
        Assert.True(code == 0, errors + text);
        Assert.Contains("56 48x48 images", text);
        Assert.Contains("validation on its 14 PublicTest rows", text);
        Assert.Contains("Test set (14 images, the PrivateTest rows of fer2013-sample.csv.gz)", text);
        return model;
    }

    /// <summary>Writes a 48x48 FER face as a PNG; the photo is the committed portrait.</summary>
    private (string Face, string Photo) WriteImages()
    {
        var faces = Fer2013.Read(ImageSamples.FerSample);
        var face = Path.Combine(folder, "face.png");
        using (var mat = new Mat(48, 48, MatType.CV_8UC1))
        {
            for (var p = 0; p < 2304; p++)
            {
                mat.Set(p / 48, p % 48, (byte)faces[0].Pixels[p]);
            }

            Cv2.ImWrite(face, mat);
        }

        // A real photo with one face (NASA portrait, public domain; see the Vision tests' Fixtures/README.md).
        var photo = Path.Combine(TestData.Root, "tests", "Emotion.ML.Vision.Tests", "Fixtures", "astronaut.jpg");
        return (face, photo);
    }

    [Fact]
    public void Train_evaluate_predict_export_and_predict_image_on_fer_faces()
    {
        var model = TrainSmallModel();
        var (code, json, errors) = Run("evaluate", "--model", model, "--data", ImageSamples.FerSample, "--usage", "PrivateTest", "--json");
        Assert.True(code == 0, errors);
        using (var report = JsonDocument.Parse(json))
        {
            Assert.Equal(14, report.RootElement.GetProperty("count").GetInt32());
            Assert.Equal(7, report.RootElement.GetProperty("perClass").EnumerateObject().Count());
        }

        (code, var lines, errors) = Run("predict", "--model", model, "--data", ImageSamples.FerSample, "--usage", "PublicTest", "--top", "2", "--json");
        Assert.True(code == 0, errors);
        var rows = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l)).ToArray();
        Assert.Equal(14, rows.Length);
        Assert.All(rows, r => Assert.Equal(2, r.RootElement.GetProperty("scores").EnumerateObject().Count()));
        Assert.Contains(rows[0].RootElement.GetProperty("label").GetString(), Fer2013.ClassNames);

        var (face, photo) = WriteImages();
        (code, lines, errors) = Run("predict", "--model", model, "--image", face, "--json");
        Assert.True(code == 0, errors);
        Assert.Equal("face.png", JsonDocument.Parse(lines.Trim()).RootElement.GetProperty("item").GetString());

        var onnx = Path.Combine(folder, "faces.onnx");
        (code, var exported, errors) = Run("export-onnx", "--model", model, "--out", onnx);
        Assert.True(code == 0, errors + exported);
        Assert.Contains("Parity check on 16 random images", exported);
        (code, json, errors) = Run("evaluate", "--model", onnx, "--data", ImageSamples.FerSample, "--usage", "PrivateTest", "--json");
        Assert.True(code == 0, errors);
        Assert.Equal(14, JsonDocument.Parse(json).RootElement.GetProperty("count").GetInt32());

        var annotated = Path.Combine(folder, "annotated.png");
        (code, lines, errors) = Run("predict-image", "--model", model, "--image", photo, "--out", annotated, "--json");
        Assert.True(code == 0, errors);
        var faces = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Single(faces);
        Assert.All(faces, f => Assert.Contains(f.GetProperty("label").GetString(), Fer2013.ClassNames));
        using var written = FaceImages.Read(annotated);
        Assert.Equal((256, 256), (written.Width, written.Height));
        using var original = FaceImages.Read(photo);
        Assert.True(Cv2.Norm(written, original, NormTypes.L1) > 0, "the annotated image has the boxes drawn on it");
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));

        (code, var table, errors) = Run("predict-image", "--model", onnx, "--image", photo);
        Assert.True(code == 0, errors);
        Assert.Contains("1 face in", table);
    }

    [Fact]
    public void Bad_image_inputs_fail_with_messages_naming_the_file_and_row()
    {
        var model = TrainSmallModel();
        var notImage = Path.Combine(folder, "notes.jpg");
        File.WriteAllText(notImage, "not an image");
        var (code, _, errors) = Run("predict", "--model", model, "--image", notImage);
        Assert.Equal(1, code);
        Assert.Contains($"Image file '{notImage}' could not be decoded", errors);

        (code, _, errors) = Run("predict-image", "--model", model, "--image", notImage);
        Assert.Equal(1, code);
        Assert.Contains("could not be decoded", errors);

        var badRows = Path.Combine(folder, "bad.csv");
        File.WriteAllLines(badRows, new[] { "emotion,pixels,Usage", $"3,{string.Join(' ', Enumerable.Repeat(9, 2304))},PrivateTest", $"3,{string.Join(' ', Enumerable.Repeat(9, 2000))},PrivateTest" });
        (code, _, errors) = Run("evaluate", "--model", model, "--data", badRows);
        Assert.Equal(1, code);
        Assert.Contains("line 3, column 'pixels': 2000 values; expected exactly 2304", errors);

        (code, _, errors) = Run("predict", "--model", model, "--text", "i am happy");
        Assert.Equal(1, code);
        Assert.Contains("classifies images", errors);

        (code, _, errors) = Run("train", "--model", "image-cnn", "--data", badRows, "--out", Path.Combine(folder, "x.zip"));
        Assert.Equal(1, code);
        Assert.Contains("line 3", errors);
        Assert.False(File.Exists(Path.Combine(folder, "x.zip")));
    }
}
