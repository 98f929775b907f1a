using Emotion.ML.TorchSharp.Networks;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Options of the convolutional text classifier. Defaults are the seed-000 CNN: two blocks of
/// Conv1d(256 filters, kernel 5) + ReLU + BatchNorm, global max pooling over the sentence, then
/// Dense 256 and Dense 128 (each with BatchNorm, ReLU and dropout 0.5) before the output layer.
/// For the Kim (2014) network of seed 002 set <see cref="KernelSizes"/> to 3, 4, 5,
/// <see cref="Filters"/> to 100, <see cref="ConvolutionBlocks"/> to 1, <see cref="Dropout"/> to 0.5
/// and <see cref="DenseLayers"/> to none.
/// </summary>
public sealed class TextCnnOptions : TextClassifierOptions
{
    /// <summary>Filters per convolution. Default 256.</summary>
    public int Filters { get; set; } = 256;

    /// <summary>
    /// Kernel widths in tokens, one parallel branch each; the branches' pooled features are
    /// concatenated. Default 5 (a single branch).
    /// </summary>
    public int[] KernelSizes { get; set; } = { 5 };

    /// <summary>Convolution blocks stacked in each branch. Default 2.</summary>
    public int ConvolutionBlocks { get; set; } = 2;

    /// <summary>Stride of every convolution; each block then keeps ceil(steps / stride) steps. Default 1.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>How each branch's feature maps are pooled over the sentence. Default <see cref="ConvolutionPooling.Max"/> (1-max).</summary>
    public ConvolutionPooling Pooling { get; set; } = ConvolutionPooling.Max;

    /// <summary>Values kept per filter by <see cref="ConvolutionPooling.KMax"/>. Default 3.</summary>
    public int PoolingK { get; set; } = 3;

    /// <summary>Dropout on the concatenated pooled features, before the dense layers. Default 0.</summary>
    public double Dropout { get; set; }

    /// <summary>The dense layers between pooling and output. Default 256 and 128 units, each with BatchNorm, ReLU and dropout 0.5.</summary>
    public DenseLayer[] DenseLayers { get; set; } = { new(256, Dropout: 0.5), new(128, Dropout: 0.5) };
}
