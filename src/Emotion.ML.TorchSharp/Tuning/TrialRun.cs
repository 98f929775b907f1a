using Emotion.ML.TorchSharp.Training;

namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>One training run of a trial (one seed), with the validation figures of its kept epoch.</summary>
/// <param name="Seed">The training seed.</param>
/// <param name="Accuracy">Validation accuracy at the kept epoch.</param>
/// <param name="MacroF1">Validation macro-F1 at the kept epoch.</param>
/// <param name="Loss">Validation loss at the kept epoch.</param>
/// <param name="Seconds">Wall time of the run, data preparation included.</param>
/// <param name="Pruned">Whether the search stopped the run early as clearly worse.</param>
/// <param name="History">Every epoch of the run and the kept one.</param>
public sealed record TrialRun(int Seed, double Accuracy, double MacroF1, double Loss, double Seconds, bool Pruned, TrainingHistory History)
{
    /// <summary>The 1-based epoch whose weights the run kept.</summary>
    public int BestEpoch => History.BestEpoch;

    /// <summary>Epochs the run trained.</summary>
    public int Epochs => History.Epochs.Count;

    /// <summary>The run's figure for <paramref name="metric"/>.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The value.</returns>
    public double Score(SearchMetric metric) => metric switch
    {
        SearchMetric.MacroF1 => MacroF1,
        SearchMetric.Loss => Loss,
        _ => Accuracy,
    };
}
