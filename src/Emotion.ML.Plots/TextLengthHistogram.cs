using System.Globalization;
using ScottPlot;

namespace Emotion.ML.Plots;

/// <summary>
/// How long the texts of a dataset are, in whitespace-separated tokens: a histogram with the median
/// and the 95th percentile marked (the latter a good <c>maxLength</c> for <c>TokenizeToIds</c>).
/// </summary>
public static class TextLengthHistogram
{
    /// <summary>Default figure width in pixels.</summary>
    public const int DefaultWidth = 1000;

    /// <summary>Default figure height in pixels.</summary>
    public const int DefaultHeight = 560;

    /// <summary>Whitespace-separated tokens of each text.</summary>
    /// <param name="texts">The texts.</param>
    /// <returns>One length per text.</returns>
    public static int[] TokenCounts(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts.Select(t => t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length).ToArray();
    }

    /// <summary>The histogram plot: one bar per length (or per range of lengths when they spread over more than 60).</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="name">What the texts are (a file name), for the title.</param>
    /// <returns>The plot, to change before saving.</returns>
    /// <exception cref="ArgumentException">No texts.</exception>
    public static Plot Create(IEnumerable<string> texts, string? name = null)
    {
        var lengths = TokenCounts(texts);
        if (lengths.Length == 0)
        {
            throw new ArgumentException("There are no texts to measure.", nameof(texts));
        }

        var sorted = lengths.Order().ToArray();
        var median = Percentile(sorted, 0.5);
        var p95 = Percentile(sorted, 0.95);
        var plot = PlotStyle.NewPlot(
            string.Create(CultureInfo.InvariantCulture, $"Tokens per text{(name is null ? "" : $": {name}")} ({lengths.Length:N0} texts, mean {lengths.Average():F1})"),
            "tokens (whitespace-separated)",
            "texts");
        var binSize = Math.Max(1, (int)Math.Ceiling((sorted[^1] + 1) / 60.0));
        var histogram = ScottPlot.Statistics.Histogram.WithBinSize(binSize, 0, sorted[^1] + binSize);
        histogram.AddRange(lengths.Select(l => (double)l));
        plot.Add.Histogram(histogram, PlotStyle.Palette[0], disableBottomPadding: true);
        if (binSize > 1)
        {
            plot.XLabel($"tokens (whitespace-separated; bars of {binSize})", 14);
        }

        var medianLine = plot.Add.VerticalLine(median, 2, PlotStyle.Palette[1], LinePattern.Dashed);
        medianLine.LegendText = string.Create(CultureInfo.InvariantCulture, $"median {median:0.#}");
        var p95Line = plot.Add.VerticalLine(p95, 2, PlotStyle.Palette[3], LinePattern.Dashed);
        p95Line.LegendText = string.Create(CultureInfo.InvariantCulture, $"95th percentile {p95:0.#}");
        plot.Axes.SetLimitsX(0, sorted[^1] + binSize);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>Writes <see cref="Create"/>'s plot to a PNG file, atomically.</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="path">The .png file; its folder must exist.</param>
    /// <param name="name">What the texts are, for the title.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The full path written.</returns>
    public static string Save(IEnumerable<string> texts, string path, string? name = null, int width = DefaultWidth, int height = DefaultHeight) =>
        PngFile.Save(Create(texts, name), path, width, height);

    /// <summary>The <paramref name="q"/> quantile of sorted values, by linear interpolation (numpy's default).</summary>
    internal static double Percentile(int[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
