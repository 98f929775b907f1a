namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>Seeded resampling of the training rows to even out class sizes (validation rows are never resampled).</summary>
public enum Resampling
{
    /// <summary>Train on the rows as they are.</summary>
    None,

    /// <summary>Random over-sampling: every class is topped up with randomly repeated rows of its own to the size of the largest class.</summary>
    OverSample,

    /// <summary>Random under-sampling: every class is cut to a random subset the size of the smallest class.</summary>
    UnderSample,
}
