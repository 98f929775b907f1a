namespace Emotion.ML.Text;

/// <summary>
/// A read-only hash table with string keys that is queried with <see cref="ReadOnlySpan{T}"/> of
/// chars, so the normalizer's hot path looks words up without allocating a string per token.
/// </summary>
/// <remarks>
/// net8.0 has no span-keyed look-up on <c>Dictionary</c> or <c>FrozenDictionary</c> (that arrived
/// with <c>GetAlternateLookup</c> in .NET 9). Open addressing with linear probing over a
/// power-of-two table at most half full keeps probes short; the hash is the runtime's randomized
/// string hash, which resists crafted collisions.
/// </remarks>
/// <typeparam name="TValue">The value stored with each key.</typeparam>
internal sealed class SpanLookup<TValue>
{
    private readonly string?[] _keys;
    private readonly TValue[] _values;
    private readonly int _mask;

    /// <summary>Builds the table; a repeated key keeps its first value.</summary>
    public SpanLookup(IEnumerable<KeyValuePair<string, TValue>> entries)
    {
        var list = entries as IReadOnlyCollection<KeyValuePair<string, TValue>> ?? entries.ToList();
        var capacity = 16;
        while (capacity < list.Count * 2)
        {
            capacity <<= 1;
        }

        _keys = new string?[capacity];
        _values = new TValue[capacity];
        _mask = capacity - 1;
        foreach (var (key, value) in list)
        {
            var slot = Hash(key) & _mask;
            while (_keys[slot] is { } existing)
            {
                if (existing == key)
                {
                    goto next;
                }

                slot = (slot + 1) & _mask;
            }

            _keys[slot] = key;
            _values[slot] = value;
            Count++;
            MaxKeyLength = Math.Max(MaxKeyLength, key.Length);
        next:;
        }
    }

    /// <summary>Number of distinct keys.</summary>
    public int Count { get; }

    /// <summary>Length of the longest key, so callers can bound longest-match searches.</summary>
    public int MaxKeyLength { get; }

    /// <summary>Looks <paramref name="key"/> up.</summary>
    public bool TryGetValue(ReadOnlySpan<char> key, out TValue value) => TryGetEntry(key, out _, out value);

    /// <summary>Looks <paramref name="key"/> up and also returns the stored key, so callers can keep it without allocating.</summary>
    public bool TryGetEntry(ReadOnlySpan<char> key, out string storedKey, out TValue value)
    {
        if (key.Length <= MaxKeyLength)
        {
            var slot = Hash(key) & _mask;
            while (_keys[slot] is { } existing)
            {
                if (key.SequenceEqual(existing))
                {
                    storedKey = existing;
                    value = _values[slot];
                    return true;
                }

                slot = (slot + 1) & _mask;
            }
        }

        storedKey = string.Empty;
        value = default!;
        return false;
    }

    /// <summary>Whether <paramref name="key"/> is in the table.</summary>
    public bool ContainsKey(ReadOnlySpan<char> key) => TryGetValue(key, out _);

    private static int Hash(ReadOnlySpan<char> key) => string.GetHashCode(key) & int.MaxValue;
}
