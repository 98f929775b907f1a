using Emotion.ML.Classification;

namespace Emotion.ML.Tests.Classification;

public class SentenceSplitterTests
{
    private static string[] Sentences(string text) =>
        SentenceSplitter.Split(text).Select(r => text.Substring(r.Start, r.Length)).ToArray();

    [Fact]
    public void Splits_after_sentence_punctuation_followed_by_space_and_at_line_breaks()
    {
        Assert.Equal(
            new[] { "We won!", "I can't believe it...", "Can you?!", "Next line", "Last one." },
            Sentences("  We won! I can't believe it... Can you?!\nNext line\r\n\r\nLast one.  "));
    }

    [Fact]
    public void Keeps_abbreviations_initials_decimals_and_closing_quotes_inside_sentences()
    {
        Assert.Equal(
            new[] { "Dr. Smith met J. Doe at 3.30 p.m. on the dot.", "\"Great!\"", "She said (quietly.)" },
            Sentences("Dr. Smith met J. Doe at 3.30 p.m. on the dot. \"Great!\" She said (quietly.)"));
    }

    [Fact]
    public void Text_without_punctuation_or_only_white_space()
    {
        Assert.Equal(new[] { "no punctuation here" }, Sentences("no punctuation here"));
        Assert.Empty(Sentences(" \n\t "));
        Assert.Empty(Sentences(""));
    }

    [Fact]
    public void Ranges_point_into_the_original_text()
    {
        const string text = "One. Two!  Three?";
        Assert.Equal(new[] { (0, 4), (5, 4), (11, 6) }, SentenceSplitter.Split(text));
    }

    [Fact]
    public void Clauses_split_at_commas_then_every_max_words()
    {
        const string text = "first, second part; a b c d e f g";
        var pieces = SentenceSplitter.SplitClauses(text, (0, text.Length), maxWords: 3)
            .Select(r => text.Substring(r.Start, r.Length)).ToArray();
        Assert.Equal(new[] { "first,", "second part;", "a b c", "d e f", "g" }, pieces);
    }
}
