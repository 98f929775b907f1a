using System.Globalization;
using Emotion.ML.Evaluation;
using ScottPlot;

namespace Emotion.ML.Plots;

/// <summary>Per-class F1 as bars, labelled with the value, each class's support under its name, and the macro-F1 as a dashed line.</summary>
public static class ClassF1Bars
{
    /// <summary>Default figure width in pixels.</summary>
    public const int DefaultWidth = 900;

    /// <summary>Default figure height in pixels.</summary>
    public const int DefaultHeight = 560;

    /// <summary>The bar plot.</summary>
    /// <param name="report">An evaluation report.</param>
    /// <param name="title">The title; null for one with the accuracy and macro-F1.</param>
    /// <returns>The plot, to change before saving; bar <c>i</c> is class <c>i</c>'s F1.</returns>
    public static Plot Create(ClassificationReport report, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plot = PlotStyle.NewPlot(
            title ?? string.Create(CultureInfo.InvariantCulture, $"F1 per class (accuracy {report.Accuracy:F4}, macro-F1 {report.MacroF1:F4})"),
            "class (support)",
            "F1");
        var bars = report.PerClass.Select((c, i) => new Bar
        {
            Position = i,
            Value = c.F1,
            FillColor = PlotStyle.Palette[i % PlotStyle.Palette.Length],
            Label = c.F1.ToString("F3", CultureInfo.InvariantCulture),
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.ValueLabelStyle.FontSize = 13;
        var macro = plot.Add.HorizontalLine(report.MacroF1, 1.5f, Colors.Gray, LinePattern.Dashed);
        macro.LegendText = string.Create(CultureInfo.InvariantCulture, $"macro-F1 {report.MacroF1:F4}");
        var positions = Enumerable.Range(0, report.PerClass.Count).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, report.PerClass.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name}\n({c.Support:N0})")).ToArray());
        plot.Axes.SetLimits(-0.6, report.PerClass.Count - 0.4, 0, 1.08);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>Writes <see cref="Create"/>'s plot to a PNG file, atomically.</summary>
    /// <param name="report">An evaluation report.</param>
    /// <param name="path">The .png file; its folder must exist.</param>
    /// <param name="title">The title.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The full path written.</returns>
    public static string Save(ClassificationReport report, string path, string? title = null, int width = DefaultWidth, int height = DefaultHeight) =>
        PngFile.Save(Create(report, title), path, width, height);
}
