using System.Buffers.Binary;
using System.Text;

namespace Emotion.ML.Embeddings;

/// <summary>
/// Parses word2vec binary files: a text header <c>count dimension</c>, then per record the word's
/// UTF-8 bytes, a space and <c>dimension</c> little-endian 32-bit floats, optionally followed by a line break.
/// </summary>
internal static class BinaryEmbeddingParser
{
    private const int MaxWordBytes = 1 << 16;

    public static void Parse(Stream stream, string path, EmbeddingTableBuilder builder)
    {
        var input = stream as BufferedStream ?? new BufferedStream(stream, 1 << 16);
        var header = ReadHeaderLine(input, path);
        if (!EmbeddingFile.TryParseHeader(header, out var count, out var dimension))
        {
            throw new EmbeddingFormatException(path, 1, false, "expected a header line 'count dimension' of two positive integers.");
        }

        builder.Start(dimension, count);
        var bytes = new byte[dimension * sizeof(float)];
        var vector = new float[dimension];
        var word = new List<byte>(64);
        for (long record = 0; record < count; record++)
        {
            var problem = ReadWord(input, word);
            if (problem is not null)
            {
                var detail = problem == WordProblem.EndOfFile
                    ? $"the header announces {count} words but the file ends after {record}."
                    : problem == WordProblem.Truncated
                        ? "the file ends inside the word; the record is truncated."
                        : $"the word is longer than {MaxWordBytes} bytes; the file is not word2vec binary.";
                throw new EmbeddingFormatException(path, record, true, detail);
            }

            var text = Encoding.UTF8.GetString(word.ToArray());
            var read = input.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read < bytes.Length)
            {
                throw new EmbeddingFormatException(path, record, true, $"the vector of '{text}' is truncated: expected {bytes.Length} bytes ({dimension} floats), found {read}.");
            }

            if (builder.Restrict is not null && builder.Restrict.IndexOf(text) < 0)
            {
                continue;
            }

            for (var i = 0; i < dimension; i++)
            {
                vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
            }

            builder.Add(text, vector);
            if (builder.IsFull)
            {
                return;
            }
        }

        int next;
        while ((next = input.ReadByte()) is '\n' or '\r' or ' ' or '\t')
        {
        }

        if (next >= 0)
        {
            throw new EmbeddingFormatException(path, count, true, $"the header announces {count} words but more data follows.");
        }
    }

    private static byte[] ReadHeaderLine(Stream input, string path)
    {
        var line = new List<byte>(32);
        int b;
        while ((b = input.ReadByte()) >= 0 && b != '\n')
        {
            if (line.Count > 256)
            {
                throw new EmbeddingFormatException(path, 1, false, "expected a header line 'count dimension' of two positive integers.");
            }

            line.Add((byte)b);
        }

        if (line.Count == 0 && b < 0)
        {
            throw new EmbeddingFormatException(path, 1, false, "the file is empty.");
        }

        return line.ToArray();
    }

    /// <summary>Reads a word up to its space, skipping line breaks left by the previous record; returns what went wrong, or null.</summary>
    private static WordProblem? ReadWord(Stream input, List<byte> word)
    {
        word.Clear();
        int b;
        while ((b = input.ReadByte()) is '\n' or '\r')
        {
        }

        while (b >= 0 && b != ' ')
        {
            if (word.Count >= MaxWordBytes)
            {
                return WordProblem.TooLong;
            }

            word.Add((byte)b);
            b = input.ReadByte();
        }

        return b >= 0 && word.Count > 0 ? null : word.Count == 0 && b < 0 ? WordProblem.EndOfFile : WordProblem.Truncated;
    }

    private enum WordProblem
    {
        EndOfFile,
        Truncated,
        TooLong,
    }
}
