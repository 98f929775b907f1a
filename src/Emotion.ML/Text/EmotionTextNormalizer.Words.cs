using System.Buffers;

namespace Emotion.ML.Text;

/// <summary>The word steps: contractions, slang, elongations, numbers, lemmas and stopwords.</summary>
public sealed partial class EmotionTextNormalizer
{
    private const int StackWord = 128;

    private static readonly SpanLookup<string[]> ContractionLookup = Split(TextTables.Contractions);
    private static readonly SpanLookup<string[]> SlangLookup = Split(TextTables.Slang);
    private static readonly SpanLookup<bool> StopwordLookup = new(TextTables.Stopwords.Select(w => new KeyValuePair<string, bool>(w, true)));

    // Words of a phrase (an emoji name, an emoticon's words) go through the full word steps.
    private void EmitPhrase(string phrase, ref TokenWriter writer)
    {
        var rest = phrase.AsSpan();
        while (!rest.IsEmpty)
        {
            var space = rest.IndexOf(' ');
            var word = space < 0 ? rest : rest[..space];
            rest = space < 0 ? default : rest[(space + 1)..];
            if (!word.IsEmpty)
            {
                ProcessWord(word, noteEmphasis: false, ref writer);
            }
        }
    }

    private void ProcessWord(scoped ReadOnlySpan<char> raw, bool noteEmphasis, ref TokenWriter writer)
    {
        if (_emphasis && noteEmphasis)
        {
            NoteEmphasis(raw, ref writer);
        }

        char[]? rented = null;
        Span<char> buffer = raw.Length * 2 <= StackWord ? stackalloc char[StackWord] : (rented = ArrayPool<char>.Shared.Rent(raw.Length * 2));
        try
        {
            var length = Prepare(raw, buffer);
            var word = buffer[..length];
            var key = word;
            if (!_lowercase)
            {
                key = buffer.Slice(length, length);
                word.ToLowerInvariant(key);
            }

            if (IsNumber(key))
            {
                EmitNumber(word, ref writer);
                return;
            }

            if (TryExpand(word, key, ref writer))
            {
                return;
            }

            if (_removePunctuation && key.Contains('\''))
            {
                // "do'nt" becomes "dont": look it up again so that a second pass finds nothing new.
                length = Compact(word);
                word = word[..length];
                key = _lowercase ? word : key[..Compact(key)];
                if (TryExpand(word, key, ref writer))
                {
                    return;
                }
            }

            // "x'd" or the "XD" of "#soFunnyXD" is a word here, but a second pass would read an emoticon.
            if (_emoticons && key.Length >= 2 && key[0] == 'x' && key[1] is 'd' or 'p'
                && EmoticonMatcher.Match(key, 0, out var emoticon) == key.Length)
            {
                EmitPhrase(emoticon, ref writer);
                return;
            }

            EmitPlain(word, key, ref writer);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private bool TryExpand(scoped ReadOnlySpan<char> word, scoped ReadOnlySpan<char> key, ref TokenWriter writer)
    {
        if (_contractions)
        {
            if (ContractionLookup.TryGetValue(key, out var expansion))
            {
                EmitWords(expansion, ref writer);
                return true;
            }

            if (key.Contains('\''))
            {
                foreach (var (suffix, replacement) in TextTables.ContractionSuffixes)
                {
                    if (key.Length > suffix.Length && key.EndsWith(suffix, StringComparison.Ordinal) && key[^(suffix.Length + 1)] != '\'')
                    {
                        var stem = key.Length - suffix.Length;
                        ProcessWord(word[..stem], noteEmphasis: false, ref writer);
                        if (replacement.Length > 0)
                        {
                            EmitPlain(replacement, replacement, ref writer);
                        }

                        return true;
                    }
                }
            }
        }

        if (_slang && SlangLookup.TryGetValue(key, out var slang))
        {
            EmitWords(slang, ref writer);
            return true;
        }

        return false;
    }

    private void EmitWords(string[] words, ref TokenWriter writer)
    {
        foreach (var word in words)
        {
            EmitPlain(word, word, ref writer);
        }
    }

    // The last steps of every word: lemma, then stopwords (checked on the word and its lemma).
    private void EmitPlain(scoped ReadOnlySpan<char> word, scoped ReadOnlySpan<char> key, ref TokenWriter writer)
    {
        if (IsNumber(key))
        {
            EmitNumber(word, ref writer);
            return;
        }

        var output = word;
        if (_lemmatizer is not null && _lemmatizer.TryLemmatize(key, out var lemma) && !IsExpandable(lemma))
        {
            output = lemma;
            if (_stopwords && StopwordLookup.ContainsKey(lemma))
            {
                return;
            }
        }

        if (_stopwords && StopwordLookup.ContainsKey(key))
        {
            return;
        }

        if (_contractions && MayBeFragment(output) && TryJoinSplitContraction(output, ref writer))
        {
            return;
        }

        writer.Append(output);
    }

    // A cheap filter for the fragments of SplitContractions: t s m d ll ve re, in any case.
    private static bool MayBeFragment(ReadOnlySpan<char> word) => word.Length switch
    {
        1 => (char)(word[0] | 0x20) is 't' or 's' or 'm' or 'd',
        2 => ((char)(word[0] | 0x20), (char)(word[1] | 0x20)) is ('l', 'l') or ('v', 'e') or ('r', 'e'),
        _ => false,
    };

    // "don t" -> "do not": the fragment rewrites the token written before it.
    private bool TryJoinSplitContraction(scoped ReadOnlySpan<char> fragment, ref TokenWriter writer)
    {
        var last = writer.LastToken;
        if (last.IsEmpty || last.Length > 8)
        {
            return false;
        }

        Span<char> previous = stackalloc char[last.Length];
        Span<char> lowerFragment = stackalloc char[fragment.Length];
        last.ToLowerInvariant(previous);
        fragment.ToLowerInvariant(lowerFragment);
        if (!SplitContractions.TryExpand(previous, lowerFragment, out var first, out var second))
        {
            return false;
        }

        writer.RemoveLast();
        EmitPlain(first, first, ref writer);
        EmitPlain(second, second, ref writer);
        return true;
    }

    // A lemma that a later pass would expand (a slang or contraction key) is not used.
    private bool IsExpandable(string lemma) =>
        (_contractions && ContractionLookup.ContainsKey(lemma)) || (_slang && SlangLookup.ContainsKey(lemma));

    private void EmitNumber(scoped ReadOnlySpan<char> word, ref TokenWriter writer)
    {
        if (_numbers == ReplacementMode.Keep)
        {
            writer.Append(word);
        }
        else if (_numbers == ReplacementMode.Placeholder)
        {
            writer.Append(EmotionTextMarkers.Number);
        }
    }

    // Copies the word with apostrophes unified, lowercased and elongations squeezed, as chosen.
    private int Prepare(ReadOnlySpan<char> raw, Span<char> destination)
    {
        var length = 0;
        foreach (var ch in raw)
        {
            var c = IsApostrophe(ch) ? '\'' : ch;
            if (_lowercase)
            {
                c = c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c < 128 ? c : char.ToLowerInvariant(c);
            }

            if (_squeeze && length >= 2 && c == destination[length - 1] && c == destination[length - 2] && char.IsLetter(c))
            {
                continue;
            }

            destination[length++] = c;
        }

        return length;
    }

    // Removes apostrophes in place, squeezing again the letters they separated ("all'l").
    private int Compact(Span<char> word)
    {
        var length = 0;
        foreach (var c in word)
        {
            if (c != '\'' && !(_squeeze && length >= 2 && c == word[length - 1] && c == word[length - 2] && char.IsLetter(c)))
            {
                word[length++] = c;
            }
        }

        return length;
    }

    private static bool IsNumber(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty || !char.IsDigit(word[0]))
        {
            return false;
        }

        foreach (var c in word)
        {
            if (!char.IsDigit(c) && c is not '.' and not ',')
            {
                return false;
            }
        }

        return true;
    }

    private static void NoteEmphasis(scoped ReadOnlySpan<char> raw, ref TokenWriter writer)
    {
        int letters = 0, upper = 0, lower = 0;
        foreach (var c in raw)
        {
            if (char.IsLetter(c))
            {
                letters++;
                // Uppercase that lowercasing changes, so a lowercased word never counts as shouted.
                upper += char.ToLowerInvariant(c) != c ? 1 : 0;
                lower += char.IsLower(c) ? 1 : 0;
            }
        }

        if (letters > 0)
        {
            writer.NoteWord(upper > 0 && lower == 0, letters);
        }
    }

    private static SpanLookup<string[]> Split(IReadOnlyDictionary<string, string> table) =>
        new(table.Select(p => new KeyValuePair<string, string[]>(p.Key, p.Value.Split(' '))));
}
