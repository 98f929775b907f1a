using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Tokenization;

/// <summary>
/// An immutable word-to-id map. Id <see cref="PaddingId"/> (<c>&lt;pad&gt;</c>) and id
/// <see cref="UnknownId"/> (<c>&lt;unk&gt;</c>) are reserved; learned words follow from id 2.
/// </summary>
/// <remarks>
/// A vocabulary built by <see cref="Build(IEnumerable{string}, int, int)"/> orders its words by
/// frequency, most frequent first, breaking ties by ordinal string order, so the same texts always
/// give the same ids.
/// </remarks>
public sealed class Vocabulary
{
    /// <summary>The id of the padding token; embedding row 0 is kept at zeros.</summary>
    public const int PaddingId = 0;

    /// <summary>The id every word outside the vocabulary maps to.</summary>
    public const int UnknownId = 1;

    /// <summary>The word stored at <see cref="PaddingId"/>.</summary>
    public const string PaddingToken = "<pad>";

    /// <summary>The word stored at <see cref="UnknownId"/>.</summary>
    public const string UnknownToken = "<unk>";

    /// <summary>
    /// The name of the column annotation that carries the vocabulary (its words in id order, as a
    /// vector of text) on a token-id column.
    /// </summary>
    public const string AnnotationName = "EmotionML.Vocabulary";

    private readonly WordIndex _index;

    private Vocabulary(WordIndex index)
    {
        _index = index;
    }

    /// <summary>The number of ids, including the two reserved ones.</summary>
    public int Count => _index.Count;

    /// <summary>The words in id order; <c>Words[0]</c> is <c>&lt;pad&gt;</c>, <c>Words[1]</c> is <c>&lt;unk&gt;</c>.</summary>
    public IReadOnlyList<string> Words => _index.Words;

    /// <summary>The id of <paramref name="word"/>, or <see cref="UnknownId"/> when it is not in the vocabulary. Does not allocate.</summary>
    /// <param name="word">The word, compared ordinally (case-sensitive).</param>
    public int GetId(ReadOnlySpan<char> word)
    {
        var id = _index.IndexOf(word);
        return id < 0 ? UnknownId : id;
    }

    /// <summary>Whether <paramref name="word"/> is in the vocabulary (the reserved tokens included).</summary>
    /// <param name="word">The word, compared ordinally.</param>
    public bool Contains(ReadOnlySpan<char> word) => _index.IndexOf(word) >= 0;

    /// <summary>The word with id <paramref name="id"/>.</summary>
    /// <param name="id">An id in <c>[0, Count)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is outside the vocabulary.</exception>
    public string GetWord(int id)
    {
        if ((uint)id >= (uint)_index.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Expected an id in [0, {_index.Count}).");
        }

        return _index[id];
    }

    /// <summary>
    /// Learns a vocabulary from texts split on runs of white space.
    /// </summary>
    /// <param name="texts">The texts, normally normalized lowercase text; null entries are skipped.</param>
    /// <param name="minCount">The minimum number of occurrences a word needs to get an id (at least 1).</param>
    /// <param name="maxSize">The maximum <see cref="Count"/>, reserved ids included (0 = unlimited, else at least 3); the most frequent words are kept.</param>
    public static Vocabulary Build(IEnumerable<string> texts, int minCount = 1, int maxSize = 0)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var counter = new WordCounter(minCount, maxSize);
        foreach (var text in texts)
        {
            if (text is not null)
            {
                counter.AddText(text.AsSpan());
            }
        }

        return counter.ToVocabulary();
    }

    /// <summary>Learns a vocabulary from texts that are already split into tokens.</summary>
    /// <param name="tokenSequences">One token sequence per text; null sequences and tokens are skipped.</param>
    /// <param name="minCount">The minimum number of occurrences a word needs to get an id (at least 1).</param>
    /// <param name="maxSize">The maximum <see cref="Count"/>, reserved ids included (0 = unlimited, else at least 3).</param>
    public static Vocabulary Build(IEnumerable<IEnumerable<string>> tokenSequences, int minCount = 1, int maxSize = 0)
    {
        ArgumentNullException.ThrowIfNull(tokenSequences);
        var counter = new WordCounter(minCount, maxSize);
        foreach (var tokens in tokenSequences)
        {
            if (tokens is null)
            {
                continue;
            }

            foreach (var token in tokens)
            {
                if (!string.IsNullOrEmpty(token))
                {
                    counter.Add(token.AsSpan());
                }
            }
        }

        return counter.ToVocabulary();
    }

    /// <summary>
    /// Creates a vocabulary from its words in id order, as <see cref="Words"/> returns them: the
    /// sequence starts with <c>&lt;pad&gt;</c> and <c>&lt;unk&gt;</c>.
    /// </summary>
    /// <param name="wordsInIdOrder">The words; none may be empty, repeated, or contain a line break.</param>
    /// <exception cref="ArgumentException">The reserved tokens are not first, or a word is empty, repeated or contains a line break.</exception>
    public static Vocabulary FromWords(IEnumerable<string> wordsInIdOrder)
    {
        ArgumentNullException.ThrowIfNull(wordsInIdOrder);
        var index = new WordIndex();
        foreach (var word in wordsInIdOrder)
        {
            var position = index.Count;
            if (string.IsNullOrEmpty(word) || word.AsSpan().IndexOfAny('\n', '\r') >= 0)
            {
                throw new ArgumentException($"Word at id {position} is empty or contains a line break.", nameof(wordsInIdOrder));
            }

            var expected = position == PaddingId ? PaddingToken : position == UnknownId ? UnknownToken : null;
            if (expected is not null && word != expected)
            {
                throw new ArgumentException($"Id {position} must hold '{expected}' but holds '{word}'.", nameof(wordsInIdOrder));
            }

            if (!index.GetOrAdd(word).Added)
            {
                throw new ArgumentException($"Word '{word}' at id {position} is repeated.", nameof(wordsInIdOrder));
            }
        }

        if (index.Count < 2)
        {
            throw new ArgumentException($"A vocabulary starts with '{PaddingToken}' and '{UnknownToken}'.", nameof(wordsInIdOrder));
        }

        return new Vocabulary(index);
    }

    /// <summary>Writes the words in id order, UTF-8, one per line.</summary>
    /// <param name="stream">The destination; left open.</param>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        foreach (var word in Words)
        {
            writer.WriteLine(word);
        }
    }

    /// <summary>Writes the vocabulary to <paramref name="path"/> through a temporary file, so a failure never leaves a partial file.</summary>
    /// <param name="path">The destination file; replaced when it exists.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var temp = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                Save(stream);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Reads a vocabulary written by <see cref="Save(Stream)"/>.</summary>
    /// <param name="stream">The source; left open.</param>
    /// <exception cref="InvalidDataException">The content is not a vocabulary; the message gives the line.</exception>
    public static Vocabulary Load(Stream stream) => Load(stream, "stream");

    /// <summary>Reads a vocabulary file written by <see cref="Save(string)"/>.</summary>
    /// <param name="path">The vocabulary file.</param>
    /// <exception cref="InvalidDataException">The file is not a vocabulary; the message names it and the line.</exception>
    public static Vocabulary Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    /// <summary>Reads the vocabulary annotation of a token-id column, as written by <c>TokenizeToIds</c>.</summary>
    /// <param name="column">The column, e.g. <c>transformed.Schema["Tokens"]</c>.</param>
    /// <exception cref="ArgumentException">The column has no vocabulary annotation; the message names it.</exception>
    public static Vocabulary FromColumn(DataViewSchema.Column column)
    {
        var annotation = column.Annotations.Schema.GetColumnOrNull(AnnotationName);
        if (annotation is null || annotation.Value.Type is not VectorDataViewType { ItemType: TextDataViewType })
        {
            throw new ArgumentException(
                $"Column '{column.Name}' has no '{AnnotationName}' annotation; produce it with ml.Transforms.Text.TokenizeToIds.",
                nameof(column));
        }

        VBuffer<ReadOnlyMemory<char>> words = default;
        column.Annotations.GetValue(AnnotationName, ref words);
        return FromWords(words.DenseValues().Select(w => w.ToString()));
    }

    /// <summary>The annotations that carry this vocabulary on a column.</summary>
    internal DataViewSchema.Annotations ToAnnotations()
    {
        var builder = new DataViewSchema.Annotations.Builder();
        var words = Words.Select(w => w.AsMemory()).ToArray();
        ValueGetter<VBuffer<ReadOnlyMemory<char>>> getter = (ref VBuffer<ReadOnlyMemory<char>> value) =>
            value = new VBuffer<ReadOnlyMemory<char>>(words.Length, words);
        builder.Add(AnnotationName, new VectorDataViewType(TextDataViewType.Instance, words.Length), getter);
        return builder.ToAnnotations();
    }

    private static Vocabulary Load(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16, leaveOpen: true);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            words.Add(line);
        }

        try
        {
            return FromWords(words);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"'{source}' is not a vocabulary file (one word per line, line N holding id N-1): {ex.Message}", ex);
        }
    }

    /// <summary>Counts words with a span look-up, so a repeated word costs no allocation.</summary>
    internal sealed class WordCounter
    {
        private readonly int _minCount;
        private readonly int _maxSize;
        private readonly WordIndex _words = new(1024);
        private readonly List<int> _counts = new(1024);

        public WordCounter(int minCount, int maxSize)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(minCount, 1);
            if (maxSize != 0 && maxSize < 3)
            {
                throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, "Expected 0 (unlimited) or at least 3 (the two reserved ids and one word).");
            }

            _minCount = minCount;
            _maxSize = maxSize;
        }

        public void AddText(ReadOnlySpan<char> text)
        {
            foreach (var token in new WhitespaceTokens(text))
            {
                Add(token);
            }
        }

        public void Add(ReadOnlySpan<char> token)
        {
            if (token.SequenceEqual(PaddingToken) || token.SequenceEqual(UnknownToken))
            {
                return; // The reserved tokens already have their ids.
            }

            var id = _words.IndexOf(token);
            if (id < 0)
            {
                _words.GetOrAdd(token.ToString());
                _counts.Add(1);
            }
            else
            {
                _counts[id]++;
            }
        }

        /// <summary>The learned words by descending count, then <paramref name="additionalWords"/> not yet in it.</summary>
        public Vocabulary ToVocabulary(IEnumerable<string>? additionalWords = null)
        {
            var order = Enumerable.Range(0, _words.Count)
                .Where(i => _counts[i] >= _minCount)
                .OrderByDescending(i => _counts[i])
                .ThenBy(i => _words[i], StringComparer.Ordinal);
            var kept = _maxSize == 0 ? order : order.Take(_maxSize - 2);
            var index = new WordIndex(_words.Count + 2);
            index.GetOrAdd(PaddingToken);
            index.GetOrAdd(UnknownToken);
            foreach (var i in kept)
            {
                index.GetOrAdd(_words[i]);
            }

            foreach (var word in additionalWords ?? Enumerable.Empty<string>())
            {
                if (!string.IsNullOrEmpty(word) && word.AsSpan().IndexOfAny(" \t\r\n") < 0)
                {
                    index.GetOrAdd(word);
                }
            }

            return new Vocabulary(index);
        }
    }
}
