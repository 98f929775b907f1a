using Emotion.ML.IO;
using ScottPlot;

namespace Emotion.ML.Plots;

/// <summary>Renders figures to PNG and writes them atomically (a temporary file, then a move), so no reader sees half an image.</summary>
internal static class PngFile
{
    /// <summary>Renders <paramref name="plot"/> and writes it to <paramref name="path"/>.</summary>
    public static string Save(Plot plot, string path, int width, int height)
    {
        Check(path, width, height);
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(width, height, ImageFormat.Png));
        return Path.GetFullPath(path);
    }

    /// <summary>Renders <paramref name="figure"/> and writes it to <paramref name="path"/>.</summary>
    public static string Save(Multiplot figure, string path, int width, int height)
    {
        Check(path, width, height);
        using var image = figure.Render(width, height);
        AtomicFile.WriteAllBytes(path, image.GetImageBytes(ImageFormat.Png, 100));
        return Path.GetFullPath(path);
    }

    private static void Check(string path, int width, int height)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (width < 100 || height < 100 || width > 10_000 || height > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A figure of {width} x {height} pixels was asked for '{path}'; expected 100 to 10,000 pixels each way.");
        }

        if (!string.Equals(Path.GetExtension(path), ".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{path}' does not end in .png; figures are written as PNG.", nameof(path));
        }
    }
}
