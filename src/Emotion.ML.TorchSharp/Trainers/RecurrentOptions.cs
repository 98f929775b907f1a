using Emotion.ML.TorchSharp.Networks;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Options shared by the stacked recurrent classifiers (<see cref="SimpleRnnOptions"/>,
/// <see cref="LstmOptions"/>, <see cref="GruOptions"/>): recurrent layers of their own widths,
/// one or both directions, pooling of the last layer, dense layers, then the output layer.
/// </summary>
public abstract class RecurrentOptions : TextClassifierOptions
{
    private protected RecurrentOptions(int[] units)
    {
        Units = units;
    }

    /// <summary>Units (per direction) of each stacked recurrent layer. The default depends on the network.</summary>
    public int[] Units { get; set; }

    /// <summary>Whether each layer also reads the sentence backwards, doubling its outputs. Default false.</summary>
    public bool Bidirectional { get; set; }

    /// <summary>Dropout between recurrent layers and before the dense head. Default 0.2.</summary>
    public double Dropout { get; set; } = 0.2;

    /// <summary>How the last layer becomes one vector. Default <see cref="SequencePooling.FinalStates"/>.</summary>
    public SequencePooling Pooling { get; set; } = SequencePooling.FinalStates;

    /// <summary>Units of the dense layers before the output layer. Default 128.</summary>
    public int[] DenseUnits { get; set; } = { 128 };

    /// <summary>Dropout after each dense layer. Default 0.3.</summary>
    public double DenseDropout { get; set; } = 0.3;
}
