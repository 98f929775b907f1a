using Emotion.ML.TorchSharp.Networks;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Options shared by the stacked recurrent classifiers (<see cref="SimpleRnnOptions"/>,
/// <see cref="LstmOptions"/>, <see cref="GruOptions"/>, <see cref="CnnBiLstmOptions"/>): recurrent layers of their own widths,
/// one or both directions, pooling of the last layer, dense layers, then the output layer.
/// </summary>
public abstract class RecurrentOptions : TextClassifierOptions
{
    private protected RecurrentOptions(int[] units, bool bidirectional = false)
    {
        Units = units;
        Bidirectional = bidirectional;
    }

    /// <summary>Units (per direction) of each stacked recurrent layer. The default depends on the network.</summary>
    public int[] Units { get; set; }

    /// <summary>Whether each layer also reads the sentence backwards, doubling its outputs. Default false (true for <see cref="CnnBiLstmOptions"/>).</summary>
    public bool Bidirectional { get; set; }

    /// <summary>Dropout between recurrent layers and before the dense head. Default 0.2.</summary>
    public double Dropout { get; set; } = 0.2;

    /// <summary>How the last layer becomes one vector. Default <see cref="SequencePooling.FinalStates"/>.</summary>
    public SequencePooling Pooling { get; set; } = SequencePooling.FinalStates;

    /// <summary>Width of the attention projection for <see cref="SequencePooling.Attention"/>. Default 64.</summary>
    public int AttentionUnits { get; set; } = 64;

    /// <summary>The dense layers before the output layer. Default one layer of 128 units with BatchNorm, ReLU and dropout 0.3.</summary>
    public DenseLayer[] DenseLayers { get; set; } = { new(128, Dropout: 0.3) };
}
