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
        if (options.Filters < 1 || options.ConvolutionBlocks < 1 || options.Stride < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Filters ({options.Filters}), ConvolutionBlocks ({options.ConvolutionBlocks}) and Stride ({options.Stride}) must each be at least 1.");
        }

        if (options.KernelSizes is null || options.KernelSizes.Length == 0 || options.KernelSizes.Any(k => k < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "KernelSizes must list at least one kernel width, each at least 1.");
        }

        if (!Enum.IsDefined(options.Pooling) || (options.Pooling == ConvolutionPooling.KMax && options.PoolingK < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Pooling ({options.Pooling}) must be a {nameof(ConvolutionPooling)} value, and PoolingK ({options.PoolingK}) at least 1 for KMax.");
        }

        if (!(options.Dropout is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Dropout ({options.Dropout}) must be at least 0 and below 1.");
        }

        DenseLayer.Validate(options.DenseLayers, "DenseLayers");
    }

    private protected override int MinSteps => Options.KernelSizes.Max();

    private protected override nn.Module<Tensor, Tensor, Tensor> CreateNetwork(TokenEmbedding embedding, int classes) =>
        new TextCnnNetwork(embedding, Options.Filters, Options.KernelSizes, Options.ConvolutionBlocks, Options.DenseLayers, classes, Options.Stride, Options.Pooling, Options.PoolingK, Options.Dropout);
}
