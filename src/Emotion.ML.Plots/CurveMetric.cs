namespace Emotion.ML.Plots;

/// <summary>Which per-epoch figure a comparison of runs plots.</summary>
public enum CurveMetric
{
    /// <summary>Validation accuracy (seed 000's figure 13).</summary>
    ValidationAccuracy,

    /// <summary>Validation macro-F1.</summary>
    ValidationMacroF1,

    /// <summary>Validation cross-entropy.</summary>
    ValidationLoss,

    /// <summary>Training accuracy.</summary>
    TrainAccuracy,

    /// <summary>Training cross-entropy.</summary>
    TrainLoss,
}
