using Emotion.ML.TorchSharp.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Base of the trainers of stacked recurrent classifiers (<see cref="SimpleRnnTrainer"/>,
/// <see cref="LstmTrainer"/>, <see cref="GruTrainer"/>, <see cref="CnnBiLstmTrainer"/>): they
/// differ only in the recurrent layer and in what feeds it.
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
        ValidateRecurrent(options.Units, options.Pooling, options.AttentionUnits, options.Dropout, options.DenseLayers);
    }

    private protected virtual ConvolutionFrontEnd? FrontEnd => null;

    private protected override nn.Module<Tensor, Tensor, Tensor> CreateNetwork(TokenEmbedding embedding, int classes) =>
        new RecurrentNetwork(embedding, cell, Options.Bidirectional, Options.Units, Options.Dropout, Options.Pooling, Options.DenseLayers, classes, Options.AttentionUnits, FrontEnd);

    /// <summary>Checks the options every recurrent network shares.</summary>
    internal static void ValidateRecurrent(int[]? units, SequencePooling pooling, int attentionUnits, double dropout, DenseLayer[]? denseLayers)
    {
        const string options = "options";
        if (units is null || units.Length == 0 || units.Any(u => u < 1))
        {
            throw new ArgumentOutOfRangeException(options, "Units must list at least one layer width, each at least 1.");
        }

        if (!Enum.IsDefined(pooling))
        {
            throw new ArgumentOutOfRangeException(options, $"Pooling ({pooling}) is not a {nameof(SequencePooling)} value.");
        }

        if (pooling == SequencePooling.Attention && attentionUnits < 1)
        {
            throw new ArgumentOutOfRangeException(options, $"AttentionUnits ({attentionUnits}) must be at least 1 for attention pooling.");
        }

        if (!(dropout is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(options, $"Dropout ({dropout}) must be at least 0 and below 1.");
        }

        DenseLayer.Validate(denseLayers, "DenseLayers");
    }
}
