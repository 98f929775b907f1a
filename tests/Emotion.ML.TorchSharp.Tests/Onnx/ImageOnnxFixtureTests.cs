using System.Text.Json;
using Emotion.ML.Data;
using Emotion.ML.Onnx;
using Emotion.ML.Testing;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Tests.Persistence;
using Emotion.ML.TorchSharp.Tests.Trainers;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Xunit.Abstractions;

namespace Emotion.ML.TorchSharp.Tests.Onnx;

/// <summary>
/// Trains the small face model behind <c>tests/Emotion.ML.Tests/Fixtures/fer-imagecnn.onnx</c> (and its
/// archive <c>fer-imagecnn.zip</c>, which the Emotion.ML and Emotion.ML.Vision tests load without
/// TorchSharp) and checks what the fixture claims: ONNX Runtime gives the TorchSharp probabilities on
/// the FER sample's test faces. With <c>EMOTION_ML_WRITE_ONNX_FIXTURE=1</c> it rewrites the fixture files.
/// </summary>
[Collection(SerialTorchCollection.Name)]
public sealed class ImageOnnxFixtureTests : IDisposable
{
    public const string FixtureName = "fer-imagecnn";

    private readonly ITestOutputHelper _output;
    private readonly string _folder = Directory.CreateTempSubdirectory("emotion-ml-image-fixture-").FullName;

    public ImageOnnxFixtureTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_fixture_face_model_scores_its_faces_in_OnnxRuntime_as_in_TorchSharp()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(ImageSamples.Fer(Fer2013.Training));
        var model = ml.Transforms.Conversion.MapValueToKey("Label", keyData: Fer2013.ClassNameData(ml))
            .Append(ml.MulticlassClassification.Trainers.ImageCnn(new ImageCnnOptions
            {
                BlockFilters = new[] { 8, 16, 16 },
                ConvolutionsPerBlock = 1,
                BlockDropout = 0,
                DenseLayers = new DenseLayer[] { 16 },
                MaxEpochs = 4,
                BatchSize = 16,
                ValidationFraction = 0,
                EarlyStoppingPatience = 0,
                Seed = 11,
                NumberOfThreads = 1,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(train);
        var classifier = ImageSamples.Classifier(model);
        var onnxPath = Path.Combine(_folder, FixtureName + ".onnx");
        classifier.ExportToOnnx(onnxPath);
        var archivePath = Path.Combine(_folder, FixtureName + ".zip");
        ml.Model.SaveEmotionModel(model, train.Schema, archivePath);

        var faces = ImageSamples.Fer(Fer2013.PrivateTest);
        var torch = classifier.PredictProbabilities(faces.Select(f => f.Pixels).ToArray());
        using var onnx = OnnxImageClassifier.Load(onnxPath, new OnnxClassifierOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = 1 });
        var scored = onnx.PredictProbabilities(faces.Select(f => f.Pixels).ToArray());
        var difference = torch.Zip(scored, (t, o) => t.Zip(o, (a, b) => (double)Math.Abs(a - b)).Max()).Max();
        var size = new FileInfo(onnxPath).Length;
        var archiveSize = new FileInfo(archivePath).Length;
        _output.WriteLine($"fixture model {size:N0} bytes, archive {archiveSize:N0} bytes; max abs difference ONNX Runtime vs TorchSharp {difference:E2}");
        Assert.InRange(difference, 0, 1e-5);
        Assert.InRange(size, 1, 300_000);
        Assert.InRange(archiveSize, 1, 600_000);
        Assert.Equal(Fer2013.ClassNames, onnx.ClassNames);

        var record = new FixtureRecord
        {
            ClassNames = onnx.ClassNames.ToArray(),
            Faces = faces.Select((f, i) => new FixtureFace { Label = f.Label, Row = i, Probabilities = torch[i] }).ToArray(),
        };
        if (Environment.GetEnvironmentVariable("EMOTION_ML_WRITE_ONNX_FIXTURE") == "1")
        {
            var fixtures = Path.Combine(TestData.Root, "tests", "Emotion.ML.Tests", "Fixtures");
            File.Copy(onnxPath, Path.Combine(fixtures, FixtureName + ".onnx"), overwrite: true);
            File.Copy(archivePath, Path.Combine(fixtures, FixtureName + ".zip"), overwrite: true);
            var json = JsonSerializer.Serialize(record, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
            File.WriteAllText(Path.Combine(fixtures, FixtureName + ".json"), json + "\n");
            _output.WriteLine($"fixture written to {fixtures}");
        }
    }

    private sealed class FixtureRecord
    {
        public string Source { get; set; } = "ImageOnnxFixtureTests in tests/Emotion.ML.TorchSharp.Tests: the 56 Training faces of data/fer2013-sample, ImageCnn (8, 16, 16 filters, Dense 16), 4 epochs; TorchSharp probabilities of the 14 PrivateTest faces at export";

        public string[] ClassNames { get; set; } = Array.Empty<string>();

        public FixtureFace[] Faces { get; set; } = Array.Empty<FixtureFace>();
    }

    private sealed class FixtureFace
    {
        /// <summary>The face's index among the sample's PrivateTest rows.</summary>
        public int Row { get; set; }

        public string Label { get; set; } = "";

        public float[] Probabilities { get; set; } = Array.Empty<float>();
    }
}
