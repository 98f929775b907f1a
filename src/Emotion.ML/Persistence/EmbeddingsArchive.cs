using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Emotion.ML.Embeddings;
using Emotion.ML.Tokenization;
using Microsoft.ML;

namespace Emotion.ML.Persistence;

/// <summary>
/// Archive entries of <see cref="ApplyEmbeddingsTransformer"/>: columns and pooling as JSON, and
/// every word vector it holds in <c>vectors.bin</c>.
/// </summary>
/// <remarks>
/// <c>vectors.bin</c>: the ASCII magic <c>EMLVEC01</c>, then Int32 word count and Int32 dimension,
/// then per word its UTF-8 length (Int32) and bytes, then all vectors as float32 in word order.
/// Every number is little-endian.
/// </remarks>
internal sealed class EmbeddingsArchive : IArchivedTransformerReader
{
    public const string Kind = "ApplyEmbeddings";

    private const string OptionsEntry = "options.json";
    private const string VectorsEntry = "vectors.bin";
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("EMLVEC01");

    public static void Write(ApplyEmbeddingsTransformer transformer, ArchiveStepWriter writer)
    {
        var embeddings = transformer.Embeddings;
        writer.WriteJson(OptionsEntry, new Entry
        {
            InputColumnName = transformer.InputColumnName,
            OutputColumnName = transformer.OutputColumnName,
            Mode = transformer.Mode,
            Format = embeddings.Format,
            Count = embeddings.Count,
            Dimension = embeddings.Dimension,
        });

        using var stream = writer.Create(VectorsEntry, compress: false);
        using var output = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        output.Write(Magic);
        output.Write(embeddings.Count);
        output.Write(embeddings.Dimension);
        foreach (var word in embeddings.Words)
        {
            var bytes = Encoding.UTF8.GetBytes(word);
            output.Write(bytes.Length);
            output.Write(bytes);
        }

        output.Flush();
        var values = embeddings.Values.Span;
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
        }
        else
        {
            foreach (var value in values)
            {
                output.Write(value);
            }
        }
    }

    public ITransformer Read(ArchiveStepReader reader)
    {
        var entry = reader.ReadJson<Entry>(OptionsEntry);
        if (string.IsNullOrEmpty(entry.InputColumnName) || string.IsNullOrEmpty(entry.OutputColumnName) ||
            !Enum.IsDefined(entry.Mode) || !Enum.IsDefined(entry.Format) || entry.Count < 1 || entry.Dimension < 1)
        {
            throw reader.Fail(OptionsEntry, "the column names, pooling mode, format, word count or dimension are missing or invalid.");
        }

        var embeddings = ReadVectors(reader, entry);
        return new ApplyEmbeddingsTransformer(entry.OutputColumnName, entry.InputColumnName, embeddings, entry.Mode);
    }

    private static WordEmbeddings ReadVectors(ArchiveStepReader reader, Entry entry)
    {
        // Each word takes at least its length prefix, one byte and its vector: a table larger than the
        // entry is damage, and refusing it early avoids allocating for counts the data cannot hold.
        var least = Magic.Length + 8 + ((long)entry.Count * (5 + (4L * entry.Dimension)));
        if (least > reader.Length(VectorsEntry))
        {
            throw reader.Fail(VectorsEntry, $"the entry is too short for {entry.Count} x {entry.Dimension} values.");
        }

        return reader.Read(VectorsEntry, stream => ReadVectors(reader, entry, stream));
    }

    private static WordEmbeddings ReadVectors(ArchiveStepReader reader, Entry entry, Stream stream)
    {
        using var input = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (!input.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw reader.Fail(VectorsEntry, "the header is not an Emotion.ML vector table.");
            }

            var count = input.ReadInt32();
            var dimension = input.ReadInt32();
            if (count != entry.Count || dimension != entry.Dimension)
            {
                throw reader.Fail(VectorsEntry, $"the table holds {count} x {dimension} values; {OptionsEntry} says {entry.Count} x {entry.Dimension}.");
            }

            var index = new WordIndex(count);
            var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
            for (var i = 0; i < count; i++)
            {
                var length = input.ReadInt32();
                if (length < 1 || length > 1 << 16)
                {
                    throw reader.Fail(VectorsEntry, $"word {i} has length {length}.");
                }

                var bytes = input.ReadBytes(length);
                if (bytes.Length != length)
                {
                    throw new EndOfStreamException();
                }

                if (!index.GetOrAdd(utf8.GetString(bytes)).Added)
                {
                    throw reader.Fail(VectorsEntry, $"word {i} repeats an earlier word.");
                }
            }

            var values = new float[checked(count * dimension)];
            var span = MemoryMarshal.AsBytes(values.AsSpan());
            input.BaseStream.ReadExactly(span);
            if (!BitConverter.IsLittleEndian)
            {
                var words = MemoryMarshal.Cast<float, int>(values.AsSpan());
                BinaryPrimitives.ReverseEndianness(words, words);
            }

            return new WordEmbeddings(index, values, dimension, entry.Format);
        }
        catch (Exception ex) when (ex is EndOfStreamException or DecoderFallbackException or OverflowException)
        {
            throw reader.Fail(VectorsEntry, $"the vector table is truncated or malformed: {ex.Message}", ex);
        }
    }

    private sealed class Entry
    {
        public string InputColumnName { get; set; } = "";

        public string OutputColumnName { get; set; } = "";

        public EmbeddingPooling Mode { get; set; }

        public EmbeddingFormat Format { get; set; }

        public int Count { get; set; }

        public int Dimension { get; set; }
    }
}
