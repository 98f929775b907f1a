using Emotion.ML.TorchSharp.Training;

namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>A progress event of a hyperparameter search: sent for every training event of every trial, and when a trial ends.</summary>
/// <param name="Trial">1-based trial number.</param>
/// <param name="TrialCount">Trials in the search.</param>
/// <param name="Repeat">1-based repeat of the trial (each repeat trains with the next seed).</param>
/// <param name="Repeats">Repeats per trial.</param>
/// <param name="Parameters">The trial's option values.</param>
/// <param name="Training">The training event (epoch, batch, loss); null on the trial-end event.</param>
/// <param name="Finished">The trial's result on the trial-end event; null otherwise.</param>
/// <param name="Resumed">On a trial-end event: whether the result was read from the run directory rather than trained now.</param>
public sealed record SearchProgress(
    int Trial,
    int TrialCount,
    int Repeat,
    int Repeats,
    TrialParameters Parameters,
    TrainingProgress? Training,
    TrialResult? Finished,
    bool Resumed = false);
