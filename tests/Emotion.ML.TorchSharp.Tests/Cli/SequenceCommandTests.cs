using System.Text.Json;
using Emotion.ML.Testing;
using Emotion.ML.TorchSharp.Tests.Persistence;
using static Emotion.ML.TorchSharp.Tests.Cli.Cli;

namespace Emotion.ML.TorchSharp.Tests.Cli;

/// <summary><c>emotion-ml evaluate</c> and <c>predict</c> on a saved frame-sequence model, and the errors of bad sequence files.</summary>
[Collection(SerialTorchCollection.Name)]
public sealed class SequenceCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("emotion-cli-seq-use-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Model()
    {
        var options = Path.Combine(folder, "small.json");
        File.WriteAllText(options, """{ "Units": [8], "BatchSize": 64, "ValidationFraction": 0 }""");
        var model = Path.Combine(folder, "vowels.zip");
        var (code, text, errors) = Run("train", "--data", TestData.File("japanese-vowels/train.jsonl"), "--model", "sequence-gru", "--epochs", "1", "--options", options, "--threads", "2", "--out", model);
        Assert.True(code == 0, errors + text);
        return model;
    }

    private string Lines(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Evaluate_and_predict_read_json_lines_for_a_sequence_model()
    {
        var model = Model();
        var test = Lines("test.jsonl", File.ReadLines(TestData.File("japanese-vowels/test.jsonl")).Take(30));
        var (code, json, errors) = Run("evaluate", "--model", model, "--data", test, "--json");
        Assert.True(code == 0, errors);
        Assert.Equal(30, JsonDocument.Parse(json).RootElement.GetProperty("count").GetInt32());

        (code, var table, errors) = Run("evaluate", "--model", model, "--data", test);
        Assert.True(code == 0, errors);
        Assert.Contains("on 30 sequences of", table);

        (code, var lines, errors) = Run("predict", "--model", model, "--data", test, "--top", "3", "--json");
        Assert.True(code == 0, errors);
        var rows = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(30, rows.Length);
        Assert.Equal("row 1", rows[0].GetProperty("item").GetString());
        Assert.StartsWith("speaker", rows[0].GetProperty("label").GetString());
        Assert.Equal(3, rows[0].GetProperty("scores").EnumerateObject().Count());
    }

    [Fact]
    public void Bad_sequence_files_and_options_fail_with_messages_naming_the_line_or_row()
    {
        var model = Model();
        var narrow = Lines("narrow.jsonl", new[] { """{"label": "speaker1", "frames": [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]}""" });
        var (code, _, errors) = Run("evaluate", "--model", model, "--data", narrow);
        Assert.Equal(1, code);
        Assert.Contains("Row 1", errors);
        Assert.Contains("FrameSize 12", errors);

        var nan = Lines("nan.jsonl", new[] { """{"label": "speaker1", "frames": [[1, 2]]}""", """{"label": "speaker1", "frames": [[1, NaN]]}""" });
        (code, _, errors) = Run("predict", "--model", model, "--data", nan);
        Assert.Equal(1, code);
        Assert.Contains("line 2", errors);
        Assert.Contains("nan.jsonl", errors);

        var mixed = Lines("mixed.jsonl", new[] { """{"label": "speaker1", "frames": [[1, 2], [3, 4, 5]]}""" });
        (code, _, errors) = Run("train", "--model", "sequence-lstm", "--data", mixed, "--out", Path.Combine(folder, "m.zip"));
        Assert.Equal(1, code);
        Assert.Contains("line 1: frame 1 has 3 numbers; earlier frames have 2", errors);

        (code, _, errors) = Run("predict", "--model", model, "--image", narrow);
        Assert.Equal(1, code);
        Assert.Contains("frame sequences", errors);
        (code, _, errors) = Run("evaluate", "--model", model, "--data", narrow, "--usage", "PrivateTest");
        Assert.Equal(1, code);
        Assert.Contains("--usage", errors);
    }
}
