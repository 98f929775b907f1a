namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>How a trial of a hyperparameter search ended.</summary>
public enum TrialStatus
{
    /// <summary>Every repeat trained to its end (epoch limit or early stopping).</summary>
    Completed,

    /// <summary>Stopped early because it was clearly worse than the trials before it after the pruning epoch; its figures are those reached so far.</summary>
    Pruned,

    /// <summary>Training failed (for example the loss became NaN); <see cref="TrialResult.Error"/> says why. Failed trials are not recorded, so a resumed search runs them again.</summary>
    Failed,
}
