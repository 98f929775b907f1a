using Emotion.ML.TorchSharp.Training;

namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>
/// Watches a run's epochs through the training progress and stops it (by cancelling its token)
/// once, from the pruning epoch on, its best validation figure so far trails by more than the margin
/// the best that any finished run had reached by the same epoch. Forwards every event on.
/// </summary>
internal sealed class TrialPruner : IProgress<TrainingProgress>
{
    private readonly SearchMetric metric;
    private readonly int afterEpochs;
    private readonly double margin;
    private readonly IReadOnlyList<TrainingHistory> finished;
    private readonly Action<TrainingProgress> forward;
    private readonly CancellationTokenSource stop;
    private double best = double.NegativeInfinity;

    public TrialPruner(SearchMetric metric, int afterEpochs, double margin, IReadOnlyList<TrainingHistory> finished, Action<TrainingProgress> forward, CancellationTokenSource stop)
    {
        this.metric = metric;
        this.afterEpochs = afterEpochs;
        this.margin = margin;
        this.finished = finished;
        this.forward = forward;
        this.stop = stop;
    }

    /// <summary>Whether the run was stopped as clearly worse.</summary>
    public bool Pruned { get; private set; }

    public void Report(TrainingProgress value)
    {
        forward(value);
        if (value.CompletedEpoch is not { } epoch || Goodness(metric, epoch) is not double score)
        {
            return;
        }

        best = Math.Max(best, score);
        if (afterEpochs <= 0 || epoch.Epoch < afterEpochs || finished.Count == 0 || Pruned)
        {
            return;
        }

        var reference = finished.Max(h => BestUpTo(h, epoch.Epoch));
        if (double.IsFinite(reference) && best < reference - margin)
        {
            Pruned = true;
            stop.Cancel();
        }
    }

    /// <summary>The epoch's figure with higher always better (the loss negated); null without validation.</summary>
    public static double? Goodness(SearchMetric metric, EpochRecord epoch) => metric switch
    {
        SearchMetric.MacroF1 => epoch.ValidationMacroF1,
        SearchMetric.Loss => -epoch.ValidationLoss,
        _ => epoch.ValidationAccuracy,
    };

    private double BestUpTo(TrainingHistory history, int epoch)
    {
        var scores = history.Epochs.Where(e => e.Epoch <= epoch).Select(e => Goodness(metric, e)).OfType<double>().ToList();
        return scores.Count == 0 ? double.NegativeInfinity : scores.Max();
    }
}
