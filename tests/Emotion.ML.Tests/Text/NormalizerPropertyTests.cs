using CsCheck;
using Emotion.ML.Text;

namespace Emotion.ML.Tests.Text;

public class NormalizerPropertyTests
{
    // Fragments that exercise every step, mixed with arbitrary UTF-16 (lone surrogates included).
    private static readonly Gen<string> Piece = Gen.OneOf(
        Gen.OneOf(
            "😂", "👩🏽‍💻", "👨‍👩‍👧‍👦", "🇩🇪", "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "\u2764\uFE0F", "1\uFE0F\u20E3", ":)", ":'(", "<3", "</3", "xD", ":/",
            "<url>", "<user>", "<number>", "<allcaps>", "<exclaim>", "<question>", "&amp;", "&#39;", "&lt;", "&#xD800;",
            "<b>", "</b>", "<br/>", "<!-- x -->", "http://x.y/z", "www.a.b", "@bob", "#Happy", "#SoHappy", "#iPhone", "#", "@",
            "can't", "Y'ALL", "IM", "I", "AM", "HAPPY", "soooo", "!!", "?!", "...", "'", "\u2019", "don\u2019t", "o'clock", "do'nt",
            "\uD800", "\uDC00", "\u200D", "\uFE0F", "\u0000", "\u0085", "\t", " ", " ", "é", "e\u0301", "İ", "ß", "Σ",
            "42", "3.5", "1,000", "2day", "don", "DON", "t", "T", "s", "m", "ll", "ve", "re", "d", "it", "let", "ss", "can", "feelings", "was", "lol", "idk", "rs", "ur", "u", "better", "crying", "evenings"),
        Gen.Char.Array[1, 4].Select(a => new string(a)));

    private static readonly Gen<string> Text = Piece.Array[0, 25].Select(string.Concat);

    private static readonly Gen<EmotionTextNormalizerOptions> Options =
        Gen.Select(Gen.Bool.Array[12], Gen.Int[0, 2].Array[3], (b, m) => new EmotionTextNormalizerOptions
        {
            Lowercase = b[0],
            RemoveHtml = b[1],
            HashtagsToWords = b[2],
            EmojiToWords = b[3],
            EmoticonsToWords = b[4],
            ExpandContractions = b[5],
            ExpandSlang = b[6],
            SqueezeElongations = b[7],
            Lemmatize = b[8],
            RemoveStopwords = b[9],
            RemovePunctuation = b[10],
            EmphasisMarkers = b[11],
            Urls = (ReplacementMode)m[0],
            Mentions = (ReplacementMode)m[1],
            Numbers = (ReplacementMode)m[2],
        });

    [Fact]
    public void Normalizer_never_throws_and_writes_single_spaced_tokens()
    {
        Gen.Select(Options, Text).Sample((options, text) =>
        {
            var result = EmotionTextNormalizer.Create(options).Normalize(text);
            Assert.True(result.Trim() == result && !result.Contains("  "), $"'{Escape(text)}' -> '{Escape(result)}'");
            Assert.False(result.Any(char.IsSurrogate) && !HasOnlyPairedSurrogates(result));
        }, iter: 3000);
    }

    [Fact]
    public void Normalizing_twice_equals_normalizing_once_when_lowercasing_and_punctuation_removal_are_on()
    {
        Gen.Select(Options, Text).Sample((options, text) =>
        {
            options.Lowercase = true;
            options.RemovePunctuation = true;
            var normalizer = EmotionTextNormalizer.Create(options);
            var once = normalizer.Normalize(text);
            var twice = normalizer.Normalize(once);
            Assert.True(once == twice, $"'{Escape(text)}' -> '{Escape(once)}' -> '{Escape(twice)}'");
        }, iter: 3000);
    }

    [Fact]
    public void Normalizer_never_throws_on_arbitrary_strings()
    {
        var normalizer = EmotionTextNormalizer.Create(new EmotionTextNormalizerOptions { EmphasisMarkers = true, RemoveStopwords = true });
        Gen.String.Sample(text => normalizer.Normalize(text), iter: 2000);
        Gen.Char.Array[0, 300].Sample(chars => normalizer.Normalize(new string(chars)), iter: 2000);
    }

    [Fact]
    public void Normalizer_handles_megabyte_inputs()
    {
        var normalizer = EmotionTextNormalizer.Create(new EmotionTextNormalizerOptions { EmphasisMarkers = true });
        var random = new Random(7);
        var noise = new string(Enumerable.Range(0, 1 << 20).Select(_ => (char)random.Next(0, 0x10000)).ToArray());
        Assert.NotNull(normalizer.Normalize(noise));
        Assert.Equal("aa", normalizer.Normalize(new string('a', 1 << 20)));
        Assert.Equal("<allcaps> aa", normalizer.Normalize(new string('A', 1 << 20)));
        var emoji = string.Concat(Enumerable.Repeat("😂", 1 << 19));
        Assert.StartsWith("face with tear of joy face", normalizer.Normalize(emoji));
        var html = string.Concat(Enumerable.Repeat("<b>I</b> &amp; :) ", 1 << 16));
        Assert.StartsWith("i smile i smile", normalizer.Normalize(html));
    }

    [Fact]
    public void Lemmatizing_a_lemma_returns_it_unchanged()
    {
        var lemmatizer = WordNetLemmatizer.Default;
        foreach (var word in new[] { "feeling", "feelings", "evenings", "was", "better", "cries", "founded", "leaves", "axes", "happier" })
        {
            var lemma = lemmatizer.Lemmatize(word);
            Assert.Equal(lemma, lemmatizer.Lemmatize(lemma));
        }

        Gen.Char["abcdefghijklmnopqrstuvwxyz"].Array[2, 10].Select(a => new string(a)).Sample(word =>
        {
            var lemma = lemmatizer.Lemmatize(word);
            Assert.Equal(lemma, lemmatizer.Lemmatize(lemma));
        }, iter: 5000);
    }

    [Fact]
    public void Lemmatizing_is_idempotent_over_every_wordnet_form()
    {
        var lemmatizer = WordNetLemmatizer.Default;
        var words = EmbeddedText.ReadRows("wordnet-lemmas.tsv.gz").Select(r => r[0])
            .Concat(EmbeddedText.ReadRows("wordnet-exceptions.tsv.gz").Select(r => r[1]))
            .SelectMany(w => new[] { w, w + "s", w + "ed", w + "ing", w + "er", w + "est" });
        var failures = words.Where(w => lemmatizer.Lemmatize(lemmatizer.Lemmatize(w)) != lemmatizer.Lemmatize(w)).Take(5).ToList();
        Assert.Empty(failures);
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and < '\u007F' ? c.ToString() : $"\\u{(int)c:X4}"));

    private static bool HasOnlyPairedSurrogates(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
