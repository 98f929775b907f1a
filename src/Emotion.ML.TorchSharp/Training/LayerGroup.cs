namespace Emotion.ML.TorchSharp.Training;

/// <summary>
/// Kinds of layer whose weights can carry their own L2 strength
/// (<see cref="Trainers.ClassifierTrainingOptions.L2Regularization"/>).
/// </summary>
public enum LayerGroup
{
    /// <summary>The token embedding table: the rows each training batch uses.</summary>
    Embedding,

    /// <summary>Convolution kernels.</summary>
    Convolution,

    /// <summary>Recurrent layers' input and recurrent kernels (SimpleRnn, Lstm, Gru).</summary>
    Recurrent,

    /// <summary>Fully connected layers before the output layer.</summary>
    Dense,

    /// <summary>The output layer producing the class logits.</summary>
    Output,
}
