namespace Emotion.ML.TorchSharp.Networks;

/// <summary>Convolution blocks (Conv1d + ReLU + BatchNorm, stride 1, "same" padding) that turn embeddings into a feature sequence before recurrent layers.</summary>
/// <param name="Filters">Filters per convolution.</param>
/// <param name="KernelSize">Kernel width in tokens.</param>
/// <param name="Blocks">Number of stacked blocks.</param>
internal sealed record ConvolutionFrontEnd(int Filters, int KernelSize, int Blocks);
