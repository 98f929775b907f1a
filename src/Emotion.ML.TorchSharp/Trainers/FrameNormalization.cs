namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>How each feature of a frame is rescaled before the network reads it; the statistics come from the training data and are saved with the model.</summary>
public enum FrameNormalization
{
    /// <summary>(x - min) / (max - min) per feature, so the training frames lie in [0, 1] (scikit-learn's MinMaxScaler); a constant feature becomes 0.</summary>
    MinMax,

    /// <summary>(x - mean) / standard deviation per feature (population deviation over all training frames); a constant feature becomes 0.</summary>
    ZScore,

    /// <summary>The features as they are.</summary>
    None,
}
