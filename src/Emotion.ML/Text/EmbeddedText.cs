using System.IO.Compression;
using System.Text;

namespace Emotion.ML.Text;

/// <summary>Reads the gzip'd text lists embedded under <c>Text/Resources/</c>.</summary>
internal static class EmbeddedText
{
    /// <summary>The non-empty lines of the resource <paramref name="fileName"/>, split at tabs.</summary>
    public static IEnumerable<string[]> ReadRows(string fileName)
    {
        var name = "Emotion.ML.Text.Resources." + fileName;
        using var stream = typeof(EmbeddedText).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing from {typeof(EmbeddedText).Assembly.GetName().Name}.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return line.Split('\t');
            }
        }
    }
}
