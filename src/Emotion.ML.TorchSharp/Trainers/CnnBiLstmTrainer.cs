using Emotion.ML.TorchSharp.Networks;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Trains the CNN+BiLSTM hybrid (<see cref="CnnBiLstmOptions"/>). Reached as
/// <c>ml.MulticlassClassification.Trainers.CnnBiLstm(options)</c>.
/// </summary>
public sealed class CnnBiLstmTrainer : RecurrentTrainer<CnnBiLstmOptions>
{
    internal CnnBiLstmTrainer(CnnBiLstmOptions options)
        : base(options, RecurrentCell.Lstm)
    {
        if (options.Filters < 1 || options.KernelSize < 1 || options.ConvolutionBlocks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Filters ({options.Filters}), KernelSize ({options.KernelSize}) and ConvolutionBlocks ({options.ConvolutionBlocks}) must each be at least 1.");
        }
    }

    private protected override int MinSteps => Options.KernelSize;

    private protected override ConvolutionFrontEnd? FrontEnd => new(Options.Filters, Options.KernelSize, Options.ConvolutionBlocks);
}
