using Emotion.ML.TorchSharp.Networks;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Options of the stacked bidirectional LSTM classifier. Defaults are the seed report's network:
/// three bidirectional layers of 256, 128 and 128 units per direction with dropout 0.2 between
/// them, the last layer's final states, a dense layer of 128 units, then the output layer.
/// </summary>
public sealed class BiLstmOptions : TextClassifierOptions
{
    /// <summary>Units per direction of each stacked layer. Default 256, 128, 128.</summary>
    public int[] Units { get; set; } = { 256, 128, 128 };

    /// <summary>Dropout between recurrent layers and before the dense head. Default 0.2.</summary>
    public double Dropout { get; set; } = 0.2;

    /// <summary>How the last layer becomes one vector. Default <see cref="SequencePooling.FinalStates"/>.</summary>
    public SequencePooling Pooling { get; set; } = SequencePooling.FinalStates;

    /// <summary>Width of the attention projection for <see cref="SequencePooling.Attention"/>. Default 64.</summary>
    public int AttentionUnits { get; set; } = 64;

    /// <summary>The dense layers before the output layer. Default one layer of 128 units with BatchNorm, ReLU and dropout 0.3.</summary>
    public DenseLayer[] DenseLayers { get; set; } = { new(128, Dropout: 0.3) };
}
