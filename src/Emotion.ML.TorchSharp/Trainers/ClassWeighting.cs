namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>How classes are weighted in the training loss.</summary>
public enum ClassWeighting
{
    /// <summary>Every sample counts the same.</summary>
    None,

    /// <summary>
    /// Weights inversely proportional to class frequency, <c>samples / (classes x count)</c>
    /// (scikit-learn's and Keras' "balanced"), so rare classes weigh as much in total as common ones.
    /// </summary>
    Balanced,
}
