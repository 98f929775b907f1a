namespace Emotion.ML.TorchSharp.Training;

/// <summary>The validation measure that early stopping and best-weight restoring watch.</summary>
public enum EarlyStoppingMetric
{
    /// <summary>Validation cross-entropy; lower is better (Keras' <c>val_loss</c>, the default).</summary>
    Loss,

    /// <summary>Validation accuracy; higher is better.</summary>
    Accuracy,

    /// <summary>Validation macro-averaged F1; higher is better (robust to class imbalance).</summary>
    MacroF1,
}
