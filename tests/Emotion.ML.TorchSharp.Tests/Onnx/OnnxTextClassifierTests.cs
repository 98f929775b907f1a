using System.IO.Compression;
using System.Text.Json.Nodes;
using Emotion.ML.Onnx;
using Emotion.ML.Persistence;
using Emotion.ML.TorchSharp.Onnx;
using TorchSharp;
using Emotion.ML.TorchSharp.Tests.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace Emotion.ML.TorchSharp.Tests.Onnx;

/// <summary>
/// Whole pipelines exported to ONNX and scored from raw text by <see cref="OnnxTextClassifier"/>,
/// against the TorchSharp pipeline on the same test rows.
/// </summary>
[Collection(SerialTorchCollection.Name)]
public sealed class OnnxTextClassifierTests : IClassFixture<ClassifierArchiveModels>, IDisposable
{
    private readonly ClassifierArchiveModels _models;
    private readonly ITestOutputHelper _output;
    private readonly string _folder = Directory.CreateTempSubdirectory("emotion-ml-onnx-").FullName;

    public OnnxTextClassifierTests(ClassifierArchiveModels models, ITestOutputHelper output)
    {
        _models = models;
        _output = output;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Networks => new() { "TextCnn", "BiLstm", "Gru", "SimpleRnn", "KimCnn", "CnnBiLstm" };

    private ITransformer Model(string network) => network switch
    {
        "TextCnn" => _models.TextCnn,
        "BiLstm" => _models.BiLstm,
        "Gru" => _models.Gru,
        "KimCnn" => _models.KimCnn,
        "CnnBiLstm" => _models.CnnBiLstm,
        _ => _models.SimpleRnn,
    };

    private string[] TestTexts() => _models.Test.GetColumn<string>("Text").ToArray();

    private static double MaxDifference(float[][] expected, IReadOnlyList<IReadOnlyList<float>> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        double max = 0;
        for (var r = 0; r < expected.Length; r++)
        {
            Assert.Equal(expected[r].Length, actual[r].Count);
            for (var c = 0; c < expected[r].Length; c++)
            {
                max = Math.Max(max, Math.Abs(expected[r][c] - actual[r][c]));
            }
        }

        return max;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void An_exported_pipeline_scores_raw_text_like_the_TorchSharp_pipeline(string network)
    {
        var model = Model(network);
        var path = Path.Combine(_folder, network + ".onnx");

        model.ExportToOnnx(path);
        using var classifier = OnnxTextClassifier.Load(path, new OnnxClassifierOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = 1 });

        var expected = ClassifierArchiveModels.Scores(model, _models.Test);
        var batch = classifier.PredictBatch(TestTexts());
        var streamed = classifier.Predict(TestTexts(), batchSize: 7).ToArray();
        var difference = MaxDifference(expected, batch.Select(p => p.Scores).ToArray());
        var streamedDifference = MaxDifference(expected, streamed.Select(p => p.Scores).ToArray());
        _output.WriteLine($"{network}: max abs difference {difference:E2} (one batch of {expected.Length}), {streamedDifference:E2} (batches of 7)");
        Assert.InRange(difference, 0, OnnxParity.Tolerance);
        Assert.InRange(streamedDifference, 0, OnnxParity.Tolerance);
        var labels = model.Transform(_models.Test).GetColumn<string>("PredictedLabel").ToArray();
        Assert.Equal(labels, batch.Select(p => p.Label));
        Assert.Equal(ClassifierArchiveModels.Classifier(model).ClassNames, classifier.ClassNames);
        Assert.Equal(OnnxExecutionProvider.Cpu, classifier.ExecutionProvider);
    }

    [Theory]
    [InlineData("TextCnn")]
    [InlineData("Gru")]
    public void Int8_embeddings_shrink_the_file_and_stay_within_the_quantization_error(string network)
    {
        var model = Model(network);
        var full = Path.Combine(_folder, network + "-fp32.onnx");
        var small = Path.Combine(_folder, network + "-int8.onnx");
        model.ExportToOnnx(full);
        model.ExportToOnnx(small, new OnnxExportOptions { QuantizeEmbeddings = true });

        var classifier = ClassifierArchiveModels.Classifier(model);
        using var table = classifier.Network.parameters().First(p => p.shape.Length == 2 && p.shape[0] == classifier.Vocabulary.Count).detach().cpu();
        var tableBytes = table.numel() * sizeof(float);

        // The table's 4 bytes per value become 1, plus one float scale per row.
        var expectedSaving = tableBytes - (table.numel() + (table.shape[0] * sizeof(float)));
        Assert.InRange(new FileInfo(full).Length - new FileInfo(small).Length, expectedSaving - 1024, expectedSaving + 1024);

        var cpu = new OnnxClassifierOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = 1 };
        using var reference = OnnxTextClassifier.Load(full, cpu);
        using var quantized = OnnxTextClassifier.Load(small, cpu);
        var expected = reference.PredictBatch(TestTexts()).Select(p => p.Scores.ToArray()).ToArray();
        var actual = quantized.PredictBatch(TestTexts());
        var difference = MaxDifference(expected, actual.Select(p => p.Scores).ToArray());
        _output.WriteLine($"{network}: int8 embeddings, {new FileInfo(full).Length:N0} -> {new FileInfo(small).Length:N0} bytes, max abs probability difference {difference:E2}");
        Assert.InRange(difference, 1e-7, 0.05);
        var agreement = expected.Zip(actual, (e, a) => Array.IndexOf(e, e.Max()) == a.LabelIndex).Count(same => same) / (double)expected.Length;
        Assert.InRange(agreement, 0.95, 1.0);
    }

    [Fact]
    public void The_exported_text_pipeline_tokenizes_like_the_fitted_pipeline()
    {
        var model = _models.KimCnn;
        var path = Path.Combine(_folder, "kim.onnx");
        model.ExportToOnnx(path);
        using var classifier = OnnxTextClassifier.Load(path);

        var expected = model.Transform(_models.Test).GetColumn<int[]>("Tokens").ToArray();
        var actual = TestTexts().Select(classifier.Tokenize).ToArray();

        Assert.Equal(expected, actual);
        var text = classifier.TextPreprocessing;
        Assert.NotNull(text);
        Assert.NotNull(text.Normalizer);
        Assert.Equal("Text", text.TextColumnName);
        Assert.Equal(ClassifierArchiveModels.Classifier(model).Vocabulary.Count, classifier.VocabularySize);
        Assert.Equal("TextCnn", classifier.Architecture);
    }

    [Fact]
    public void A_classifier_exported_alone_has_no_text_pipeline_and_splits_on_white_space()
    {
        var classifierOnly = ClassifierArchiveModels.Classifier(_models.TextCnn);
        var path = Path.Combine(_folder, "alone.onnx");
        classifierOnly.ExportToOnnx(path);

        using var classifier = OnnxTextClassifier.Load(path);

        Assert.Null(classifier.TextPreprocessing);
        Assert.Equal(new[] { classifierOnly.Vocabulary.GetId("i"), 1 }, classifier.Tokenize("i I"));
    }

    [Theory]
    [InlineData("TextCnn")]
    [InlineData("CnnBiLstm")]
    public void The_onnx_form_inside_a_saved_archive_loads_without_TorchSharp_and_scores_alike(string network)
    {
        var model = Model(network);
        var path = Path.Combine(_folder, network + ".zip");
        _models.Ml.Model.SaveEmotionModel(model, _models.Train.Schema, path);

        using var classifier = OnnxTextClassifier.LoadFromArchive(path);

        var difference = MaxDifference(ClassifierArchiveModels.Scores(model, _models.Test), classifier.PredictBatch(TestTexts()).Select(p => p.Scores).ToArray());
        _output.WriteLine($"{network} archive: max abs difference {difference:E2}");
        Assert.InRange(difference, 0, OnnxParity.Tolerance);
        Assert.NotNull(classifier.TextPreprocessing?.Normalizer);
        Assert.Contains("model.onnx", classifier.Source);
    }

    [Fact]
    public void An_archive_saved_without_the_onnx_entry_still_loads_and_LoadFromArchive_says_what_is_missing()
    {
        var bytes = _models.Save(_models.Gru);
        var path = Path.Combine(_folder, "old.zip");
        using (var zip = new ZipArchive(new MemoryStream(bytes.ToArray()), ZipArchiveMode.Read))
        using (var output = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
        {
            // The archive as the previous version wrote it: no model.onnx, not listed in the manifest.
            foreach (var entry in zip.Entries.Where(e => !e.FullName.EndsWith("/model.onnx", StringComparison.Ordinal)))
            {
                using var source = entry.Open();
                using var target = output.CreateEntry(entry.FullName).Open();
                if (entry.FullName == "manifest.json")
                {
                    var manifest = JsonNode.Parse(source)!;
                    foreach (var step in manifest["steps"]!.AsArray())
                    {
                        var entries = step!["entries"]!.AsArray();
                        foreach (var onnx in entries.Where(e => ((string)e!).EndsWith("/model.onnx", StringComparison.Ordinal)).ToArray())
                        {
                            entries.Remove(onnx);
                        }
                    }

                    using var writer = new StreamWriter(target);
                    writer.Write(manifest.ToJsonString());
                }
                else
                {
                    source.CopyTo(target);
                }
            }
        }

        var loaded = _models.Ml.Model.LoadEmotionModel(path, out _);
        Assert.Equal(ClassifierArchiveModels.Scores(_models.Gru, _models.Test), ClassifierArchiveModels.Scores(loaded, _models.Test));
        var error = Assert.Throws<EmotionModelFormatException>(() => OnnxTextClassifier.LoadFromArchive(path));
        Assert.Contains("old.zip", error.Message);
        Assert.Contains("no ONNX form", error.Message);
    }

    [Fact]
    public void Predictions_from_many_threads_equal_the_sequential_ones()
    {
        var path = Path.Combine(_folder, "threads.onnx");
        _models.BiLstm.ExportToOnnx(path);
        using var classifier = OnnxTextClassifier.Load(path, new OnnxClassifierOptions { IntraOpNumThreads = 1 });
        var texts = TestTexts();
        var expected = texts.Select(t => classifier.Predict(t).Scores.ToArray()).ToArray();
        var expectedPairs = texts.Select((t, r) => classifier.PredictBatch(new[] { t, texts[(r + 1) % texts.Length] })[1].Scores.ToArray()).ToArray();

        var actual = new float[texts.Length][];
        var actualPairs = new float[texts.Length][];
        Parallel.For(0, texts.Length * 2, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var row = i % texts.Length;
            if (i < texts.Length)
            {
                actual[row] = classifier.Predict(texts[row]).Scores.ToArray();
            }
            else
            {
                actualPairs[row] = classifier.PredictBatch(new[] { texts[row], texts[(row + 1) % texts.Length] })[1].Scores.ToArray();
            }
        });

        Assert.Equal(expected, actual);
        Assert.Equal(expectedPairs, actualPairs);
    }

    [Fact]
    public void A_pipeline_without_a_classifier_cannot_be_exported()
    {
        var tokensOnly = _models.Ml.Transforms.Text.TokenizeToIds("Tokens", "Text").Fit(_models.Train);

        var error = Assert.Throws<NotSupportedException>(() => tokensOnly.ExportToOnnx(Path.Combine(_folder, "none.onnx")));

        Assert.Contains("no TorchSharp text classifier", error.Message);
        Assert.Empty(Directory.GetFiles(_folder));
    }
}
