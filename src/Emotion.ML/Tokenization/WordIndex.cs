namespace Emotion.ML.Tokenization;

/// <summary>
/// An append-only map from words to dense indices that can be queried with a
/// <see cref="ReadOnlySpan{T}"/> without allocating a string.
/// </summary>
/// <remarks>
/// net8.0's <see cref="Dictionary{TKey, TValue}"/> has no span alternate lookup, so this is a small
/// open-addressing table over the word list: a look-up hashes the span with
/// <see cref="string.GetHashCode(ReadOnlySpan{char})"/> (the same hash a string gets) and compares
/// candidates with <see cref="MemoryExtensions.SequenceEqual{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>.
/// Not thread-safe while adding; look-ups on a table that is no longer changing are safe from many threads.
/// </remarks>
internal sealed class WordIndex
{
    private readonly List<string> _words;
    private int[] _slots; // index + 1 into _words; 0 = empty
    private int[] _hashes;
    private int _mask;

    public WordIndex(int capacity = 16)
    {
        _words = new List<string>(Math.Max(capacity, 4));
        var size = 16;
        while (size < capacity * 2)
        {
            size <<= 1;
        }

        _slots = new int[size];
        _hashes = new int[size];
        _mask = size - 1;
    }

    public int Count => _words.Count;

    public IReadOnlyList<string> Words => _words;

    public string this[int index] => _words[index];

    /// <summary>The index of <paramref name="word"/>, or -1 when absent.</summary>
    public int IndexOf(ReadOnlySpan<char> word)
    {
        var hash = string.GetHashCode(word);
        var slot = hash & _mask;
        while (true)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                return -1;
            }

            if (_hashes[slot] == hash && word.SequenceEqual(_words[entry - 1].AsSpan()))
            {
                return entry - 1;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>Adds <paramref name="word"/> when absent; returns its index and whether it was added.</summary>
    public (int Index, bool Added) GetOrAdd(string word)
    {
        var hash = string.GetHashCode(word.AsSpan());
        var slot = hash & _mask;
        while (true)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                break;
            }

            if (_hashes[slot] == hash && string.Equals(_words[entry - 1], word, StringComparison.Ordinal))
            {
                return (entry - 1, false);
            }

            slot = (slot + 1) & _mask;
        }

        _words.Add(word);
        _slots[slot] = _words.Count;
        _hashes[slot] = hash;
        if (_words.Count * 2 > _slots.Length)
        {
            Grow();
        }

        return (_words.Count - 1, true);
    }

    private void Grow()
    {
        var size = _slots.Length * 2;
        var slots = new int[size];
        var hashes = new int[size];
        var mask = size - 1;
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i] == 0)
            {
                continue;
            }

            var slot = _hashes[i] & mask;
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = _slots[i];
            hashes[slot] = _hashes[i];
        }

        _slots = slots;
        _hashes = hashes;
        _mask = mask;
    }
}
