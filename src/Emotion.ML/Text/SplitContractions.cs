namespace Emotion.ML.Text;

/// <summary>
/// Contractions whose apostrophe became a space, as in the CARER corpus and other scraped text:
/// <c>don t</c>, <c>can t</c>, <c>i m</c>, <c>it s</c>, <c>you re</c>, <c>i ve</c>, <c>we ll</c>, <c>i d</c>.
/// </summary>
/// <remarks>
/// The decision looks only at the token already written and the fragment being written, so a
/// second pass over the output sees the same pairs and makes the same decisions.
/// </remarks>
internal static class SplitContractions
{
    // The stem before "n t" and the word it stands for ("ca" of "can t" is "can").
    private static readonly SpanLookup<string> NegatedBases = new(
        "ca=can wo=will ai=is sha=shall do=do does=does did=did is=is are=are was=was were=were has=has have=have had=had could=could should=should would=would must=must need=need might=might"
            .Split(' ').Select(pair => pair.Split('=')).Select(p => new KeyValuePair<string, string>(p[0], p[1])));

    private static readonly SpanLookup<bool> IsSubjects = Words("it that there here what who where how he she");

    private static readonly SpanLookup<bool> Pronouns = Words("i you we they he she it that there who what");

    /// <summary>
    /// The words that replace <paramref name="previous"/> followed by <paramref name="fragment"/>,
    /// or <see langword="null"/> when the pair is no split contraction.
    /// </summary>
    /// <param name="previous">The token already written, lowercase.</param>
    /// <param name="fragment">The token being written, lowercase.</param>
    /// <param name="first">The word that replaces <paramref name="previous"/>.</param>
    /// <param name="second">The word the fragment stands for.</param>
    public static bool TryExpand(ReadOnlySpan<char> previous, ReadOnlySpan<char> fragment, out string first, out string second)
    {
        first = second = string.Empty;
        if (previous.IsEmpty || fragment.Length is 0 or > 2)
        {
            return false;
        }

        switch (fragment)
        {
            case "t" when previous.Length > 1 && previous[^1] == 'n' && NegatedBases.TryGetValue(previous[..^1], out var negated):
                first = negated;
                second = "not";
                return true;
            case "m" when previous is "i":
                first = "i";
                second = "am";
                return true;
            case "s" when previous is "let":
                first = "let";
                second = "us";
                return true;
            case "s" when IsSubjects.TryGetEntry(previous, out var subject, out _):
                first = subject;
                second = "is";
                return true;
            case "ll" or "ve" or "re" or "d" when Pronouns.TryGetEntry(previous, out var pronoun, out _):
                first = pronoun;
                second = fragment switch { "ll" => "will", "ve" => "have", "re" => "are", _ => "would" };
                return true;
            default:
                return false;
        }
    }

    private static SpanLookup<bool> Words(string words) =>
        new(words.Split(' ').Select(w => new KeyValuePair<string, bool>(w, true)));
}
