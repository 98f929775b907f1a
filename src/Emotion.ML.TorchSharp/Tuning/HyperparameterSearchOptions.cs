namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>How a <see cref="HyperparameterSearch{TOptions}"/> runs: grid or random, ranking, repeats, pruning, where it records its trials, progress and cancellation.</summary>
public sealed class HyperparameterSearchOptions
{
    /// <summary>The validation figure trials are ranked by. Default <see cref="SearchMetric.Accuracy"/>.</summary>
    public SearchMetric Metric { get; set; } = SearchMetric.Accuracy;

    /// <summary>Null (default): try every grid combination. A number: draw that many distinct configurations at random (lists, ranges and log-ranges).</summary>
    public int? RandomTrials { get; set; }

    /// <summary>Seed of the random draws. Default 1. Training seeds come from the trainer's options (<c>Seed</c>, default 1) plus the repeat number minus one.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Training runs per trial, each with the next seed; the table shows their mean and standard deviation. Default 1.</summary>
    public int Repeats { get; set; } = 1;

    /// <summary>
    /// From this epoch on, a run whose best validation figure so far trails the best that any
    /// finished trial had reached by the same epoch by more than <see cref="PruneMargin"/> is stopped
    /// and its trial marked <see cref="TrialStatus.Pruned"/>. 0 (default) never prunes.
    /// </summary>
    public int PruneAfterEpochs { get; set; }

    /// <summary>How far behind counts as clearly worse, in the metric's units (accuracy or macro-F1 points as fractions, or loss). Default 0.05.</summary>
    public double PruneMargin { get; set; } = 0.05;

    /// <summary>
    /// Folder that records the search: <c>search.json</c> (the space and these settings),
    /// <c>trials/trial-0001.json</c> for each finished trial (parameters, figures, every epoch of every
    /// run; written atomically), and <c>results.csv</c> / <c>results.json</c> (the ranked table).
    /// A search started again on the same folder reads the finished trials instead of training them
    /// again. Null (default) records nothing.
    /// </summary>
    public string? RunDirectory { get; set; }

    /// <summary>Receives every training event of every trial and an event when each trial ends.</summary>
    public IProgress<SearchProgress>? Progress { get; set; }

    /// <summary>Stops the search after the current batch; the unfinished trial is dropped, the finished ones are kept and ranked.</summary>
    public CancellationToken CancellationToken { get; set; }
}
