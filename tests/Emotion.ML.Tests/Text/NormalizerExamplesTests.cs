using Emotion.ML.Text;

namespace Emotion.ML.Tests.Text;

public class NormalizerExamplesTests
{
    private static readonly EmotionTextNormalizer Default = EmotionTextNormalizer.Create();

    private static string Run(string text, Action<EmotionTextNormalizerOptions>? configure = null)
    {
        var options = new EmotionTextNormalizerOptions();
        configure?.Invoke(options);
        return EmotionTextNormalizer.Create(options).Normalize(text);
    }

    [Theory]
    [InlineData("i didnt feel humiliated", "i do not feel humiliated")]
    [InlineData("I am feeling better", "i be feel good")]
    [InlineData("She cries, I was sad", "she cry i be sad")]
    [InlineData("", "")]
    [InlineData("   \t\n ", "")]
    [InlineData("!!! ... ???", "")]
    public void Normalizer_applies_the_default_steps(string input, string expected) =>
        Assert.Equal(expected, Default.Normalize(input));

    [Fact]
    public void Normalizer_returns_empty_for_null() => Assert.Equal("", Default.Normalize((string?)null));

    [Theory]
    [InlineData("can't", "can not")]
    [InlineData("won't", "will not")]
    [InlineData("I'm", "i am")]
    [InlineData("im", "i am")]
    [InlineData("dont", "do not")]
    [InlineData("ive", "i have")]
    [InlineData("y'all", "you all")]
    [InlineData("yall", "you all")]
    [InlineData("can\u2019t", "can not")]
    [InlineData("you\u2019re", "you are")]
    [InlineData("they'll", "they will")]
    [InlineData("shouldn't", "should not")]
    [InlineData("john's", "john")]
    public void Normalizer_expands_formal_and_informal_contractions(string input, string expected) =>
        Assert.Equal(expected, Run(input, o => o.Lemmatize = false));

    [Theory]
    [InlineData("i don t know", "i do not know")]
    [InlineData("i can t", "i can not")]
    [InlineData("i m sad", "i am sad")]
    [InlineData("it s fine", "it is fine")]
    [InlineData("you re late", "you are late")]
    [InlineData("i ve been", "i have been")]
    [InlineData("we ll see", "we will see")]
    [InlineData("i didn t", "i did not")]
    [InlineData("let s go", "let us go")]
    [InlineData("plan b and vitamin d", "plan b and vitamin d")]
    public void Normalizer_joins_contractions_whose_apostrophe_became_a_space(string input, string expected) =>
        Assert.Equal(expected, Run(input, o => o.Lemmatize = false));

    [Fact]
    public void Normalizer_leaves_split_contractions_when_expansion_is_off() =>
        Assert.Equal("i don t", Run("i don t", o => o.ExpandContractions = false));

    [Theory]
    [InlineData("idk", "i do not know")]
    [InlineData("lol", "laughing out loud")]
    [InlineData("omg", "oh my god")]
    [InlineData("tbh", "to be honest")]
    [InlineData("ur", "your")]
    public void Normalizer_expands_slang(string input, string expected) =>
        Assert.Equal(expected, Run(input, o => o.Lemmatize = false));

    [Fact]
    public void Normalizer_keeps_contractions_and_slang_when_switched_off()
    {
        Assert.Equal("cant idk", Run("can't idk", o => { o.ExpandContractions = false; o.ExpandSlang = false; o.Lemmatize = false; }));
        Assert.Equal("can't", Run("can't", o => { o.ExpandContractions = false; o.RemovePunctuation = false; }));
    }

    [Fact]
    public void Normalizer_squeezes_elongations_to_two_letters()
    {
        Assert.Equal("soo happyy", Default.Normalize("soooo HAPPYYYY"));
        Assert.Equal("soooo", Run("soooo", o => o.SqueezeElongations = false));
    }

    [Theory]
    [InlineData("feeling", "feel")]
    [InlineData("was", "be")]
    [InlineData("cries", "cry")]
    [InlineData("better", "good")]
    [InlineData("emotions", "emotion")]
    [InlineData("feelings", "feelings")]
    [InlineData("hates", "hate")]
    [InlineData("tired", "tired")]
    [InlineData("grounded", "grounded")]
    [InlineData("happier", "happy")]
    [InlineData("is", "be")]
    [InlineData("his", "his")]
    [InlineData("seed", "seed")]
    public void Lemmatizer_reduces_words_to_wordnet_lemmas(string word, string lemma)
    {
        Assert.Equal(lemma, WordNetLemmatizer.Default.Lemmatize(word));
        Assert.Equal(lemma, WordNetLemmatizer.Default.Lemmatize(word.AsSpan()).ToString());
    }

    [Fact]
    public void Lemmatizer_leaves_unknown_and_non_ascii_words()
    {
        Assert.Equal("zzyzx", WordNetLemmatizer.Default.Lemmatize("zzyzx"));
        Assert.Equal("café", WordNetLemmatizer.Default.Lemmatize("café"));
        Assert.Equal("", WordNetLemmatizer.Default.Lemmatize((string?)null));
        Assert.True(WordNetLemmatizer.Default.LemmaCount > 70_000);
    }

    [Fact]
    public void Normalizer_keeps_inflections_when_lemmatization_is_off() =>
        Assert.Equal("i was feeling better", Run("I was feeling better", o => o.Lemmatize = false));

    [Fact]
    public void Normalizer_lowercases_only_when_asked()
    {
        Assert.Equal("hello world", Default.Normalize("Hello WORLD"));
        Assert.Equal("Hello WORLD", Run("Hello WORLD", o => o.Lowercase = false));
    }

    [Theory]
    [InlineData("<b>so</b> happy&amp;free", "so happy free")]
    [InlineData("it&#39;s &lt;3 you", "it be love you")]
    [InlineData("line<br/>break", "line break")]
    [InlineData("i <3 you", "i love you")]
    public void Normalizer_removes_html_tags_and_decodes_entities(string input, string expected) =>
        Assert.Equal(expected, Default.Normalize(input));

    [Fact]
    public void Normalizer_keeps_html_as_text_when_switched_off() =>
        Assert.Equal("b hi b amp", Run("<b>hi</b>&amp;", o => o.RemoveHtml = false));

    [Fact]
    public void Normalizer_removes_or_replaces_urls_mentions_and_numbers()
    {
        const string text = "@bob see https://t.co/x?a=1 and www.x.org 42 times 3.5";
        Assert.Equal("see and time", Default.Normalize(text));
        Assert.Equal("<user> see <url> and <url> <number> time <number>", Run(text, o =>
        {
            o.Urls = ReplacementMode.Placeholder;
            o.Mentions = ReplacementMode.Placeholder;
            o.Numbers = ReplacementMode.Placeholder;
        }));
        Assert.Equal("bob see http t co x a 1 and ww x org 42 time 3.5", Run(text, o =>
        {
            o.Urls = ReplacementMode.Keep;
            o.Mentions = ReplacementMode.Keep;
            o.Numbers = ReplacementMode.Keep;
        }));
    }

    [Fact]
    public void Normalizer_turns_hashtags_into_words()
    {
        Assert.Equal("so happy", Default.Normalize("so #happy"));
        Assert.Equal("so blessed today", Default.Normalize("#SoBlessed today"));
        Assert.Equal("<allcaps> lol", Run("#LOL", o => { o.EmphasisMarkers = true; o.ExpandSlang = false; }));
        Assert.Equal("so #happy", Run("so #Happy", o => { o.HashtagsToWords = false; o.RemovePunctuation = false; }));
    }

    [Fact]
    public void Normalizer_removes_punctuation_or_keeps_it_as_tokens()
    {
        Assert.Equal("wait what", Default.Normalize("wait... what?!"));
        Assert.Equal("wait . . . what ? !", Run("wait... what?!", o => o.RemovePunctuation = false));
    }
}
