using System.Text.Json;
using Emotion.ML.Onnx;
using Emotion.ML.Testing;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Onnx;
using Emotion.ML.TorchSharp.Tests.Persistence;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace Emotion.ML.TorchSharp.Tests.Onnx;

/// <summary>
/// Trains the small pipeline behind <c>tests/Emotion.ML.Tests/Fixtures/carer-textcnn.onnx</c> (and
/// its model archive <c>carer-textcnn.zip</c>) and checks what the fixture claims: ONNX Runtime
/// gives the TorchSharp probabilities on its sentences. With <c>EMOTION_ML_WRITE_ONNX_FIXTURE=1</c>
/// it also rewrites the fixture files and their JSON.
/// </summary>
[Collection(SerialTorchCollection.Name)]
public sealed class OnnxFixtureTests : IDisposable
{
    public const string FixtureName = "carer-textcnn";

    /// <summary>Sentences that exercise the text path: case, emoji, emoticons, contractions, links, mentions, unknown words, truncation, empty text.</summary>
    public static readonly string[] Sentences =
    {
        "i feel so happy and grateful today",
        "I CAN'T believe how ANGRY I am right now!!",
        "im terrified of what tomorrow brings 😱",
        "she left and i feel so alone :(",
        "wow i did not expect that at all @friend http://example.com",
        "i adore you more than words can say <3",
        "zxqv blorptastic flimflam",
        "",
        "i was feeling a little uncertain about the whole thing because my friends kept telling me different stories about what happened at the party last weekend and nobody agreed",
        "Feeling #SoBlessed and loved",
    };

    private readonly ITestOutputHelper _output;
    private readonly string _folder = Directory.CreateTempSubdirectory("emotion-ml-fixture-").FullName;

    public OnnxFixtureTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_fixture_pipeline_scores_its_sentences_in_OnnxRuntime_as_in_TorchSharp()
    {
        var ml = new MLContext(seed: 1);
        var train = TestData.LoadCarer(ml, "train", 400);
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.NormalizeEmotionText("Clean", "Text"))
            .Append(ml.Transforms.Text.TokenizeToIds("Tokens", "Clean", maxLength: 24))
            .Append(ml.MulticlassClassification.Trainers.TextCnn(new TextCnnOptions
            {
                Filters = 8,
                KernelSizes = new[] { 3, 5 },
                DenseLayers = new DenseLayer[] { 8 },
                EmbeddingDimension = 8,
                MaxEpochs = 3,
                BatchSize = 32,
                Seed = 11,
                NumberOfThreads = 1,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(train);
        var onnxPath = Path.Combine(_folder, FixtureName + ".onnx");
        model.ExportToOnnx(onnxPath);
        var archivePath = Path.Combine(_folder, FixtureName + ".zip");
        ml.Model.SaveEmotionModel(model, train.Schema, archivePath);

        var input = ml.Data.LoadFromEnumerable(Sentences.Select(s => new TestData.Sentence { Text = s, Label = "joy" }));
        var scored = model.Transform(input);
        var torch = scored.GetColumn<float[]>("Score").ToArray();
        var tokens = scored.GetColumn<int[]>("Tokens").ToArray();
        using var classifier = OnnxTextClassifier.Load(onnxPath, new OnnxClassifierOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = 1 });
        var onnx = classifier.PredictBatch(Sentences);

        var difference = 0.0;
        for (var i = 0; i < Sentences.Length; i++)
        {
            Assert.Equal(tokens[i], classifier.Tokenize(Sentences[i]));
            difference = Math.Max(difference, torch[i].Zip(onnx[i].Scores, (t, o) => (double)Math.Abs(t - o)).Max());
        }

        var size = new FileInfo(onnxPath).Length;
        var archiveSize = new FileInfo(archivePath).Length;
        _output.WriteLine($"fixture model {size:N0} bytes, archive {archiveSize:N0} bytes; max abs difference ONNX Runtime vs TorchSharp {difference:E2}");
        Assert.InRange(difference, 0, 1e-5);
        Assert.InRange(size, 1, 500_000);
        Assert.InRange(archiveSize, 1, 500_000);

        var record = new FixtureRecord
        {
            ClassNames = classifier.ClassNames.ToArray(),
            Sentences = Sentences.Select((s, i) => new FixtureSentence { Text = s, TokenIds = tokens[i], Probabilities = torch[i] }).ToArray(),
        };
        var json = JsonSerializer.Serialize(record, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        if (Environment.GetEnvironmentVariable("EMOTION_ML_WRITE_ONNX_FIXTURE") == "1")
        {
            var fixtures = Path.Combine(TestData.Root, "tests", "Emotion.ML.Tests", "Fixtures");
            Directory.CreateDirectory(fixtures);
            File.Copy(onnxPath, Path.Combine(fixtures, FixtureName + ".onnx"), overwrite: true);
            File.Copy(archivePath, Path.Combine(fixtures, FixtureName + ".zip"), overwrite: true);
            File.WriteAllText(Path.Combine(fixtures, FixtureName + ".json"), json + "\n");
            _output.WriteLine($"fixture written to {fixtures}");
        }
    }

    private sealed class FixtureRecord
    {
        public string Source { get; set; } = "OnnxFixtureTests in tests/Emotion.ML.TorchSharp.Tests: 400 CARER training rows, TextCnn, TorchSharp probabilities at export";

        public string[] ClassNames { get; set; } = Array.Empty<string>();

        public FixtureSentence[] Sentences { get; set; } = Array.Empty<FixtureSentence>();
    }

    private sealed class FixtureSentence
    {
        public string Text { get; set; } = "";

        public int[] TokenIds { get; set; } = Array.Empty<int>();

        public float[] Probabilities { get; set; } = Array.Empty<float>();
    }
}
