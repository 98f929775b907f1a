using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Emotion.ML.Tokenization;

namespace Emotion.ML.Embeddings;

/// <summary>
/// Parses GloVe, word2vec text and fastText <c>.vec</c> files: blocks of lines are parsed in
/// parallel on the thread pool while one thread reads (and decompresses) ahead, and the results
/// are merged in file order so "first occurrence wins" and error line numbers stay exact.
/// </summary>
internal static class TextEmbeddingParser
{
    private static readonly int QueueDepth = Environment.ProcessorCount * 2 + 2;

    public static void Parse(Stream stream, string path, bool hasHeader, long expectedBytes, EmbeddingTableBuilder builder)
    {
        var reader = new LineBlockReader(stream);
        if (!reader.TryRead(out var first))
        {
            throw new EmbeddingFormatException(path, 1, false, "the file is empty.");
        }

        long? headerCount = null;
        int dimension;
        var span = first.Span;
        if (hasHeader)
        {
            var newline = span.IndexOf((byte)'\n');
            if (!EmbeddingFile.TryParseHeader(newline < 0 ? span : span[..newline], out var count, out dimension))
            {
                throw new EmbeddingFormatException(path, 1, false, "expected a header line 'count dimension' of two positive integers.");
            }

            headerCount = count;
            first = first with { Start = newline < 0 ? first.End : first.Start + newline + 1, FirstLine = 2 };
        }
        else
        {
            dimension = FirstLineDimension(first, path);
        }

        builder.Start(dimension, headerCount ?? EstimateWords(expectedBytes, first));
        var (records, stopped) = Run(reader, first, path, dimension, builder);
        if (headerCount is not null && !stopped && records != headerCount)
        {
            throw new EmbeddingFormatException(path, 1, false, $"the header announces {headerCount} words but the file holds {records}.");
        }
    }

    private static (long Records, bool Stopped) Run(LineBlockReader reader, LineBlock first, string path, int dimension, EmbeddingTableBuilder builder)
    {
        var queue = new BlockingCollection<Task<BlockResult>>(QueueDepth);
        using var cancel = new CancellationTokenSource();
        var restrict = builder.Restrict;
        var producer = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    var block = first;
                    do
                    {
                        var current = block;
                        queue.Add(Task.Run(() => ParseBlock(current, dimension, restrict)), cancel.Token);
                    }
                    while (!cancel.IsCancellationRequested && reader.TryRead(out block));
                }
                catch (OperationCanceledException)
                {
                    // The consumer stopped early (MaxWords reached or an error); nothing more to read.
                }
                catch (Exception ex)
                {
                    // Hand a read failure (e.g. corrupt gzip data) to the consumer in order, after the blocks read before it.
                    try
                    {
                        queue.Add(Task.FromException<BlockResult>(ex), cancel.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // The consumer already stopped.
                    }
                }
                finally
                {
                    queue.CompleteAdding();
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        long records = 0;
        var stopped = false;
        try
        {
            foreach (var task in queue.GetConsumingEnumerable())
            {
                var result = task.GetAwaiter().GetResult();
                try
                {
                    records += result.Records;
                    for (var i = 0; i < result.Words.Count && !stopped; i++)
                    {
                        builder.Add(result.Words[i], result.Values.AsSpan(i * dimension, dimension));
                        stopped = builder.IsFull;
                    }

                    if (!stopped && result.ErrorLine > 0)
                    {
                        throw new EmbeddingFormatException(path, result.ErrorLine, false, result.Error!);
                    }
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(result.Values);
                }

                if (stopped)
                {
                    break;
                }
            }
        }
        finally
        {
            cancel.Cancel();
            foreach (var pending in queue.GetConsumingEnumerable())
            {
                try
                {
                    ArrayPool<float>.Shared.Return(pending.GetAwaiter().GetResult().Values);
                }
                catch (Exception)
                {
                    // Already failing or stopping: a later block's failure changes nothing.
                }
            }

            producer.Wait();
        }

        return (records, stopped);
    }

    private static BlockResult ParseBlock(LineBlock block, int dimension, WordIndex? restrict)
    {
        var data = block.Span;
        var lines = data.Count((byte)'\n') + 1;
        var values = ArrayPool<float>.Shared.Rent(Math.Max(lines * dimension, 1));
        var result = new BlockResult(new List<string>(lines), values);
        var chars = new char[256];
        var line = block.FirstLine;
        try
        {
            while (!data.IsEmpty)
            {
                var newline = data.IndexOf((byte)'\n');
                var text = newline < 0 ? data : data[..newline];
                data = newline < 0 ? default : data[(newline + 1)..];
                var error = ParseLine(text, dimension, restrict, ref chars, result);
                if (error is not null)
                {
                    result.ErrorLine = line;
                    result.Error = error;
                    break;
                }

                line++;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block.Buffer);
        }

        return result;
    }

    /// <summary>Parses one line into <paramref name="result"/>; returns what was wrong, or null.</summary>
    private static string? ParseLine(ReadOnlySpan<byte> line, int dimension, WordIndex? restrict, ref char[] chars, BlockResult result)
    {
        line = line.TrimEnd(" \t\r"u8);
        if (line.IsEmpty)
        {
            return null; // Blank lines (e.g. a trailing one) carry no word.
        }

        result.Records++;
        var separator = line.IndexOfAny((byte)' ', (byte)'\t');
        if (separator == 0)
        {
            return "the line starts with white space; expected a word.";
        }

        var wordBytes = separator < 0 ? line : line[..separator];
        if (chars.Length < Encoding.UTF8.GetMaxCharCount(wordBytes.Length))
        {
            chars = new char[Encoding.UTF8.GetMaxCharCount(wordBytes.Length)];
        }

        var word = chars.AsSpan(0, Encoding.UTF8.GetChars(wordBytes, chars));
        if (restrict is not null && restrict.IndexOf(word) < 0)
        {
            return null; // Not wanted: skip parsing its vector.
        }

        var vector = result.Values.AsSpan(result.Words.Count * dimension, dimension);
        var rest = separator < 0 ? ReadOnlySpan<byte>.Empty : line[(separator + 1)..];
        var position = 0;
        for (var i = 0; i < dimension; i++)
        {
            while (position < rest.Length && rest[position] is (byte)' ' or (byte)'\t')
            {
                position++;
            }

            if (position == rest.Length)
            {
                return $"expected {dimension} values after '{word}', found {i}.";
            }

            if (!FastFloatParser.TryParse(rest[position..], out vector[i], out var used))
            {
                return $"value {i + 1} of '{word}' is not a number: '{Encoding.UTF8.GetString(rest.Slice(position, used))}'.";
            }

            position += used;
        }

        rest = rest[position..];
        rest = rest.TrimStart(" \t"u8);
        if (!rest.IsEmpty)
        {
            return $"expected {dimension} values after '{word}', found {dimension + CountFields(rest)}.";
        }

        result.Words.Add(word.ToString());
        return null;
    }

    private static int FirstLineDimension(LineBlock block, string path)
    {
        var data = block.Span;
        var line = block.FirstLine;
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            var text = (newline < 0 ? data : data[..newline]).Trim(" \t\r"u8);
            if (!text.IsEmpty)
            {
                var fields = CountFields(text);
                if (fields < 2)
                {
                    throw new EmbeddingFormatException(path, line, false, "expected a word followed by its vector values.");
                }

                return fields - 1;
            }

            data = newline < 0 ? default : data[(newline + 1)..];
            line++;
        }

        throw new EmbeddingFormatException(path, 1, false, "the file is empty.");
    }

    private static int CountFields(ReadOnlySpan<byte> text)
    {
        var count = 0;
        var inField = false;
        foreach (var b in text)
        {
            var separator = b is (byte)' ' or (byte)'\t';
            count += !separator && !inField ? 1 : 0;
            inField = !separator;
        }

        return count;
    }

    /// <summary>Words expected in a headerless file, from its (decompressed) size and first line, so storage is allocated about once.</summary>
    private static long EstimateWords(long expectedBytes, LineBlock first)
    {
        var newline = first.Span.IndexOf((byte)'\n');
        var lineBytes = Math.Max(newline + 1, 16);
        return (long)(expectedBytes / lineBytes * 1.05) + 16;
    }

    private sealed class BlockResult
    {
        public BlockResult(List<string> words, float[] values)
        {
            Words = words;
            Values = values;
        }

        public List<string> Words { get; }

        public float[] Values { get; }

        public long Records { get; set; }

        public long ErrorLine { get; set; }

        public string? Error { get; set; }
    }
}
