using Emotion.ML.Testing;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;

namespace Emotion.ML.TorchSharp.Tests.Cli;

/// <summary><c>emotion-ml train --model sequence-*</c> on JSON Lines frame sequences.</summary>
public sealed class SequenceTrainCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("emotion-cli-seq-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static (int Code, string Output, string Errors) Run(params string[] args) => Cli.Run(args);

    [Theory]
    [InlineData("sequence-gru")]
    [InlineData("sequence-lstm")]
    public void Train_reads_json_lines_and_saves_a_sequence_model(string model)
    {
        var options = Path.Combine(folder, "small.json");
        File.WriteAllText(options, """{ "Units": [8], "Normalization": "ZScore", "BatchSize": 64, "ValidationFraction": 0 }""");
        var output = Path.Combine(folder, "model.zip");
        var (code, text, errors) = Run(
            "train", "--data", TestData.File("japanese-vowels/train.jsonl"), "--test", TestData.File("japanese-vowels/test.jsonl"),
            "--model", model, "--epochs", "1", "--options", options, "--threads", "2", "--out", output);
        Assert.True(code == 0, errors + text);
        Assert.Contains("270 sequences of 12-feature frames", text);
        Assert.Contains("Test set (370 sequences", text);

        var loaded = new MLContext(1).Model.LoadEmotionModel(output, out _);
        var sequence = ((IEnumerable<ITransformer>)loaded).OfType<SequenceClassificationTransformer>().Single();
        Assert.Equal(12, sequence.FrameSize);
        Assert.Equal(FrameNormalization.ZScore, sequence.Normalization);
        Assert.Equal(9, sequence.ClassNames.Count);
    }

    [Fact]
    public void Text_only_options_are_refused_for_sequence_models()
    {
        var (code, _, errors) = Run("train", "--data", TestData.File("japanese-vowels/train.jsonl"), "--model", "sequence-rnn",
            "--embeddings", TestData.Glove, "--out", Path.Combine(folder, "m.zip"));
        Assert.NotEqual(0, code);
        Assert.Contains("--embeddings", errors);
    }
}
