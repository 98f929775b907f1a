using Emotion.ML.TorchSharp.Networks;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Options of the CNN+BiLSTM hybrid of the seed report: convolution blocks (Conv1d 256 filters,
/// kernel 5, ReLU, BatchNorm) turn the embeddings into a feature sequence of the same length, which
/// two bidirectional LSTM layers (128 then 64 units per direction) read; their final states go
/// through Dense 128 (dropout 0.5) and Dense 64 (dropout 0.3) to the output layer.
/// </summary>
public sealed class CnnBiLstmOptions : RecurrentOptions
{
    /// <summary>Creates the options with their defaults; <see cref="RecurrentOptions.Units"/> is 128, 64 and <see cref="RecurrentOptions.Bidirectional"/> true.</summary>
    public CnnBiLstmOptions()
        : base(new[] { 128, 64 }, bidirectional: true)
    {
        DenseLayers = new DenseLayer[] { new(128, Dropout: 0.5), new(64, Dropout: 0.3) };
    }

    /// <summary>Filters per convolution. Default 256.</summary>
    public int Filters { get; set; } = 256;

    /// <summary>Convolution kernel width in tokens (stride 1, "same" padding). Default 5.</summary>
    public int KernelSize { get; set; } = 5;

    /// <summary>Convolution blocks before the recurrent layers. Default 1.</summary>
    public int ConvolutionBlocks { get; set; } = 1;
}
