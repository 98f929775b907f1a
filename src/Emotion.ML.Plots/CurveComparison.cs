using Emotion.ML.TorchSharp.Training;
using ScottPlot;

namespace Emotion.ML.Plots;

/// <summary>
/// One per-epoch figure of several runs in one plot (seed 000's validation accuracy of every
/// architecture): a line per run, its kept epoch drawn as a larger marker.
/// </summary>
public static class CurveComparison
{
    /// <summary>Default figure width in pixels.</summary>
    public const int DefaultWidth = 1000;

    /// <summary>Default figure height in pixels.</summary>
    public const int DefaultHeight = 600;

    /// <summary>The plot of <paramref name="metric"/> per epoch for every run.</summary>
    /// <param name="runs">Run names (shown in the legend) and their histories, in legend order.</param>
    /// <param name="metric">The figure to plot.</param>
    /// <param name="title">The title; null for one naming the metric.</param>
    /// <returns>The plot, to change before saving.</returns>
    /// <exception cref="ArgumentException">No runs, or none with the metric (validation figures need validation data).</exception>
    public static Plot Create(IEnumerable<KeyValuePair<string, TrainingHistory>> runs, CurveMetric metric = CurveMetric.ValidationAccuracy, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var list = runs.ToList();
        var plot = PlotStyle.NewPlot(title ?? $"{Describe(metric)} per epoch", "epoch", Describe(metric));
        var plotted = 0;
        var maxEpoch = 1;
        for (var i = 0; i < list.Count; i++)
        {
            var (name, history) = list[i];
            var points = history.Epochs.Where(e => Value(metric, e) is not null).ToArray();
            if (points.Length == 0)
            {
                continue;
            }

            var color = PlotStyle.Palette[i % PlotStyle.Palette.Length];
            TrainingCurves.Line(plot, points.Select(e => (double)e.Epoch).ToArray(), points.Select(e => Value(metric, e)!.Value).ToArray(), name, color);
            if (points.FirstOrDefault(e => e.Epoch == history.BestEpoch) is { } kept)
            {
                var marker = plot.Add.Marker(kept.Epoch, Value(metric, kept)!.Value, MarkerShape.FilledCircle, 13, color);
                marker.LegendText = "";
            }

            maxEpoch = Math.Max(maxEpoch, points.Max(e => e.Epoch));
            plotted++;
        }

        if (plotted == 0)
        {
            throw new ArgumentException($"None of the {list.Count} runs has {Describe(metric)} figures (validation figures need validation data).", nameof(runs));
        }

        PlotStyle.EpochTicks(plot, maxEpoch);
        PlotStyle.LegendBelow(plot);
        return plot;
    }

    /// <summary>Writes <see cref="Create"/>'s plot to a PNG file, atomically.</summary>
    /// <param name="runs">Run names and histories.</param>
    /// <param name="path">The .png file; its folder must exist.</param>
    /// <param name="metric">The figure to plot.</param>
    /// <param name="title">The title; null for one naming the metric.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The full path written.</returns>
    public static string Save(IEnumerable<KeyValuePair<string, TrainingHistory>> runs, string path, CurveMetric metric = CurveMetric.ValidationAccuracy, string? title = null, int width = DefaultWidth, int height = DefaultHeight) =>
        PngFile.Save(Create(runs, metric, title), path, width, height);

    /// <summary>The epoch's value of <paramref name="metric"/>, or null when the run did not measure it.</summary>
    internal static double? Value(CurveMetric metric, EpochRecord e) => metric switch
    {
        CurveMetric.ValidationMacroF1 => e.ValidationMacroF1,
        CurveMetric.ValidationLoss => e.ValidationLoss,
        CurveMetric.TrainAccuracy => e.TrainAccuracy,
        CurveMetric.TrainLoss => e.TrainLoss,
        _ => e.ValidationAccuracy,
    };

    internal static string Describe(CurveMetric metric) => metric switch
    {
        CurveMetric.ValidationMacroF1 => "validation macro-F1",
        CurveMetric.ValidationLoss => "validation loss",
        CurveMetric.TrainAccuracy => "training accuracy",
        CurveMetric.TrainLoss => "training loss",
        _ => "validation accuracy",
    };
}
