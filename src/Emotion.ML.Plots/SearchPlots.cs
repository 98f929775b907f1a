using Emotion.ML.TorchSharp.Tuning;
using ScottPlot;

namespace Emotion.ML.Plots;

/// <summary>
/// The best trials of a hyperparameter search overlaid (seed 004's top three): accuracy (left) and
/// loss (right) per epoch, training dashed and validation solid, one colour per trial; the legend
/// gives each trial's rank, number and option values.
/// </summary>
public static class SearchPlots
{
    /// <summary>Default figure width in pixels.</summary>
    public const int DefaultWidth = 1300;

    /// <summary>Default figure height in pixels.</summary>
    public const int DefaultHeight = 620;

    /// <summary>The figure of the <paramref name="count"/> best trials (each trial's best run).</summary>
    /// <param name="result">A search result.</param>
    /// <param name="count">How many trials, best first. Default 3.</param>
    /// <returns>The figure.</returns>
    /// <exception cref="ArgumentException">The result has no trial with a run.</exception>
    public static Multiplot TopTrials(SearchResult result, int count = 3)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var top = result.Trials.Where(t => t.Runs.Count > 0).Take(count).ToList();
        if (top.Count == 0)
        {
            throw new ArgumentException("The search result has no trial with a finished run to plot.", nameof(result));
        }

        var accuracy = PlotStyle.NewPlot($"Top {top.Count} trials: accuracy (solid validation, dashed training)", "epoch", "accuracy");
        var loss = PlotStyle.NewPlot($"Top {top.Count} trials: loss (solid validation, dashed training)", "epoch", "cross-entropy");
        var maxEpoch = 1;
        for (var i = 0; i < top.Count; i++)
        {
            var trial = top[i];
            var history = trial.BestRun(result.Metric)!.History;
            var color = PlotStyle.Palette[i % PlotStyle.Palette.Length];
            var xs = history.Epochs.Select(e => (double)e.Epoch).ToArray();
            var label = $"#{i + 1} trial {trial.Number}: {trial.Parameters}";
            var validated = history.Epochs.Where(e => e.ValidationAccuracy is not null).ToArray();
            var vx = validated.Select(e => (double)e.Epoch).ToArray();
            TrainingCurves.Line(accuracy, vx, validated.Select(e => e.ValidationAccuracy!.Value).ToArray(), label, color);
            TrainingCurves.Line(accuracy, xs, history.Epochs.Select(e => e.TrainAccuracy).ToArray(), "", color, LinePattern.Dashed).MarkerSize = 0;
            TrainingCurves.Line(loss, vx, validated.Select(e => e.ValidationLoss!.Value).ToArray(), label, color);
            TrainingCurves.Line(loss, xs, history.Epochs.Select(e => e.TrainLoss).ToArray(), "", color, LinePattern.Dashed).MarkerSize = 0;
            maxEpoch = Math.Max(maxEpoch, history.Epochs.Count == 0 ? 1 : history.Epochs.Max(e => e.Epoch));
        }

        foreach (var plot in new[] { accuracy, loss })
        {
            PlotStyle.EpochTicks(plot, maxEpoch);
            plot.Title(plot.Axes.Title.Label.Text, 15);
            // The same legend under both panels keeps their data areas the same height.
            PlotStyle.LegendBelow(plot);
            plot.Legend.Orientation = Orientation.Vertical;
        }

        var figure = new Multiplot(accuracy);
        figure.AddPlot(loss);
        figure.Layout = new ScottPlot.MultiplotLayouts.Columns();
        return figure;
    }

    /// <summary>Writes <see cref="TopTrials"/>' figure to a PNG file, atomically.</summary>
    /// <param name="result">A search result.</param>
    /// <param name="path">The .png file; its folder must exist.</param>
    /// <param name="count">How many trials. Default 3.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The full path written.</returns>
    public static string SaveTopTrials(SearchResult result, string path, int count = 3, int width = DefaultWidth, int height = DefaultHeight) =>
        PngFile.Save(TopTrials(result, count), path, width, height);
}
