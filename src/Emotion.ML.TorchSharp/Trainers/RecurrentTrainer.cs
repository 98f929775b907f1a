using Emotion.ML.TorchSharp.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Base of the trainers of stacked recurrent classifiers (<see cref="SimpleRnnTrainer"/>,
/// <see cref="LstmTrainer"/>, <see cref="GruTrainer"/>): they differ only in the recurrent layer.
/// </summary>
/// <typeparam name="TOptions">The network's options.</typeparam>
public abstract class RecurrentTrainer<TOptions> : TextClassifierTrainer<TOptions>
    where TOptions : RecurrentOptions
{
    private readonly RecurrentCell cell;

    private protected RecurrentTrainer(TOptions options, RecurrentCell cell)
        : base(options)
    {
        this.cell = cell;
        if (options.Units is null || options.Units.Length == 0 || options.Units.Any(u => u < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Units must list at least one layer width, each at least 1.");
        }

        if (!Enum.IsDefined(options.Pooling))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Pooling ({options.Pooling}) is not a {nameof(SequencePooling)} value.");
        }

        if (options.DenseUnits is null || options.DenseUnits.Any(u => u < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "DenseUnits must be a list (possibly empty) of layer widths, each at least 1.");
        }

        if (!(options.Dropout is >= 0 and < 1) || !(options.DenseDropout is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Dropout ({options.Dropout}) and DenseDropout ({options.DenseDropout}) must each be at least 0 and below 1.");
        }
    }

    private protected override nn.Module<Tensor, Tensor, Tensor> CreateNetwork(TokenEmbedding embedding, int classes) =>
        new RecurrentNetwork(embedding, cell, Options.Bidirectional, Options.Units, Options.Dropout, Options.Pooling, Options.DenseUnits, Options.DenseDropout, classes);
}
