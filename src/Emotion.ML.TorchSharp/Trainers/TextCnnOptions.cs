namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Options of the convolutional text classifier. Defaults are the seed-000 CNN: two blocks of
/// Conv1d(256 filters, kernel 5) + ReLU + BatchNorm, global max pooling over the sentence, then
/// Dense 256 and Dense 128 (each with BatchNorm, ReLU and dropout 0.5) before the output layer.
/// </summary>
public sealed class TextCnnOptions : TextClassifierOptions
{
    /// <summary>Filters per convolution. Default 256.</summary>
    public int Filters { get; set; } = 256;

    /// <summary>Convolution kernel width in tokens. Default 5.</summary>
    public int KernelSize { get; set; } = 5;

    /// <summary>Convolution blocks. Default 2.</summary>
    public int ConvolutionBlocks { get; set; } = 2;

    /// <summary>Units of the dense layers between pooling and output. Default 256, 128.</summary>
    public int[] DenseUnits { get; set; } = { 256, 128 };

    /// <summary>Dropout after each dense layer. Default 0.5.</summary>
    public double Dropout { get; set; } = 0.5;
}
