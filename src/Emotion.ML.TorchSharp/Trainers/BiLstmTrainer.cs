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
        RecurrentTrainer<LstmOptions>.ValidateRecurrent(options.Units, options.Pooling, options.AttentionUnits, options.Dropout, options.DenseLayers);
    }

    private protected override nn.Module<Tensor, Tensor, Tensor> CreateNetwork(TokenEmbedding embedding, int classes) =>
        new RecurrentNetwork(embedding, RecurrentCell.Lstm, bidirectional: true, Options.Units, Options.Dropout, Options.Pooling, Options.DenseLayers, classes, Options.AttentionUnits);
}
