namespace Emotion.ML.Text;

/// <summary>
/// Reduces an English word to its dictionary form with WordNet 3.0's "morphy" algorithm: the
/// irregular-form exception lists, then the suffix-detachment rules, each candidate checked
/// against WordNet's lemma index. <c>feeling</c> becomes <c>feel</c>, <c>was</c> <c>be</c>,
/// <c>cries</c> <c>cry</c> and <c>better</c> <c>good</c>.
/// </summary>
/// <remarks>
/// <para>
/// Words carry no part-of-speech tag here, so the parts of speech are tried in a fixed order
/// that suits emotion text, where verbs and participial adjectives carry much of the feeling:
/// </para>
/// <list type="number">
/// <item>An irregular form from the exception lists, verb first, then noun, adjective, adverb
/// (<c>was</c> -> <c>be</c>, <c>felt</c> -> <c>feel</c>, <c>better</c> -> <c>good</c>). WordNet's own
/// noun exceptions keep <c>is</c> and <c>his</c> from being cut to <c>i</c> and <c>hi</c>.</item>
/// <item>A word that is itself a verb or adjective lemma stays: <c>seed</c> does not become
/// <c>see</c>, and emotion adjectives such as <c>tired</c>, <c>bored</c>, <c>excited</c> or
/// <c>embarrassed</c> keep their form instead of becoming <c>tire</c> or <c>bore</c>.</item>
/// <item>The verb rules (<c>-s</c>, <c>-ies</c>, <c>-es</c>, <c>-ed</c>, <c>-ing</c>), so
/// <c>feeling</c> -> <c>feel</c> although <c>feeling</c> is also a noun, and <c>cries</c> -> <c>cry</c>.</item>
/// <item>A word that is itself a noun or adverb lemma stays (<c>feelings</c> is a WordNet noun).</item>
/// <item>The noun rules, then the adjective rules (<c>-er</c>, <c>-est</c>).</item>
/// </list>
/// <para>
/// A rule never yields a form that is itself an irregular form of another word, so
/// <c>grounded</c> is not taken through <c>ground</c> to <c>grind</c>.
/// </para>
/// <para>
/// The result is then lemmatized again until it no longer changes (at most four rounds), so
/// lemmatizing a lemma returns it unchanged. Words with anything but the letters <c>a</c>-<c>z</c>
/// are returned as they are: pass lowercase words. Data: WordNet 3.0 from Debian's
/// <c>wordnet-base</c>, single-word lemmas only, embedded compressed and loaded once on first use.
/// Instances are immutable and thread-safe.
/// </para>
/// </remarks>
public sealed class WordNetLemmatizer
{
    private const byte Noun = 1;
    private const byte Verb = 2;
    private const byte Adjective = 4;

    private static readonly Lazy<WordNetLemmatizer> Shared = new(() => new WordNetLemmatizer(), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly (string Suffix, string Ending)[] VerbRules =
        { ("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "") };

    private static readonly (string Suffix, string Ending)[] NounRules =
        { ("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y") };

    private static readonly (string Suffix, string Ending)[] AdjectiveRules =
        { ("er", ""), ("est", ""), ("er", "e"), ("est", "e") };

    private readonly SpanLookup<byte> _lemmas;
    private readonly SpanLookup<string> _exceptions;

    private WordNetLemmatizer()
    {
        _lemmas = new SpanLookup<byte>(EmbeddedText.ReadRows("wordnet-lemmas.tsv.gz")
            .Select(r => new KeyValuePair<string, byte>(r[0], byte.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture))));

        // The generator writes verb, noun, adjective, adverb exceptions in that order; the table keeps the first.
        _exceptions = new SpanLookup<string>(EmbeddedText.ReadRows("wordnet-exceptions.tsv.gz")
            .Select(r => new KeyValuePair<string, string>(r[1], string.Intern(r[2]))));
    }

    /// <summary>The shared instance; its data is loaded on first use.</summary>
    public static WordNetLemmatizer Default => Shared.Value;

    /// <summary>Number of distinct single-word lemmas in the embedded WordNet index.</summary>
    public int LemmaCount => _lemmas.Count;

    /// <summary>The lemma of <paramref name="word"/>, or <paramref name="word"/> itself when it has none.</summary>
    /// <param name="word">A lowercase word; <see langword="null"/> gives an empty string.</param>
    public string Lemmatize(string? word)
    {
        if (string.IsNullOrEmpty(word))
        {
            return string.Empty;
        }

        return TryLemmatize(word, out var lemma) ? lemma : word;
    }

    /// <summary>The lemma of <paramref name="word"/>, or <paramref name="word"/> itself when it has none; allocates nothing.</summary>
    /// <param name="word">A lowercase word.</param>
    public ReadOnlySpan<char> Lemmatize(ReadOnlySpan<char> word) => TryLemmatize(word, out var lemma) ? lemma.AsSpan() : word;

    /// <summary>Whether <paramref name="word"/> is a lemma of any part of speech in WordNet.</summary>
    /// <param name="word">A lowercase word.</param>
    public bool IsLemma(ReadOnlySpan<char> word) => _lemmas.ContainsKey(word);

    /// <summary>Finds a lemma different from <paramref name="word"/>; the result is a stored string, so nothing is allocated.</summary>
    internal bool TryLemmatize(ReadOnlySpan<char> word, out string lemma)
    {
        lemma = string.Empty;
        if (!Step(word, out var current))
        {
            return false;
        }

        // Settle on a fixed point so that lemmatizing twice equals lemmatizing once.
        for (var round = 0; round < 3 && Step(current, out var next); round++)
        {
            current = next;
        }

        lemma = current;
        return !word.SequenceEqual(current);
    }

    private bool Step(ReadOnlySpan<char> word, out string lemma)
    {
        lemma = string.Empty;
        if (word.Length < 2 || word.Length > 32 || !IsAsciiLower(word))
        {
            return false;
        }

        if (_exceptions.TryGetValue(word, out var irregular))
        {
            lemma = irregular;
            return !word.SequenceEqual(irregular);
        }

        _lemmas.TryGetValue(word, out var mask);
        if ((mask & (Verb | Adjective)) != 0)
        {
            return false;
        }

        Span<char> scratch = stackalloc char[40];
        if (TryRules(word, VerbRules, Verb, scratch, out lemma))
        {
            return true;
        }

        if (mask != 0)
        {
            return false;
        }

        return TryRules(word, NounRules, Noun, scratch, out lemma)
            || TryRules(word, AdjectiveRules, Adjective, scratch, out lemma);
    }

    private bool TryRules(ReadOnlySpan<char> word, (string Suffix, string Ending)[] rules, byte pos, Span<char> scratch, out string lemma)
    {
        foreach (var (suffix, ending) in rules)
        {
            if (word.Length > suffix.Length && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                var stem = word[..^suffix.Length];
                stem.CopyTo(scratch);
                ending.AsSpan().CopyTo(scratch[stem.Length..]);
                var candidate = scratch[..(stem.Length + ending.Length)];
                if (_lemmas.TryGetEntry(candidate, out var stored, out var mask) && (mask & pos) != 0
                    && !(_exceptions.TryGetValue(candidate, out var irregular) && irregular != stored))
                {
                    lemma = stored;
                    return true;
                }
            }
        }

        lemma = string.Empty;
        return false;
    }

    private static bool IsAsciiLower(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }
}
