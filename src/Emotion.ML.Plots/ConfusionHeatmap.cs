using System.Globalization;
using Emotion.ML.Evaluation;
using ScottPlot;
using ScottPlot.Plottables;

namespace Emotion.ML.Plots;

/// <summary>
/// A confusion matrix as a heatmap: one cell per (true, predicted) class pair, coloured by the
/// share of the true class's samples (rows sum to 100%), labelled with the count and that share;
/// class names on both axes, the first class at the top left as the matrix is printed.
/// </summary>
public static class ConfusionHeatmap
{
    /// <summary>Default figure width in pixels.</summary>
    public const int DefaultWidth = 900;

    /// <summary>Default figure height in pixels.</summary>
    public const int DefaultHeight = 760;

    /// <summary>The row-normalized shares the cells are coloured by: <c>[true, predicted]</c>, each row summing to 1 (0 for a class without samples).</summary>
    /// <param name="matrix">The confusion matrix.</param>
    /// <returns>A new array.</returns>
    public static double[,] RowShares(ConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var n = matrix.ClassCount;
        var shares = new double[n, n];
        for (var t = 0; t < n; t++)
        {
            double support = matrix.Counts[t].Sum();
            for (var p = 0; p < n; p++)
            {
                shares[t, p] = support == 0 ? 0 : matrix[t, p] / support;
            }
        }

        return shares;
    }

    /// <summary>The heatmap plot.</summary>
    /// <param name="matrix">The confusion matrix (rows: true class).</param>
    /// <param name="title">The title; null for <c>Confusion matrix</c>.</param>
    /// <returns>The plot, to change before saving. Its <see cref="Heatmap"/> holds <see cref="RowShares"/> with row 0 at the top.</returns>
    public static Plot Create(ConfusionMatrix matrix, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var n = matrix.ClassCount;
        var shares = RowShares(matrix);
        var plot = PlotStyle.NewPlot((title ?? "Confusion matrix") + "\ncells: count and share of the true class", "predicted class", "true class");
        var heatmap = plot.Add.Heatmap(shares);
        heatmap.Colormap = new ScottPlot.Colormaps.Blues().Reversed();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        // The extent gives the centres of the corner cells: predicted class p at x = p, true class t
        // at y = n - 1 - t, so the first class is at the top left as in the printed matrix.
        heatmap.Extent = new CoordinateRect(0, n - 1, 0, n - 1);
        var fontSize = n <= 6 ? 14 : n <= 10 ? 11 : 8;
        for (var t = 0; t < n; t++)
        {
            for (var p = 0; p < n; p++)
            {
                var share = shares[t, p];
                var text = plot.Add.Text(
                    string.Create(CultureInfo.InvariantCulture, $"{matrix[t, p]:N0}\n{share * 100:0.0}%"),
                    p,
                    n - 1 - t);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = fontSize;
                text.LabelFontName = PlotStyle.FontName;
                text.LabelFontColor = share > 0.5 ? Colors.White : Colors.Black;
            }
        }

        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, matrix.ClassNames.ToArray());
        plot.Axes.Left.SetTicks(positions, matrix.ClassNames.Reverse().ToArray());
        if (matrix.ClassNames.Max(c => c.Length) > 9 || n > 8)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        }

        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.HideGrid();
        plot.Add.ColorBar(heatmap);
        return plot;
    }

    /// <summary>Writes <see cref="Create"/>'s plot to a PNG file, atomically.</summary>
    /// <param name="matrix">The confusion matrix.</param>
    /// <param name="path">The .png file; its folder must exist.</param>
    /// <param name="title">The title.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The full path written.</returns>
    public static string Save(ConfusionMatrix matrix, string path, string? title = null, int width = DefaultWidth, int height = DefaultHeight) =>
        PngFile.Save(Create(matrix, title), path, width, height);
}
