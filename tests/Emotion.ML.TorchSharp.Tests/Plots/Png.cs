using System.Buffers.Binary;

namespace Emotion.ML.TorchSharp.Tests.Plots;

/// <summary>Reads what a PNG file says about itself, to check plots without looking at them.</summary>
internal static class Png
{
    private static readonly byte[] Signature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

    /// <summary>Asserts <paramref name="path"/> is a PNG of the given size that is not a blank canvas.</summary>
    public static void AssertImage(string path, int width, int height)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33 && bytes.AsSpan(0, 8).SequenceEqual(Signature), $"{path} is not a PNG file");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
        using var image = new ScottPlot.Image(bytes);
        var pixels = image.GetArrayRGB();
        var colours = new HashSet<int>();
        for (var y = 0; y < image.Height; y += 7)
        {
            for (var x = 0; x < image.Width; x += 7)
            {
                colours.Add((pixels[y, x, 0] << 16) | (pixels[y, x, 1] << 8) | pixels[y, x, 2]);
            }
        }

        Assert.True(colours.Count > 20, $"{path} has {colours.Count} colours: nearly blank");
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }
}
