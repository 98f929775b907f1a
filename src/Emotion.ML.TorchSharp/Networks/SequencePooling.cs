namespace Emotion.ML.TorchSharp.Networks;

/// <summary>How the last recurrent layer's outputs become one vector per sentence.</summary>
public enum SequencePooling
{
    /// <summary>The final hidden states: forward at the last valid step and, when bidirectional, backward at the first, concatenated.</summary>
    FinalStates,

    /// <summary>Element-wise maximum over the valid steps.</summary>
    Max,

    /// <summary>Mean over the valid steps.</summary>
    Mean,

    /// <summary>Additive attention: a learned score per valid step, softmax weights, weighted sum.</summary>
    Attention,
}
