using Emotion.ML.TorchSharp.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Trains the convolutional text classifier (<see cref="TextCnnOptions"/>). Reached as
/// <c>ml.MulticlassClassification.Trainers.TextCnn(options)</c>.
/// </summary>
public sealed class TextCnnTrainer : TextClassifierTrainer<TextCnnOptions>
{
    internal TextCnnTrainer(TextCnnOptions options)
        : base(options)
    {
        if (options.Filters < 1 || options.KernelSize < 1 || options.ConvolutionBlocks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Filters ({options.Filters}), KernelSize ({options.KernelSize}) and ConvolutionBlocks ({options.ConvolutionBlocks}) must each be at least 1.");
        }
    }

    private protected override int MinSteps => Options.KernelSize;

    private protected override nn.Module<Tensor, Tensor, Tensor> CreateNetwork(TokenEmbedding embedding, int classes) =>
        new TextCnnNetwork(embedding, Options.Filters, Options.KernelSize, Options.ConvolutionBlocks, Options.DenseUnits, Options.Dropout, classes);
}
