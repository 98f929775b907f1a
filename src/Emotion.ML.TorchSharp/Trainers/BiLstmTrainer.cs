using Emotion.ML.TorchSharp.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Trains the stacked bidirectional LSTM classifier (<see cref="BiLstmOptions"/>). Reached as
/// <c>ml.MulticlassClassification.Trainers.BiLstm(options)</c>.
/// </summary>
public sealed class BiLstmTrainer : TextClassifierTrainer<BiLstmOptions>
{
    internal BiLstmTrainer(BiLstmOptions options)
        : base(options)
    {
        if (options.Units is null || options.Units.Length == 0 || options.Units.Any(u => u < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Units must list at least one layer width, each at least 1.");
        }
    }

    private protected override nn.Module<Tensor, Tensor, Tensor> CreateNetwork(TokenEmbedding embedding, int classes) =>
        new RecurrentNetwork(embedding, RecurrentCell.Lstm, bidirectional: true, Options.Units, Options.Dropout, Options.Pooling, Options.DenseUnits, Options.DenseDropout, classes);
}
