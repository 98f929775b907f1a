using Emotion.ML.Tokenization;

namespace Emotion.ML.Embeddings;

/// <summary>
/// Collects words and vectors into one contiguous array while loading: keeps the first of repeated
/// words, honours <see cref="WordEmbeddingsLoadOptions.RestrictTo"/> and <see cref="WordEmbeddingsLoadOptions.MaxWords"/>.
/// </summary>
internal sealed class EmbeddingTableBuilder
{
    private readonly int _maxWords;
    private WordIndex _words = new(1024);
    private float[] _values = Array.Empty<float>();

    public EmbeddingTableBuilder(WordEmbeddingsLoadOptions options)
    {
        if (options.MaxWords < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxWords, $"{nameof(WordEmbeddingsLoadOptions.MaxWords)} must be 0 (all) or positive.");
        }

        _maxWords = options.MaxWords;
        if (options.RestrictTo is not null)
        {
            Restrict = new WordIndex();
            foreach (var word in options.RestrictTo)
            {
                if (word is not null)
                {
                    Restrict.GetOrAdd(word);
                }
            }
        }
    }

    /// <summary>The words to keep, or null for all; parsers skip other words' vectors.</summary>
    public WordIndex? Restrict { get; }

    public int Dimension { get; private set; }

    public int Count => _words.Count;

    /// <summary>Whether <see cref="WordEmbeddingsLoadOptions.MaxWords"/> words (or every restricted word) are kept.</summary>
    public bool IsFull => (_maxWords > 0 && _words.Count >= _maxWords) || (Restrict is not null && _words.Count >= Restrict.Count);

    /// <summary>Sets the vector size and reserves room for about <paramref name="expectedWords"/> words.</summary>
    public void Start(int dimension, long expectedWords)
    {
        Dimension = dimension;
        var words = Math.Max(expectedWords, 1024);
        if (_maxWords > 0)
        {
            words = Math.Min(words, _maxWords);
        }

        if (Restrict is not null)
        {
            words = Math.Min(words, Restrict.Count);
        }

        words = Math.Min(words, int.MaxValue / Math.Max(dimension, 1));
        _values = new float[words * dimension];
        _words = new WordIndex((int)Math.Min(words, 1 << 24));
    }

    /// <summary>Adds a word unless it is a repeat, outside <see cref="Restrict"/>, or the table is full.</summary>
    public void Add(string word, ReadOnlySpan<float> vector)
    {
        if (IsFull || (Restrict is not null && Restrict.IndexOf(word) < 0))
        {
            return;
        }

        var (index, added) = _words.GetOrAdd(word);
        if (!added)
        {
            return; // The first vector of a repeated word wins.
        }

        var offset = (long)index * Dimension;
        if (offset + Dimension > _values.Length)
        {
            var size = Math.Min(Math.Max((long)_values.Length * 2, offset + Dimension), Array.MaxLength);
            if (size < offset + Dimension)
            {
                throw new InvalidDataException($"The embeddings exceed the largest array .NET allows ({Array.MaxLength} floats); set MaxWords or RestrictTo.");
            }

            Array.Resize(ref _values, (int)size);
        }

        vector.CopyTo(_values.AsSpan((int)offset, Dimension));
    }

    public WordEmbeddings Build(EmbeddingFormat format)
    {
        // Keep a slightly oversized array (the size estimate) rather than copying hundreds of megabytes.
        var length = _words.Count * Dimension;
        if (_values.Length > length + (length / 10))
        {
            Array.Resize(ref _values, length);
        }

        return new WordEmbeddings(_words, _values, Dimension, format);
    }
}
