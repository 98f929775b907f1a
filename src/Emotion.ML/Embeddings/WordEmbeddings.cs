using Emotion.ML.Tokenization;

namespace Emotion.ML.Embeddings;

/// <summary>
/// Pretrained word vectors (GloVe, word2vec, fastText) held in one contiguous <see cref="float"/>
/// array, with allocation-free look-up by word.
/// </summary>
/// <remarks>
/// Load with <see cref="Load"/>; build small tables for tests with <see cref="Create"/>. Words are
/// compared ordinally (case-sensitive); GloVe 6B words are lowercase. Immutable and safe to share
/// between threads.
/// </remarks>
public sealed class WordEmbeddings
{
    private readonly WordIndex _index;
    private readonly float[] _values;

    // The values array may be longer than Count * dimension (see EmbeddingTableBuilder.Build).
    internal WordEmbeddings(WordIndex index, float[] values, int dimension, EmbeddingFormat format)
    {
        _index = index;
        _values = values;
        Dimension = dimension;
        Format = format;
    }

    /// <summary>The number of values per vector.</summary>
    public int Dimension { get; }

    /// <summary>The number of words.</summary>
    public int Count => _index.Count;

    /// <summary>The words in file order; word <c>i</c>'s vector is <see cref="GetVector(int)"/>.</summary>
    public IReadOnlyList<string> Words => _index.Words;

    /// <summary>The format the vectors were loaded from; <see cref="EmbeddingFormat.Auto"/> for <see cref="Create"/>.</summary>
    public EmbeddingFormat Format { get; }

    /// <summary>All vectors, row-major: word <c>i</c> occupies <c>[i * Dimension, (i + 1) * Dimension)</c>.</summary>
    public ReadOnlyMemory<float> Values => _values.AsMemory(0, Count * Dimension);

    /// <summary>The vector of word number <paramref name="index"/> in <see cref="Words"/>.</summary>
    /// <param name="index">An index in <c>[0, Count)</c>.</param>
    public ReadOnlySpan<float> GetVector(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Expected an index in [0, {Count}).");
        }

        return _values.AsSpan(index * Dimension, Dimension);
    }

    /// <summary>The index of <paramref name="word"/> in <see cref="Words"/>, or -1. Does not allocate.</summary>
    /// <param name="word">The word, compared ordinally.</param>
    public int IndexOf(ReadOnlySpan<char> word) => _index.IndexOf(word);

    /// <summary>Looks up a word's vector without allocating.</summary>
    /// <param name="word">The word, compared ordinally.</param>
    /// <param name="vector">The vector when found; empty otherwise.</param>
    /// <returns>Whether the word has a vector.</returns>
    public bool TryGetVector(ReadOnlySpan<char> word, out ReadOnlySpan<float> vector)
    {
        var index = _index.IndexOf(word);
        vector = index < 0 ? default : _values.AsSpan(index * Dimension, Dimension);
        return index >= 0;
    }

    /// <summary>Looks up a word's vector.</summary>
    /// <param name="word">The word, compared ordinally.</param>
    /// <param name="vector">The vector when found; empty otherwise.</param>
    /// <returns>Whether the word has a vector.</returns>
    public bool TryGetVector(string word, out ReadOnlySpan<float> vector)
    {
        ArgumentNullException.ThrowIfNull(word);
        return TryGetVector(word.AsSpan(), out vector);
    }

    /// <summary>Builds embeddings from words and vectors; the first vector of a repeated word is kept.</summary>
    /// <param name="entries">The words and their vectors, all of the same positive length.</param>
    /// <exception cref="ArgumentException">There is no entry, a word is empty, or the vector lengths differ.</exception>
    public static WordEmbeddings Create(IEnumerable<(string Word, float[] Vector)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        EmbeddingTableBuilder? builder = null;
        var position = 0;
        foreach (var (word, vector) in entries)
        {
            if (string.IsNullOrEmpty(word) || vector is null || vector.Length == 0)
            {
                throw new ArgumentException($"Entry {position} needs a non-empty word and vector.", nameof(entries));
            }

            if (builder is null)
            {
                builder = new EmbeddingTableBuilder(new WordEmbeddingsLoadOptions());
                builder.Start(vector.Length, 16);
            }
            else if (vector.Length != builder.Dimension)
            {
                throw new ArgumentException($"Entry {position} ('{word}') has {vector.Length} values; the first entry has {builder.Dimension}.", nameof(entries));
            }

            builder.Add(word, vector);
            position++;
        }

        return builder?.Build(EmbeddingFormat.Auto) ?? throw new ArgumentException("At least one entry is needed.", nameof(entries));
    }

    /// <summary>
    /// Loads word vectors from a GloVe, word2vec (text or binary) or fastText <c>.vec</c> file,
    /// optionally gzip-compressed (detected by its magic bytes). The file is streamed; text formats
    /// are parsed in parallel blocks.
    /// </summary>
    /// <param name="path">The embedding file.</param>
    /// <param name="options">Word limits, a word filter and the format; defaults (all words, detected format) when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EmbeddingFormatException">The content is malformed; the message names the file, the line or record, and the problem.</exception>
    /// <exception cref="InvalidDataException">The gzip data is corrupt; the message names the file.</exception>
    public static WordEmbeddings Load(string path, WordEmbeddingsLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new WordEmbeddingsLoadOptions();
        if (!Enum.IsDefined(options.Format))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Format, $"{nameof(options.Format)} is not an {nameof(EmbeddingFormat)} value.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Embedding file '{path}' was not found.", path);
        }

        var builder = new EmbeddingTableBuilder(options);
        var format = options.Format == EmbeddingFormat.Auto ? EmbeddingFile.Detect(path) : options.Format;
        try
        {
            using var stream = EmbeddingFile.Open(path, out var expectedBytes);
            if (format == EmbeddingFormat.Word2VecBinary)
            {
                BinaryEmbeddingParser.Parse(stream, path, builder);
            }
            else
            {
                TextEmbeddingParser.Parse(stream, path, hasHeader: format != EmbeddingFormat.GloVe, expectedBytes, builder);
            }
        }
        catch (InvalidDataException ex)
        {
            // GZipStream reports corrupt data without saying which file it was reading.
            throw new InvalidDataException($"{path}: the compressed data is corrupt: {ex.Message}", ex);
        }

        return builder.Build(format);
    }
}
