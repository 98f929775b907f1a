using ScottPlot;

namespace Emotion.ML.Plots;

/// <summary>
/// The look every Emotion.ML figure shares: DejaVu Sans (Debian's <c>fonts-dejavu-core</c>, registered
/// from its file when the system font lookup does not find it), readable sizes, one colour per series.
/// </summary>
internal static class PlotStyle
{
    /// <summary>The font family every label uses.</summary>
    public const string FontName = "DejaVu Sans";

    private static readonly string[] FontFiles =
    {
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    };

    private static readonly object Gate = new();
    private static bool fontsReady;

    /// <summary>Series colours, in order: train/validation pairs and overlaid runs take them in turn.</summary>
    public static readonly Color[] Palette =
    {
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"),
        Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"),
    };

    /// <summary>A new plot with the shared fonts and sizes.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        EnsureFonts();
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title, 17);
        plot.XLabel(xLabel, 14);
        plot.YLabel(yLabel, 14);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Legend.FontSize = 12;
        plot.Legend.FontName = FontName;
        return plot;
    }

    /// <summary>Integer ticks 1..<paramref name="epochs"/> on the bottom axis (at most about a dozen labels).</summary>
    public static void EpochTicks(Plot plot, int epochs)
    {
        var step = Math.Max(1, (int)Math.Ceiling(epochs / 12.0));
        var positions = Enumerable.Range(1, Math.Max(1, epochs)).Where(e => e == 1 || e % step == 0).Select(e => (double)e).ToArray();
        plot.Axes.Bottom.SetTicks(positions, positions.Select(p => p.ToString("0", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimitsX(0.5, Math.Max(1, epochs) + 0.5);
    }

    /// <summary>Shows the legend under the data area, in a row, so it never hides a curve.</summary>
    public static void LegendBelow(Plot plot)
    {
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
    }

    /// <summary>Makes DejaVu Sans the default font, registering its file when the system lookup lacks it.</summary>
    public static void EnsureFonts()
    {
        lock (Gate)
        {
            if (fontsReady)
            {
                return;
            }

            if (!Installed() && FontFiles.FirstOrDefault(File.Exists) is { } file)
            {
                Fonts.AddFontFile(FontName, file);
            }

            if (Installed())
            {
                Fonts.Default = FontName;
            }

            fontsReady = true;
        }
    }

    /// <summary>Whether the font lookup finds DejaVu Sans itself rather than a fallback.</summary>
    public static bool Installed() =>
        string.Equals(Fonts.GetTypeface(FontName, false, false)?.FamilyName, FontName, StringComparison.OrdinalIgnoreCase);
}
