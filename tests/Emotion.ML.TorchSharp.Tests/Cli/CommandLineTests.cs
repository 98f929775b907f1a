using Emotion.ML.Testing;
using System.Text.Json;

namespace Emotion.ML.TorchSharp.Tests.Cli;

/// <summary>The emotion-ml commands end to end: train saves a model that evaluate and predict load.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("emotion-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);


    /// <summary>Every <paramref name="step"/>-th row of a CARER split, so each emotion appears.</summary>
    private string Slice(string split, int step)
    {
        var lines = File.ReadAllLines(TestData.Carer(split));
        var path = Path.Combine(folder, split + ".tsv");
        File.WriteAllLines(path, lines.Take(1).Concat(lines.Skip(1).Where((_, i) => i % step == 0)));
        return path;
    }

    private static (int Code, string Output, string Errors) Run(params string[] args) => Cli.Run(args);

    [Fact]
    public void Train_then_evaluate_and_predict_through_the_saved_model()
    {
        var options = Path.Combine(folder, "small.json");
        File.WriteAllText(options, """{ "Filters": 16, "DenseLayers": [16], "EmbeddingDimension": 16, "BatchSize": 64 }""");
        var model = Path.Combine(folder, "model.zip");
        var (code, _, errors) = Run("train", "--data", Slice("train", 20), "--model", "textcnn", "--epochs", "1", "--options", options, "--threads", "2", "--out", model);
        Assert.True(code == 0, errors);
        Assert.True(File.Exists(model));

        (code, var json, _) = Run("evaluate", "--model", model, "--data", Slice("test", 10), "--json");
        Assert.Equal(0, code);
        using var report = JsonDocument.Parse(json);
        Assert.Equal(200, report.RootElement.GetProperty("count").GetInt32());
        Assert.InRange(report.RootElement.GetProperty("accuracy").GetDouble(), 0, 1);
        foreach (var name in new[] { "macroF1", "weightedF1", "perClass", "confusion" })
        {
            Assert.True(report.RootElement.TryGetProperty(name, out _), name);
        }

        Assert.Equal(6, report.RootElement.GetProperty("perClass").EnumerateObject().Count());

        (code, var lines, _) = Run("predict", "--model", model, "--text", "i feel wonderful today", "--top", "3", "--json");
        Assert.Equal(0, code);
        using var prediction = JsonDocument.Parse(lines.Trim());
        Assert.Equal(3, prediction.RootElement.GetProperty("scores").EnumerateObject().Count());
        Assert.Equal("i feel wonderful today", prediction.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public void Export_onnx_then_predict_and_evaluate_through_onnx_runtime()
    {
        var options = Path.Combine(folder, "small.json");
        File.WriteAllText(options, """{ "Units": [8], "Bidirectional": true, "DenseLayers": [8], "EmbeddingDimension": 12, "BatchSize": 64 }""");
        var model = Path.Combine(folder, "model.zip");
        var (code, _, errors) = Run("train", "--data", Slice("train", 20), "--model", "gru", "--epochs", "1", "--options", options, "--threads", "2", "--out", model);
        Assert.True(code == 0, errors);

        var onnx = Path.Combine(folder, "model.onnx");
        (code, var exported, errors) = Run("export-onnx", "--model", model, "--out", onnx);
        Assert.True(code == 0, errors);
        Assert.Contains($"({new FileInfo(onnx).Length:N0} bytes", exported);
        Assert.Contains("Parity check on 7 sample sentences", exported);

        var test = Slice("test", 10);
        (code, var archiveJson, _) = Run("evaluate", "--model", model, "--data", test, "--json");
        Assert.Equal(0, code);
        (code, var onnxJson, errors) = Run("evaluate", "--model", onnx, "--data", test, "--json");
        Assert.True(code == 0, errors);
        (code, var archiveOnnxJson, errors) = Run("evaluate", "--model", model, "--onnx", "--data", test, "--json");
        Assert.True(code == 0, errors);
        using var archiveReport = JsonDocument.Parse(archiveJson);
        foreach (var report in new[] { onnxJson, archiveOnnxJson })
        {
            using var document = JsonDocument.Parse(report);
            Assert.Equal(200, document.RootElement.GetProperty("count").GetInt32());
            Assert.Equal(archiveReport.RootElement.GetProperty("accuracy").GetDouble(), document.RootElement.GetProperty("accuracy").GetDouble(), 6);
            Assert.Equal(archiveReport.RootElement.GetProperty("macroF1").GetDouble(), document.RootElement.GetProperty("macroF1").GetDouble(), 6);
        }

        (code, var archiveLine, _) = Run("predict", "--model", model, "--text", "I can't stop smiling today!", "--top", "6", "--json");
        Assert.Equal(0, code);
        (code, var onnxLine, errors) = Run("predict", "--model", onnx, "--text", "I can't stop smiling today!", "--top", "6", "--json");
        Assert.True(code == 0, errors);
        Assert.Contains("running on the CPU", errors);
        using var expected = JsonDocument.Parse(archiveLine.Trim());
        using var actual = JsonDocument.Parse(onnxLine.Trim());
        Assert.Equal(expected.RootElement.GetProperty("label").GetString(), actual.RootElement.GetProperty("label").GetString());
        foreach (var score in expected.RootElement.GetProperty("scores").EnumerateObject())
        {
            Assert.Equal(score.Value.GetDouble(), actual.RootElement.GetProperty("scores").GetProperty(score.Name).GetDouble(), 4);
        }
    }

    [Fact]
    public void Embedding_words_get_token_ids_and_export_can_store_them_as_int8()
    {
        // A tiny embedding file: two words CARER's training slice has and two it lacks.
        var embeddings = Path.Combine(folder, "tiny.txt");
        var random = new Random(3);
        File.WriteAllLines(embeddings, new[] { "feel", "happy", "astonished", "livid" }
            .Select(w => w + " " + string.Join(' ', Enumerable.Range(0, 12).Select(_ => (random.NextDouble() - 0.5).ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))));
        var options = Path.Combine(folder, "small.json");
        File.WriteAllText(options, """{ "Units": [8], "DenseLayers": [], "BatchSize": 64 }""");
        var model = Path.Combine(folder, "model.zip");
        var (code, _, errors) = Run("train", "--data", Slice("train", 40), "--model", "gru", "--epochs", "1", "--options", options, "--embeddings", embeddings, "--embedding-words", "--threads", "2", "--out", model);
        Assert.True(code == 0, errors);

        var onnx = Path.Combine(folder, "model.onnx");
        (code, var exported, errors) = Run("export-onnx", "--model", model, "--out", onnx, "--int8-embeddings");
        Assert.True(code == 0, errors);
        Assert.Contains("tolerance 0.05", exported);
        using var classifier = Emotion.ML.Onnx.OnnxTextClassifier.Load(onnx);
        var words = classifier.Vocabulary.Words;
        Assert.Equal(new[] { "astonished", "livid" }, words.TakeLast(2));
        Assert.Equal(words.Count - 2, words.ToList().IndexOf("astonished"));

        (code, _, errors) = Run("train", "--data", Slice("train", 40), "--model", "gru", "--embedding-words", "--out", model);
        Assert.NotEqual(0, code);
        Assert.Contains("--embedding-words needs --embeddings", errors);
    }

    [Fact]
    public void Predict_and_evaluate_use_the_pretrained_English_model_when_no_model_is_given()
    {
        var (code, line, errors) = Run("predict", "--text", "I can't stop smiling!", "--top", "2", "--json");
        Assert.True(code == 0, errors);
        using (var prediction = JsonDocument.Parse(line.Trim()))
        {
            Assert.Equal("joy", prediction.RootElement.GetProperty("label").GetString());
            Assert.Equal(2, prediction.RootElement.GetProperty("scores").EnumerateObject().Count());
            Assert.False(prediction.RootElement.TryGetProperty("sentences", out _));
        }

        var paragraph = string.Join(' ', Enumerable.Repeat("The flight was cancelled and nobody at the desk would tell us anything, which made me furious.", 4));
        (code, line, errors) = Run("predict", "--text", paragraph, "--json");
        Assert.True(code == 0, errors);
        using (var prediction = JsonDocument.Parse(line.Trim()))
        {
            var sentences = prediction.RootElement.GetProperty("sentences").EnumerateArray().ToArray();
            Assert.Equal(4, sentences.Length);
            Assert.Equal(1.0, sentences.Sum(s => s.GetProperty("weight").GetDouble()), 4);
        }

        (code, var json, errors) = Run("evaluate", "--data", Slice("test", 20), "--json");
        Assert.True(code == 0, errors);
        using var report = JsonDocument.Parse(json);
        Assert.Equal(100, report.RootElement.GetProperty("count").GetInt32());
        Assert.InRange(report.RootElement.GetProperty("accuracy").GetDouble(), 0.85, 1.0);
    }

    [Fact]
    public void Onnx_commands_name_the_file_they_cannot_use()
    {
        var notOnnx = Path.Combine(folder, "broken.onnx");
        File.WriteAllText(notOnnx, "not a model");
        var (code, _, errors) = Run("predict", "--model", notOnnx, "--text", "hello");
        Assert.Equal(1, code);
        Assert.StartsWith("error: ", errors);
        Assert.Contains("broken.onnx", errors);
        Assert.DoesNotContain("   at ", errors);

        var notAModel = Path.Combine(folder, "x.zip");
        File.WriteAllText(notAModel, "not a zip");
        (code, _, errors) = Run("export-onnx", "--model", notAModel, "--out", Path.Combine(folder, "x.onnx"));
        Assert.Equal(1, code);
        Assert.Contains("x.zip", errors);
        Assert.False(File.Exists(Path.Combine(folder, "x.onnx")));
    }

    [Fact]
    public void Bad_input_exits_with_an_error_instead_of_a_stack_trace()
    {
        var notAModel = Path.Combine(folder, "x.zip");
        File.WriteAllText(notAModel, "not a zip");
        var (code, _, errors) = Run("evaluate", "--model", notAModel, "--data", TestData.Carer("test"));
        Assert.Equal(1, code);
        Assert.StartsWith("error: ", errors);
        Assert.Contains("x.zip", errors);
        Assert.DoesNotContain("   at ", errors);
    }

    [Fact]
    public void Compare_trains_each_model_and_prints_one_table()
    {
        var (code, output, errors) = Run("compare", "--data", Slice("train", 40), "--test", Slice("test", 20), "--models", "textcnn,gru", "--epochs", "1", "--threads", "2");
        Assert.True(code == 0, errors);
        Assert.Contains("Architectures compared", output);
        Assert.Contains("textcnn", output);
        Assert.Contains("gru", output);
        Assert.Contains("What each model makes of new sentences", output);
    }

    [Fact]
    public void Compare_reads_per_model_options_and_holds_out_a_stratified_test_share()
    {
        var options = Path.Combine(folder, "bigru.json");
        File.WriteAllText(options, """{ "Units": [8], "Bidirectional": true, "Pooling": "Attention", "AttentionUnits": 4, "DenseLayers": [], "EmbeddingDimension": 8 }""");

        var normalizer = Path.Combine(folder, "normalizer.json");
        File.WriteAllText(normalizer, """{ "Mentions": "Keep", "Lemmatize": false }""");
        var (code, output, errors) = Run("compare", "--data", Slice("train", 40), "--test-fraction", "0.25", "--models", $"gru={options}", "--normalizer", normalizer, "--epochs", "1", "--threads", "2");

        Assert.True(code == 0, errors);
        Assert.Contains("25 % of train.tsv", output);
        Assert.Contains("bigru.json", output);
    }

    [Fact]
    public void Compare_needs_a_test_set_and_rejects_a_bad_options_file_before_training()
    {
        var (code, _, errors) = Run("compare", "--data", Slice("train", 40), "--models", "gru");
        Assert.Equal(1, code);
        Assert.Contains("--test or --test-fraction", errors);

        var options = Path.Combine(folder, "bad.json");
        File.WriteAllText(options, """{ "Filters": 3 }""");
        (code, var output, errors) = Run("compare", "--data", Slice("train", 40), "--test-fraction", "0.2", "--models", $"textcnn,gru={options}");
        Assert.Equal(1, code);
        Assert.Contains("bad.json", errors);
        Assert.DoesNotContain("textcnn", output);

        File.WriteAllText(options, """{ "Mentions": "Shout" }""");
        (code, output, errors) = Run("compare", "--data", Slice("train", 40), "--test-fraction", "0.2", "--models", "textcnn", "--normalizer", options);
        Assert.Equal(1, code);
        Assert.Contains("Normalizer options file", errors);
        Assert.Contains("bad.json", errors);
    }

    [Fact]
    public void Compare_rejects_an_unknown_model_before_training()
    {
        var (code, _, errors) = Run("compare", "--data", Slice("train", 40), "--test", Slice("test", 20), "--models", "textcnn,transformer");
        Assert.Equal(1, code);
        Assert.Contains("'transformer'", errors);
    }
}
