using Emotion.ML.TorchSharp.Training;
using ScottPlot;
using ScottPlot.Plottables;

namespace Emotion.ML.Plots;

/// <summary>
/// The training curves of one run, side by side: loss (left) and accuracy (right) per epoch,
/// training and validation, with the kept epoch (early stopping's best, or the last) marked by a
/// dashed line; Keras' <c>history</c> plots in one figure.
/// </summary>
public static class TrainingCurves
{
    /// <summary>Default figure width in pixels.</summary>
    public const int DefaultWidth = 1200;

    /// <summary>Default figure height in pixels.</summary>
    public const int DefaultHeight = 480;

    /// <summary>The loss panel: training and (when present) validation loss per epoch, the kept epoch marked.</summary>
    /// <param name="history">The run's history.</param>
    /// <param name="title">The panel's title; null for <c>Loss</c>.</param>
    /// <returns>The plot, to change before saving.</returns>
    public static Plot LossPlot(TrainingHistory history, string? title = null) =>
        Panel(history, title ?? "Loss", "cross-entropy", e => e.TrainLoss, e => e.ValidationLoss);

    /// <summary>The accuracy panel: training and (when present) validation accuracy per epoch, the kept epoch marked.</summary>
    /// <param name="history">The run's history.</param>
    /// <param name="title">The panel's title; null for <c>Accuracy</c>.</param>
    /// <returns>The plot, to change before saving.</returns>
    public static Plot AccuracyPlot(TrainingHistory history, string? title = null) =>
        Panel(history, title ?? "Accuracy", "accuracy", e => e.TrainAccuracy, e => e.ValidationAccuracy);

    /// <summary>Both panels in one figure, loss left and accuracy right.</summary>
    /// <param name="history">The run's history.</param>
    /// <param name="name">What the run is (a model name); it heads both panels.</param>
    /// <returns>The figure.</returns>
    public static Multiplot Create(TrainingHistory history, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var prefix = string.IsNullOrWhiteSpace(name) ? "" : name + ": ";
        var figure = new Multiplot(LossPlot(history, prefix + "loss"));
        figure.AddPlot(AccuracyPlot(history, prefix + "accuracy"));
        figure.Layout = new ScottPlot.MultiplotLayouts.Columns();
        return figure;
    }

    /// <summary>Writes <see cref="Create"/>'s figure to a PNG file, atomically.</summary>
    /// <param name="history">The run's history.</param>
    /// <param name="path">The .png file; its folder must exist.</param>
    /// <param name="name">What the run is; it heads both panels.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The full path written.</returns>
    public static string Save(TrainingHistory history, string path, string? name = null, int width = DefaultWidth, int height = DefaultHeight) =>
        PngFile.Save(Create(history, name), path, width, height);

    private static Plot Panel(TrainingHistory history, string title, string yLabel, Func<EpochRecord, double> train, Func<EpochRecord, double?> validation)
    {
        ArgumentNullException.ThrowIfNull(history);
        var plot = PlotStyle.NewPlot(title, "epoch", yLabel);
        var epochs = history.Epochs;
        var xs = epochs.Select(e => (double)e.Epoch).ToArray();
        Line(plot, xs, epochs.Select(train).ToArray(), "training", PlotStyle.Palette[0]);
        var withValidation = epochs.Where(e => validation(e) is not null).ToArray();
        if (withValidation.Length > 0)
        {
            Line(plot, withValidation.Select(e => (double)e.Epoch).ToArray(), withValidation.Select(e => validation(e)!.Value).ToArray(), "validation", PlotStyle.Palette[1]);
        }

        if (history.BestEpoch > 0)
        {
            var line = plot.Add.VerticalLine(history.BestEpoch, 1.5f, Colors.Gray, LinePattern.Dashed);
            line.LegendText = history.StopReason == StopReason.EarlyStopping
                ? $"kept epoch {history.BestEpoch} (early stopping)"
                : $"kept epoch {history.BestEpoch}";
        }

        PlotStyle.EpochTicks(plot, epochs.Count == 0 ? 1 : epochs.Max(e => e.Epoch));
        PlotStyle.LegendBelow(plot);
        return plot;
    }

    internal static Scatter Line(Plot plot, double[] xs, double[] ys, string label, Color color, LinePattern pattern = default)
    {
        var line = plot.Add.Scatter(xs, ys, color);
        line.LegendText = label;
        line.LineWidth = 2;
        line.MarkerSize = 6;
        line.LinePattern = pattern;
        return line;
    }
}
