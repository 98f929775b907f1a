namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>The validation figure a hyperparameter search ranks trials by, read at each run's kept epoch.</summary>
public enum SearchMetric
{
    /// <summary>Validation accuracy; higher is better.</summary>
    Accuracy,

    /// <summary>Validation macro-averaged F1; higher is better (the figure for imbalanced classes).</summary>
    MacroF1,

    /// <summary>Validation cross-entropy; lower is better.</summary>
    Loss,
}
