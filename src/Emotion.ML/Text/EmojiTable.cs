using System.Globalization;

namespace Emotion.ML.Text;

/// <summary>
/// Emoji sequences and their Unicode CLDR names, matched by longest match. Keys hold no
/// variation selectors (U+FE0E, U+FE0F) and no skin-tone modifiers (U+1F3FB-U+1F3FF): both are
/// skipped while matching, so every skin tone of an emoji or ZWJ sequence gets the base name.
/// </summary>
internal sealed class EmojiTable
{
    private static readonly Lazy<EmojiTable> Shared = new(() => new EmojiTable(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly SpanLookup<string> _names;

    private EmojiTable()
    {
        _names = new SpanLookup<string>(EmbeddedText.ReadRows("emoji.tsv.gz").Select(r => new KeyValuePair<string, string>(Decode(r[0]), r[1])));
    }

    /// <summary>The shared table, loaded on first use.</summary>
    public static EmojiTable Default => Shared.Value;

    /// <summary>Number of emoji sequences.</summary>
    public int Count => _names.Count;

    /// <summary>Whether an emoji may start with <paramref name="c"/>; a cheap filter before <see cref="TryMatch"/>.</summary>
    public static bool MayStart(char c) => c >= '\u2000' ? !char.IsLowSurrogate(c) : c is '\u00A9' or '\u00AE' or '#' or '*' or (>= '0' and <= '9');

    /// <summary>Matches the longest emoji sequence at the start of <paramref name="text"/>.</summary>
    /// <param name="text">The text from the candidate position.</param>
    /// <param name="name">The emoji's name (lowercase ASCII words).</param>
    /// <returns>The number of chars consumed, 0 when no emoji starts here.</returns>
    public int TryMatch(ReadOnlySpan<char> text, out string name)
    {
        name = string.Empty;
        Span<char> key = stackalloc char[_names.MaxKeyLength];
        Span<int> consumed = stackalloc int[_names.MaxKeyLength + 1];
        var keyLength = 0;
        var i = 0;

        // Build the key with ignorable code points dropped, remembering how much text each prefix used.
        while (i < text.Length && keyLength < key.Length)
        {
            var c = text[i];
            if (c is '\uFE0E' or '\uFE0F')
            {
                i++;
                continue;
            }

            if (c == '\uD83C' && i + 1 < text.Length && text[i + 1] is >= '\uDFFB' and <= '\uDFFF')
            {
                if (keyLength == 0)
                {
                    return 0;
                }

                i += 2;
                continue;
            }

            key[keyLength++] = c;
            i++;
            consumed[keyLength] = i;
            if (keyLength == 1 && char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i < text.Length && char.IsLowSurrogate(text[i])))
            {
                return 0;
            }
        }

        // Skip modifiers and selectors that trail the longest match.
        for (var length = keyLength; length > 0; length--)
        {
            if (char.IsHighSurrogate(key[length - 1]))
            {
                continue;
            }

            if (_names.TryGetValue(key[..length], out name))
            {
                var end = consumed[length];
                while (end < text.Length && (text[end] is '\uFE0E' or '\uFE0F'
                    || (text[end] == '\uD83C' && end + 1 < text.Length && text[end + 1] is >= '\uDFFB' and <= '\uDFFF')))
                {
                    end += text[end] == '\uD83C' ? 2 : 1;
                }

                return end;
            }
        }

        name = string.Empty;
        return 0;
    }

    private static string Decode(string hex) =>
        string.Concat(hex.Split(' ').Select(h => char.ConvertFromUtf32(int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture))));
}
