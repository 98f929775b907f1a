using System.Buffers.Text;
using System.IO.Compression;

namespace Emotion.ML.Embeddings;

/// <summary>Opens embedding files (gzip detected by its magic bytes) and detects their format.</summary>
internal static class EmbeddingFile
{
    private const int PeekSize = 1 << 16;

    /// <summary>Opens <paramref name="path"/> for sequential reading, decompressing gzip content.</summary>
    public static Stream Open(string path) => Open(path, out _);

    /// <summary>
    /// Opens <paramref name="path"/> for sequential reading, decompressing gzip content, and estimates
    /// the decompressed size (text vectors compress about 2.6 times) so storage is sized once.
    /// </summary>
    public static Stream Open(string path, out long expectedBytes)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            var compressed = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            expectedBytes = compressed ? (long)(file.Length * 2.6) : file.Length;
            return compressed ? new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16) : file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The format of <paramref name="path"/>, read from its first bytes.</summary>
    /// <remarks>
    /// A first line of two integers is a word2vec/fastText header; after it, control bytes mean
    /// binary vectors. fastText is told from word2vec text by the <c>.vec</c> extension only, since
    /// their layouts are the same.
    /// </remarks>
    public static EmbeddingFormat Detect(string path)
    {
        var peek = new byte[PeekSize];
        int length;
        using (var stream = Open(path))
        {
            length = stream.ReadAtLeast(peek, peek.Length, throwOnEndOfStream: false);
        }

        var content = peek.AsSpan(0, length);
        if (content.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new EmbeddingFormatException(path, 1, false, "the file is empty.");
        }

        var newline = content.IndexOf((byte)'\n');
        var first = newline < 0 ? content : content[..newline];
        if (!TryParseHeader(first, out _, out _))
        {
            return EmbeddingFormat.GloVe;
        }

        var rest = newline < 0 ? ReadOnlySpan<byte>.Empty : content[(newline + 1)..];
        foreach (var b in rest)
        {
            if ((b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r') || b == 0x7f)
            {
                return EmbeddingFormat.Word2VecBinary;
            }
        }

        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return name.EndsWith(".vec", StringComparison.OrdinalIgnoreCase) ? EmbeddingFormat.FastText : EmbeddingFormat.Word2VecText;
    }

    /// <summary>Parses a <c>count dimension</c> header line.</summary>
    public static bool TryParseHeader(ReadOnlySpan<byte> line, out long count, out int dimension)
    {
        count = 0;
        dimension = 0;
        line = line.Trim(" \t\r"u8);
        var space = line.IndexOfAny((byte)' ', (byte)'\t');
        if (space < 0)
        {
            return false;
        }

        var second = line[(space + 1)..].TrimStart(" \t"u8);
        return Utf8Parser.TryParse(line[..space], out count, out var used1) && used1 == space && count >= 0
            && Utf8Parser.TryParse(second, out dimension, out var used2) && used2 == second.Length && dimension > 0;
    }
}
