using System.Globalization;

namespace Emotion.ML.Text;

/// <summary>
/// Normalizes short informal text (tweets, chat, reviews) for emotion classification: lowercases,
/// strips HTML, URLs and @mentions, turns hashtags, emoji and emoticons into words, expands
/// contractions and slang, squeezes elongations, lemmatizes, and writes the result as tokens
/// separated by single spaces. <see cref="EmotionTextNormalizerOptions"/> switches each step.
/// </summary>
/// <remarks>
/// <para>
/// Immutable and thread-safe; create one and share it. The hot path works on spans and looks
/// words up without allocating, so a normalized sentence costs one output string. It never
/// throws on any input: unpaired surrogates, control and format characters become token
/// boundaries, and <see langword="null"/> gives an empty string.
/// </para>
/// <para>
/// Idempotence: normalizing the output again returns it unchanged whenever
/// <see cref="EmotionTextNormalizerOptions.Lowercase"/> and
/// <see cref="EmotionTextNormalizerOptions.RemovePunctuation"/> are on (any setting of the
/// other options). Marker tokens such as <c>&lt;url&gt;</c> are recognized on input for this.
/// Without lowercasing, shouted words would be marked again; without punctuation removal, some
/// punctuation that was split off may join differently on a second pass.
/// </para>
/// </remarks>
public sealed partial class EmotionTextNormalizer
{
    private readonly EmotionTextNormalizerOptions _options;
    private readonly bool _lowercase;
    private readonly bool _removeHtml;
    private readonly ReplacementMode _urls;
    private readonly ReplacementMode _mentions;
    private readonly ReplacementMode _numbers;
    private readonly bool _hashtags;
    private readonly bool _emoticons;
    private readonly bool _contractions;
    private readonly bool _slang;
    private readonly bool _squeeze;
    private readonly bool _stopwords;
    private readonly bool _removePunctuation;
    private readonly bool _emphasis;
    private readonly WordNetLemmatizer? _lemmatizer;
    private readonly EmojiTable? _emoji;

    /// <summary>Creates a normalizer; the options are copied, so later changes to them have no effect.</summary>
    /// <param name="options">The steps to run; <see langword="null"/> means the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">A <see cref="ReplacementMode"/> option holds an undefined value.</exception>
    public EmotionTextNormalizer(EmotionTextNormalizerOptions? options = null)
    {
        _options = options?.Clone() ?? new EmotionTextNormalizerOptions();
        _urls = Check(_options.Urls, nameof(EmotionTextNormalizerOptions.Urls));
        _mentions = Check(_options.Mentions, nameof(EmotionTextNormalizerOptions.Mentions));
        _numbers = Check(_options.Numbers, nameof(EmotionTextNormalizerOptions.Numbers));
        _lowercase = _options.Lowercase;
        _removeHtml = _options.RemoveHtml;
        _hashtags = _options.HashtagsToWords;
        _emoticons = _options.EmoticonsToWords;
        _contractions = _options.ExpandContractions;
        _slang = _options.ExpandSlang;
        _squeeze = _options.SqueezeElongations;
        _stopwords = _options.RemoveStopwords;
        _removePunctuation = _options.RemovePunctuation;
        _emphasis = _options.EmphasisMarkers;
        _lemmatizer = _options.Lemmatize ? WordNetLemmatizer.Default : null;
        _emoji = _options.EmojiToWords ? EmojiTable.Default : null;
    }

    /// <summary>A copy of the options this normalizer runs with.</summary>
    public EmotionTextNormalizerOptions Options => _options.Clone();

    /// <summary>The emoticon table (keys lowercase; matching ignores case and allows a repeated last character, as in <c>:)))</c>).</summary>
    public static IReadOnlyDictionary<string, string> Emoticons => TextTables.Emoticons;

    /// <summary>The contraction table, formal and informal (keys use the straight apostrophe; curly ones are mapped to it).</summary>
    public static IReadOnlyDictionary<string, string> Contractions => TextTables.Contractions;

    /// <summary>The slang table.</summary>
    public static IReadOnlyDictionary<string, string> Slang => TextTables.Slang;

    /// <summary>The stopwords dropped by <see cref="EmotionTextNormalizerOptions.RemoveStopwords"/>; negations, intensifiers and <c>but</c> are not among them.</summary>
    public static IReadOnlySet<string> Stopwords => TextTables.Stopwords;

    /// <summary>Creates a normalizer.</summary>
    /// <param name="options">The steps to run; <see langword="null"/> means the defaults.</param>
    public static EmotionTextNormalizer Create(EmotionTextNormalizerOptions? options = null) => new(options);

    /// <summary>Normalizes <paramref name="text"/>.</summary>
    /// <param name="text">Any text; <see langword="null"/> gives an empty string.</param>
    /// <returns>Tokens separated by single spaces, possibly empty.</returns>
    public string Normalize(string? text) => text is null ? string.Empty : Normalize(text.AsSpan());

    /// <summary>Normalizes <paramref name="text"/>.</summary>
    /// <param name="text">Any text.</param>
    /// <returns>Tokens separated by single spaces, possibly empty.</returns>
    public string Normalize(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return string.Empty;
        }

        if (_removeHtml && text.IndexOfAny('<', '&') >= 0)
        {
            text = HtmlCleaner.Clean(text);
        }

        var writer = new TokenWriter(text.Length + 32);
        try
        {
            Scan(text, ref writer);
            return writer.ToString();
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static ReplacementMode Check(ReplacementMode mode, string name) =>
        Enum.IsDefined(mode) ? mode : throw new ArgumentOutOfRangeException(name, mode, $"Option '{name}' must be Keep, Remove or Placeholder.");

    private void Scan(scoped ReadOnlySpan<char> text, ref TokenWriter writer)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsIgnorable(c))
            {
                i++;
                continue;
            }

            var atBoundary = i == 0 || !IsWordChar(text[i - 1]);
            int used;
            if (_urls != ReplacementMode.Keep && atBoundary && (used = UrlLength(text[i..])) > 0)
            {
                Placeholder(_urls, EmotionTextMarkers.Url, ref writer);
                i += used;
                continue;
            }

            if (_emoticons && (used = EmoticonMatcher.Match(text, i, out var words)) > 0)
            {
                EmitPhrase(words, ref writer);
                i += used;
                continue;
            }

            if (_emoji is not null && EmojiTable.MayStart(c) && (c >= '\u00A9' || KeycapFollows(text, i))
                && (used = _emoji.TryMatch(text[i..], out var name)) > 0)
            {
                EmitPhrase(name, ref writer);
                i += used;
                continue;
            }

            if (IsWordChar(c))
            {
                i = ScanWord(text, i, ref writer);
                continue;
            }

            if (c == '<' && (used = HtmlCleaner.MarkerLength(text[i..])) > 0 && TryMarker(text.Slice(i, used), ref writer))
            {
                i += used;
                continue;
            }

            if (c == '@' && _mentions != ReplacementMode.Keep && atBoundary && i + 1 < text.Length && IsHandleChar(text[i + 1]))
            {
                i++;
                while (i < text.Length && IsHandleChar(text[i]))
                {
                    i++;
                }

                Placeholder(_mentions, EmotionTextMarkers.User, ref writer);
                continue;
            }

            if (c == '#' && i + 1 < text.Length && IsWordChar(text[i + 1]))
            {
                i = _hashtags ? EmitHashtagWords(text, i, ref writer) : EmitHashtag(text, i, ref writer);
                continue;
            }

            if (_emphasis && c is '!' or '?')
            {
                while (i < text.Length && text[i] == c)
                {
                    i++;
                }

                writer.Append(c == '!' ? EmotionTextMarkers.Exclaim : EmotionTextMarkers.Question);
                continue;
            }

            // Punctuation, a symbol, or an unpaired surrogate (never written).
            var width = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (!_removePunctuation && (width == 2 || !char.IsSurrogate(c)))
            {
                writer.Append(text.Slice(i, width));
            }

            i += width;
        }
    }

    private int ScanWord(scoped ReadOnlySpan<char> text, int start, ref TokenWriter writer)
    {
        var j = start + 1;
        while (j < text.Length)
        {
            var ch = text[j];
            if (IsWordChar(ch)
                || (IsApostrophe(ch) && j + 1 < text.Length && char.IsLetter(text[j + 1]))
                || (ch is '.' or ',' && char.IsDigit(text[j - 1]) && j + 1 < text.Length && char.IsDigit(text[j + 1])))
            {
                j++;
                continue;
            }

            break;
        }

        ProcessWord(text[start..j], noteEmphasis: true, ref writer);
        return j;
    }

    // "#SoHappy" -> "so happy": the tag is split where a lowercase letter meets an uppercase one.
    private int EmitHashtagWords(scoped ReadOnlySpan<char> text, int start, ref TokenWriter writer)
    {
        var end = start + 1;
        while (end < text.Length && IsWordChar(text[end]))
        {
            end++;
        }

        var from = start + 1;
        for (var k = from + 1; k <= end; k++)
        {
            if (k == end || (char.IsLower(text[k - 1]) && char.IsUpper(text[k])))
            {
                ProcessWord(text[from..k], noteEmphasis: true, ref writer);
                from = k;
            }
        }

        return end;
    }

    private int EmitHashtag(scoped ReadOnlySpan<char> text, int start, ref TokenWriter writer)
    {
        var j = start + 1;
        while (j < text.Length && IsWordChar(text[j]))
        {
            j++;
        }

        var tag = text[start..j];
        Span<char> lower = tag.Length <= 256 ? stackalloc char[tag.Length] : new char[tag.Length];
        if (_lowercase)
        {
            tag.ToLowerInvariant(lower);
            tag = lower;
        }

        writer.Append(tag);
        return j;
    }

    private bool TryMarker(scoped ReadOnlySpan<char> marker, ref TokenWriter writer)
    {
        var mode = marker switch
        {
            EmotionTextMarkers.Url => _urls,
            EmotionTextMarkers.User => _mentions,
            EmotionTextMarkers.Number => _numbers,
            _ => _emphasis ? ReplacementMode.Placeholder : ReplacementMode.Keep,
        };

        // In Keep mode a marker is ordinary text, as it would be without the feature.
        if (mode == ReplacementMode.Keep)
        {
            return false;
        }

        Placeholder(mode, marker, ref writer);
        return true;
    }

    private static void Placeholder(ReplacementMode mode, scoped ReadOnlySpan<char> marker, ref TokenWriter writer)
    {
        if (mode == ReplacementMode.Placeholder)
        {
            writer.Append(marker);
        }
    }

    private static int UrlLength(ReadOnlySpan<char> text)
    {
        if (!(text.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("www.", StringComparison.OrdinalIgnoreCase)))
        {
            return 0;
        }

        var end = 0;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && !char.IsControl(text[end]))
        {
            end++;
        }

        return end;
    }

    private static bool KeycapFollows(ReadOnlySpan<char> text, int i) =>
        i + 1 < text.Length && (text[i + 1] == '\u20E3' || (text[i + 1] == '\uFE0F' && i + 2 < text.Length && text[i + 2] == '\u20E3'));

    private static bool IsHandleChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u2018' or '\u02BC' or '\u00B4' or '`';

    // Letters, digits and combining marks form words; variation selectors, the ZWJ and the
    // keycap mark belong to emoji and are skipped when they stray.
    private static bool IsWordChar(char c)
    {
        if (c < 128)
        {
            return char.IsAsciiLetterOrDigit(c);
        }

        if (c is >= '\uFE00' and <= '\uFE0F' or '\u20E3')
        {
            return false;
        }

        return char.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => true,
            _ => false,
        };
    }

    private static bool IsIgnorable(char c)
    {
        if (c < 128)
        {
            return c <= ' ' || c == '\u007F';
        }

        return char.IsWhiteSpace(c) || c is >= '\uFE00' and <= '\uFE0F' or '\u20E3'
            || char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format;
    }
}
