using System.Text.Json;
using Emotion.ML.Testing;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Onnx;
using Emotion.ML.TorchSharp.Tests.Persistence;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace Emotion.ML.TorchSharp.Tests.Onnx;

[Collection(SerialTorchCollection.Name)]
public sealed class TextClassifierOnnxExportTests : IDisposable
{
    private readonly ITestOutputHelper output;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "emotion-ml-onnx-" + Guid.NewGuid().ToString("N"));

    public TextClassifierOnnxExportTests(ITestOutputHelper output)
    {
        this.output = output;
        Directory.CreateDirectory(folder);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static IEstimator<ITransformer> Trainer(MLContext ml, string architecture) => architecture switch
    {
        "TextCnn" => ml.MulticlassClassification.Trainers.TextCnn(new TextCnnOptions
        {
            Filters = 16,
            DenseLayers = new DenseLayer[] { 16 },
            EmbeddingDimension = 16,
            MaxEpochs = 2,
            BatchSize = 64,
            Seed = 5,
            NumberOfThreads = 2,
        }),
        "BiLstm" => ml.MulticlassClassification.Trainers.Lstm(new LstmOptions
        {
            Bidirectional = true,
            Units = new[] { 12 },
            Pooling = SequencePooling.Max,
            DenseLayers = new DenseLayer[] { 8 },
            EmbeddingDimension = 12,
            MaxEpochs = 2,
            BatchSize = 64,
            Seed = 2,
            NumberOfThreads = 2,
        }),
        _ => ml.MulticlassClassification.Trainers.Gru(new GruOptions
        {
            Units = new[] { 10, 6 },
            Pooling = SequencePooling.FinalStates,
            DenseLayers = new DenseLayer[] { 8 },
            EmbeddingDimension = 12,
            MaxEpochs = 2,
            BatchSize = 64,
            Seed = 2,
            NumberOfThreads = 2,
        }),
    };

    /// <summary>A classifier trained on a few CARER rows, and the token ids of some test sentences.</summary>
    private static (TextClassificationTransformer Classifier, int[][] Tokens) Train(string architecture, int rows)
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.TokenizeToIds("Tokens", "Text"))
            .Append(Trainer(ml, architecture))
            .Fit(TestData.LoadCarer(ml, "train", rows));
        var tokens = model.Transform(TestData.LoadCarer(ml, "test", 60)).GetColumn<int[]>("Tokens").ToArray();
        return ((TextClassificationTransformer)model.LastTransformer, tokens);
    }

    [Theory]
    [InlineData("TextCnn")]
    [InlineData("BiLstm")]
    [InlineData("Gru")]
    public void A_trained_classifier_exports_its_class_names_vocabulary_and_probabilities(string architecture)
    {
        var (classifier, tokens) = Train(architecture, rows: 300);
        var path = Path.Combine(folder, "classifier.onnx");

        classifier.ExportToOnnx(path);

        Assert.Equal(new[] { path }, Directory.GetFiles(folder));
        using var session = OnnxParity.Session(File.ReadAllBytes(path));
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal(classifier.ClassNames, JsonSerializer.Deserialize<string[]>(metadata[OnnxExport.ClassNamesKey]));
        Assert.Equal(classifier.Vocabulary.Words, JsonSerializer.Deserialize<string[]>(metadata[OnnxExport.VocabularyKey]));
        Assert.Equal(OnnxExport.FormatVersion, metadata[OnnxExport.FormatVersionKey]);
        Assert.Equal(architecture == "TextCnn" ? "TextCnn" : "Recurrent", metadata[OnnxExport.ArchitectureKey]);

        var expected = classifier.PredictProbabilities(tokens).SelectMany(p => p).ToArray();
        var actual = OnnxParity.OnnxProbabilities(session, tokens, tokens.Max(t => t.Length) + 3);
        var difference = OnnxParity.MaxAbsDifference(expected, actual);
        output.WriteLine($"trained {architecture}: max abs difference {difference:E2} over {tokens.Length} sentences");
        Assert.InRange(difference, 0, OnnxParity.Tolerance);
    }

    [Fact]
    public void Exporting_to_a_missing_folder_names_it_and_writes_nothing()
    {
        var (classifier, _) = Train("TextCnn", rows: 100);
        var missing = Path.Combine(folder, "missing");

        var error = Assert.Throws<DirectoryNotFoundException>(() => classifier.ExportToOnnx(Path.Combine(missing, "model.onnx")));

        Assert.Contains(missing, error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void Exporting_over_an_existing_file_replaces_it()
    {
        var (classifier, _) = Train("TextCnn", rows: 100);
        var path = Path.Combine(folder, "model.onnx");
        File.WriteAllText(path, "old");

        classifier.ExportToOnnx(path);

        Assert.Equal(new[] { path }, Directory.GetFiles(folder));
        using var stream = new MemoryStream();
        classifier.ExportToOnnx(stream);
        Assert.Equal(stream.ToArray(), File.ReadAllBytes(path));
    }
}
