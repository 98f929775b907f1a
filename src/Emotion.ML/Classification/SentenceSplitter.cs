namespace Emotion.ML.Classification;

/// <summary>
/// Splits text into sentences for <see cref="EmotionClassifier"/>: after a run of <c>.</c>,
/// <c>!</c>, <c>?</c> or <c>…</c> (with any closing quotes or brackets) followed by white space, and
/// at line breaks; not after common abbreviations (Mr., Dr., e.g., …) or single initials.
/// </summary>
internal static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "eg", "ie", "no", "approx", "dept", "inc", "ltd", "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "u.s", "u.k", "a.m", "p.m",
    };

    /// <summary>The sentences of <paramref name="text"/> as (start, length) ranges, trimmed of white space, in order.</summary>
    public static List<(int Start, int Length)> Split(string text)
    {
        var sentences = new List<(int, int)>();
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                Add(text, start, i, sentences);
                start = i + 1;
                i++;
                continue;
            }

            if (c is '.' or '!' or '?' or '…')
            {
                var end = i;
                while (end < text.Length && text[end] is '.' or '!' or '?' or '…')
                {
                    end++;
                }

                while (end < text.Length && text[end] is '"' or '\'' or ')' or ']' or '”' or '’' or '»')
                {
                    end++;
                }

                if ((end == text.Length || char.IsWhiteSpace(text[end])) && !(c == '.' && end == i + 1 && IsAbbreviation(text, start, i)))
                {
                    Add(text, start, end, sentences);
                    start = end;
                }

                i = end;
                continue;
            }

            i++;
        }

        Add(text, start, text.Length, sentences);
        return sentences;
    }

    /// <summary>
    /// Splits one range at commas, semicolons and colons, and a piece still longer than
    /// <paramref name="maxWords"/> words every <paramref name="maxWords"/> words.
    /// </summary>
    public static List<(int Start, int Length)> SplitClauses(string text, (int Start, int Length) range, int maxWords)
    {
        var clauses = new List<(int, int)>();
        var start = range.Start;
        var stop = range.Start + range.Length;
        for (var i = start; i < stop; i++)
        {
            if (text[i] is ',' or ';' or ':' && (i + 1 == stop || char.IsWhiteSpace(text[i + 1])))
            {
                Add(text, start, i + 1, clauses);
                start = i + 1;
            }
        }

        Add(text, start, stop, clauses);
        var pieces = new List<(int, int)>();
        foreach (var clause in clauses)
        {
            SplitWords(text, clause, maxWords, pieces);
        }

        return pieces;
    }

    private static void SplitWords(string text, (int Start, int Length) range, int maxWords, List<(int, int)> pieces)
    {
        var words = 0;
        var start = range.Start;
        var stop = range.Start + range.Length;
        var inWord = false;
        for (var i = range.Start; i < stop; i++)
        {
            var space = char.IsWhiteSpace(text[i]);
            if (!space && !inWord)
            {
                if (words == maxWords)
                {
                    Add(text, start, i, pieces);
                    start = i;
                    words = 0;
                }

                words++;
            }

            inWord = !space;
        }

        Add(text, start, stop, pieces);
    }

    private static bool IsAbbreviation(string text, int sentenceStart, int dot)
    {
        var wordStart = dot;
        while (wordStart > sentenceStart && !char.IsWhiteSpace(text[wordStart - 1]))
        {
            wordStart--;
        }

        var word = text.AsSpan(wordStart, dot - wordStart).TrimStart("\"'(“‘[");
        return (word.Length == 1 && char.IsUpper(word[0])) || Abbreviations.Contains(word.ToString());
    }

    private static void Add(string text, int start, int end, List<(int, int)> ranges)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            ranges.Add((start, end - start));
        }
    }
}
