namespace Emotion.ML.Text;

/// <summary>Finds the emoticons of <see cref="TextTables.Emoticons"/> in text, longest first.</summary>
internal static class EmoticonMatcher
{
    private static readonly SpanLookup<string> Table = new(TextTables.Emoticons);

    /// <summary>Matches an emoticon at <paramref name="start"/>.</summary>
    /// <param name="text">The whole text, so the characters around the match can be checked.</param>
    /// <param name="start">Where the emoticon would start.</param>
    /// <param name="words">The emoticon's words.</param>
    /// <returns>The number of chars consumed, 0 when none matches.</returns>
    public static int Match(ReadOnlySpan<char> text, int start, out string words)
    {
        words = string.Empty;
        var first = text[start];
        if (!IsStart(first))
        {
            return 0;
        }

        // Emoticons that begin with a bracket or a dash must follow a space, and those that begin
        // with a letter must not follow a letter or digit, so "(see):" is not read as "):".
        var previous = start == 0 ? ' ' : text[start - 1];
        var loose = first is ':' or ';' or '=' or '<' or '>' or '^';
        if (!loose && (char.IsAsciiLetter(first) ? char.IsLetterOrDigit(previous) : !char.IsWhiteSpace(previous)))
        {
            return 0;
        }

        Span<char> key = stackalloc char[Table.MaxKeyLength];
        var available = Math.Min(key.Length, text.Length - start);
        for (var i = 0; i < available; i++)
        {
            key[i] = char.ToLowerInvariant(text[start + i]);
        }

        for (var length = available; length >= 2; length--)
        {
            if (!Table.TryGetValue(key[..length], out var found))
            {
                continue;
            }

            var last = key[length - 1];
            var end = start + length;
            while (end < text.Length && char.ToLowerInvariant(text[end]) == last)
            {
                end++;
            }

            if (!Fits(text, start, end, first, last, previous))
            {
                continue;
            }

            words = found;
            return end - start;
        }

        return 0;
    }

    private static bool Fits(ReadOnlySpan<char> text, int start, int end, char first, char last, char previous)
    {
        var next = end < text.Length ? text[end] : ' ';
        if (char.IsLetterOrDigit(last) && char.IsLetterOrDigit(next))
        {
            return false;
        }

        if (first is '(' or ')' && !char.IsWhiteSpace(next))
        {
            return false;
        }

        // "http://" is a scheme, not ":/".
        return !(last is '/' or '\\' && (char.IsLetterOrDigit(previous) || next == '/'));
    }

    private static bool IsStart(char c) => c is ':' or ';' or '=' or '(' or ')' or '<' or '>' or '^' or '-' or 'x' or 'X' or 't' or 'T';
}
