namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>
/// One trial of a hyperparameter search: the option values it set, how it ended, and its runs
/// (one per repeat), with means and standard deviations over the runs. Figures are NaN when no run
/// finished (a failed trial).
/// </summary>
public sealed class TrialResult
{
    /// <summary>Creates a trial result.</summary>
    /// <param name="number">1-based trial number, in the order the search planned the trials.</param>
    /// <param name="parameters">The option values.</param>
    /// <param name="status">How the trial ended.</param>
    /// <param name="runs">Its runs, in repeat order.</param>
    /// <param name="error">Why it failed; null otherwise.</param>
    public TrialResult(int number, TrialParameters parameters, TrialStatus status, IReadOnlyList<TrialRun> runs, string? error = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(runs);
        Number = number;
        Parameters = parameters;
        Status = status;
        Runs = runs.ToArray();
        Error = error;
    }

    /// <summary>1-based trial number, in the order the search planned the trials.</summary>
    public int Number { get; }

    /// <summary>The option values the trial set.</summary>
    public TrialParameters Parameters { get; }

    /// <summary>How the trial ended.</summary>
    public TrialStatus Status { get; }

    /// <summary>The runs, one per repeat (fewer when the trial was pruned or failed).</summary>
    public IReadOnlyList<TrialRun> Runs { get; }

    /// <summary>Why the trial failed; null when it did not.</summary>
    public string? Error { get; }

    /// <summary>Mean validation accuracy over the runs.</summary>
    public double Accuracy => Mean(r => r.Accuracy);

    /// <summary>Sample standard deviation of the validation accuracy over the runs (0 for one run).</summary>
    public double AccuracyStd => Std(r => r.Accuracy);

    /// <summary>Mean validation macro-F1 over the runs.</summary>
    public double MacroF1 => Mean(r => r.MacroF1);

    /// <summary>Sample standard deviation of the validation macro-F1 over the runs (0 for one run).</summary>
    public double MacroF1Std => Std(r => r.MacroF1);

    /// <summary>Mean validation loss over the runs.</summary>
    public double Loss => Mean(r => r.Loss);

    /// <summary>Mean kept epoch over the runs.</summary>
    public double BestEpoch => Mean(r => r.BestEpoch);

    /// <summary>Mean number of epochs trained over the runs.</summary>
    public double Epochs => Mean(r => r.Epochs);

    /// <summary>Total wall time of the runs.</summary>
    public double Seconds => Runs.Sum(r => r.Seconds);

    /// <summary>The mean of <paramref name="metric"/> over the runs.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The mean; NaN without runs.</returns>
    public double Score(SearchMetric metric) => Mean(r => r.Score(metric));

    /// <summary>The sample standard deviation of <paramref name="metric"/> over the runs (0 for one run).</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The standard deviation; NaN without runs.</returns>
    public double ScoreStd(SearchMetric metric) => Std(r => r.Score(metric));

    /// <summary>The run with the best <paramref name="metric"/>, or null without runs.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The run.</returns>
    public TrialRun? BestRun(SearchMetric metric) => Runs.Count == 0
        ? null
        : metric == SearchMetric.Loss ? Runs.MinBy(r => r.Loss) : Runs.MaxBy(r => r.Score(metric));

    /// <summary>Describes the trial, e.g. <c>trial 3 (Completed): LearningRate=0.003 accuracy 0.9120</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        FormattableString.Invariant($"trial {Number} ({Status}): {Parameters} accuracy {Accuracy:F4} macro-F1 {MacroF1:F4}") + (Error is null ? "" : $" error: {Error}");

    private double Mean(Func<TrialRun, double> value) => Runs.Count == 0 ? double.NaN : Runs.Average(value);

    private double Std(Func<TrialRun, double> value)
    {
        if (Runs.Count == 0)
        {
            return double.NaN;
        }

        if (Runs.Count == 1)
        {
            return 0;
        }

        var mean = Runs.Average(value);
        return Math.Sqrt(Runs.Sum(r => Math.Pow(value(r) - mean, 2)) / (Runs.Count - 1));
    }
}
