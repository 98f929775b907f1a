using Emotion.ML.Text;

namespace Emotion.ML.Tests.Text;

public class NormalizerEmojiAndEmphasisTests
{
    private static readonly EmotionTextNormalizer Plain = EmotionTextNormalizer.Create(new EmotionTextNormalizerOptions { Lemmatize = false });

    private static string Run(string text, Action<EmotionTextNormalizerOptions>? configure = null)
    {
        var options = new EmotionTextNormalizerOptions();
        configure?.Invoke(options);
        return EmotionTextNormalizer.Create(options).Normalize(text);
    }

    [Fact]
    public void Normalizer_names_emoji_from_unicode_data()
    {
        Assert.Equal("face with tears of joy", Plain.Normalize("😂"));
        Assert.Equal("face with tear of joy", EmotionTextNormalizer.Create().Normalize("😂"));
        Assert.Equal("so funny face with tears of joy face with tears of joy", Plain.Normalize("so funny😂😂"));
        Assert.Equal("red heart", Plain.Normalize("\u2764\uFE0F"));
        Assert.Equal("red heart", Plain.Normalize("\u2764"));
    }

    [Theory]
    [InlineData("👍🏽", "thumbs up")]
    [InlineData("👩🏽‍💻", "woman technologist")]
    [InlineData("👩‍💻", "woman technologist")]
    [InlineData("👨‍👩‍👧‍👦", "family man woman girl boy")]
    [InlineData("🇩🇪", "flag germany")]
    [InlineData("🏴󠁧󠁢󠁥󠁮󠁧󠁿", "flag england")]
    [InlineData("❤️‍🔥", "heart on fire")]
    [InlineData("1️⃣", "keycap 1")]
    public void Normalizer_matches_multi_codepoint_emoji_by_longest_match(string emoji, string name) =>
        Assert.Equal(name, EmotionTextNormalizer.Create(new EmotionTextNormalizerOptions { Lemmatize = false, Numbers = ReplacementMode.Keep }).Normalize(emoji));

    [Fact]
    public void Normalizer_drops_emoji_when_switched_off()
    {
        Assert.Equal("ok", Run("ok 😂", o => o.EmojiToWords = false));
        Assert.Equal("ok 😂", Run("ok 😂", o => { o.EmojiToWords = false; o.RemovePunctuation = false; }));
    }

    [Theory]
    [InlineData(":)", "smile")]
    [InlineData(":-)", "smile")]
    [InlineData(":)))", "smile")]
    [InlineData(":(", "sad")]
    [InlineData(":D", "grin")]
    [InlineData("<3", "love")]
    [InlineData(";)", "wink")]
    [InlineData(":'(", "cry")]
    [InlineData("xD", "laugh")]
    [InlineData(":P", "playful")]
    [InlineData(":/", "unsure")]
    [InlineData("great:)", "great smile")]
    public void Normalizer_turns_emoticons_into_words(string emoticon, string words) =>
        Assert.Equal(words, Plain.Normalize(emoticon));

    [Theory]
    [InlineData("max", "max")]
    [InlineData("http://x", "")]
    [InlineData("(see): it", "see it")]
    [InlineData(":pizza", "pizza")]
    public void Normalizer_does_not_read_emoticons_inside_text(string input, string expected) =>
        Assert.Equal(expected, Plain.Normalize(input));

    [Fact]
    public void Normalizer_drops_emoticons_when_switched_off() =>
        Assert.Equal("hi", Run("hi :)", o => o.EmoticonsToWords = false));

    [Fact]
    public void Normalizer_marks_emphasis_when_asked()
    {
        Assert.Equal("<allcaps> i be happy <exclaim>", Run("I AM HAPPY!!", o => o.EmphasisMarkers = true));
        Assert.Equal("i be <allcaps> so happy <question> <exclaim>", Run("I am SO happy?!", o => o.EmphasisMarkers = true));
        Assert.Equal("i be happy", Run("I AM HAPPY!!"));
    }

    [Fact]
    public void Normalizer_keeps_its_own_markers_on_input()
    {
        var options = new EmotionTextNormalizerOptions
        {
            EmphasisMarkers = true,
            Urls = ReplacementMode.Placeholder,
            Mentions = ReplacementMode.Placeholder,
            Numbers = ReplacementMode.Placeholder,
        };
        var normalizer = EmotionTextNormalizer.Create(options);
        const string text = "<allcaps> <user> hi <url> <number> <exclaim> <question>";
        Assert.Equal(text, normalizer.Normalize(text));
    }

    [Fact]
    public void Normalizer_removes_stopwords_but_keeps_negations_and_intensifiers()
    {
        Assert.Equal("not very happy but never sad", Run("I am not very happy, but I am never sad", o => o.RemoveStopwords = true));
        Assert.Equal("i be not very happy", Run("I am not very happy"));
    }

    [Fact]
    public void Stopword_list_keeps_negations_and_intensifiers()
    {
        foreach (var kept in new[] { "not", "no", "never", "nor", "very", "too", "so", "more", "most", "but", "really" })
        {
            Assert.DoesNotContain(kept, EmotionTextNormalizer.Stopwords);
        }

        Assert.Contains("the", EmotionTextNormalizer.Stopwords);
    }

    [Fact]
    public void Documented_tables_expand_to_fixed_points()
    {
        // Every expansion normalizes to itself, so normalizing twice equals normalizing once.
        var normalizer = EmotionTextNormalizer.Create(new EmotionTextNormalizerOptions { EmphasisMarkers = true, RemoveStopwords = true });
        var keys = EmotionTextNormalizer.Contractions.Keys.Concat(EmotionTextNormalizer.Slang.Keys).Concat(EmotionTextNormalizer.Emoticons.Keys);
        foreach (var key in keys)
        {
            var once = normalizer.Normalize(key);
            Assert.Equal(once, normalizer.Normalize(once));
        }
    }
}
