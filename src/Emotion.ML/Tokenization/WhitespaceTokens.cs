namespace Emotion.ML.Tokenization;

/// <summary>Enumerates the tokens of a text split on runs of white space, without allocating.</summary>
internal ref struct WhitespaceTokens
{
    private ReadOnlySpan<char> _rest;

    public WhitespaceTokens(ReadOnlySpan<char> text)
    {
        _rest = text;
        Current = default;
    }

    public ReadOnlySpan<char> Current { get; private set; }

    public readonly WhitespaceTokens GetEnumerator() => this;

    public bool MoveNext()
    {
        var start = 0;
        while (start < _rest.Length && char.IsWhiteSpace(_rest[start]))
        {
            start++;
        }

        if (start == _rest.Length)
        {
            _rest = default;
            return false;
        }

        var end = start;
        while (end < _rest.Length && !char.IsWhiteSpace(_rest[end]))
        {
            end++;
        }

        Current = _rest[start..end];
        _rest = _rest[end..];
        return true;
    }

    /// <summary>Counts the tokens of <paramref name="text"/>.</summary>
    public static int Count(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var _ in new WhitespaceTokens(text))
        {
            count++;
        }

        return count;
    }
}
