using Emotion.ML.Tokenization;

namespace Emotion.ML.Tests.Tokenization;

public class VocabularyTests
{
    private static readonly string[] Texts = { "b a c a", "c a  b\td", "e" };

    [Fact]
    public void Build_orders_words_by_frequency_then_ordinally_after_the_reserved_ids()
    {
        var vocabulary = Vocabulary.Build(Texts);
        Assert.Equal(new[] { "<pad>", "<unk>", "a", "b", "c", "d", "e" }, vocabulary.Words);
        Assert.Equal(0, vocabulary.GetId("<pad>"));
        Assert.Equal(1, vocabulary.GetId("<unk>"));
        Assert.Equal(Vocabulary.PaddingId, vocabulary.GetId(Vocabulary.PaddingToken));
        Assert.Equal(Vocabulary.UnknownId, vocabulary.GetId(Vocabulary.UnknownToken));
    }

    [Fact]
    public void Build_is_deterministic_whatever_the_text_order()
    {
        var forward = Vocabulary.Build(new[] { "z y x", "x y z", "q" });
        var backward = Vocabulary.Build(new[] { "q", "x y z", "z y x" });
        Assert.Equal(new[] { "<pad>", "<unk>", "x", "y", "z", "q" }, forward.Words);
        Assert.Equal(forward.Words, backward.Words);
    }

    [Fact]
    public void MinCount_and_MaxSize_limit_the_words()
    {
        Assert.Equal(new[] { "<pad>", "<unk>", "a", "b", "c" }, Vocabulary.Build(Texts, minCount: 2).Words);
        Assert.Equal(new[] { "<pad>", "<unk>", "a", "b" }, Vocabulary.Build(Texts, maxSize: 4).Words);
    }

    [Fact]
    public void Build_accepts_token_sequences_and_ignores_reserved_tokens_in_the_data()
    {
        var vocabulary = Vocabulary.Build(new[] { new[] { "hello world", "<unk>" }, new[] { "hello world", "x" } });
        Assert.Equal(new[] { "<pad>", "<unk>", "hello world", "x" }, vocabulary.Words);
    }

    [Fact]
    public void Unknown_words_map_to_id_1_and_span_lookup_matches_slices()
    {
        var vocabulary = Vocabulary.Build(Texts);
        Assert.Equal(Vocabulary.UnknownId, vocabulary.GetId("zzz"));
        Assert.Equal(Vocabulary.UnknownId, vocabulary.GetId("A"));
        Assert.Equal(4, vocabulary.GetId("xxcxx".AsSpan(2, 1)));
        Assert.Equal("c", vocabulary.GetWord(4));
        Assert.True(vocabulary.Contains("d"));
        Assert.False(vocabulary.Contains("f"));
    }

    [Fact]
    public void GetWord_rejects_ids_outside_the_vocabulary()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Vocabulary.Build(Texts).GetWord(7));
        Assert.Equal("id", ex.ParamName);
    }

    [Fact]
    public void Invalid_arguments_are_named()
    {
        Assert.Equal("minCount", Assert.Throws<ArgumentOutOfRangeException>(() => Vocabulary.Build(Texts, minCount: 0)).ParamName);
        Assert.Equal("maxSize", Assert.Throws<ArgumentOutOfRangeException>(() => Vocabulary.Build(Texts, maxSize: 2)).ParamName);
    }

    [Fact]
    public void FromWords_requires_the_reserved_tokens_first_and_unique_words()
    {
        Assert.Equal(3, Vocabulary.FromWords(new[] { "<pad>", "<unk>", "x" }).Count);
        Assert.Contains("Id 0 must hold '<pad>'", Assert.Throws<ArgumentException>(() => Vocabulary.FromWords(new[] { "x", "<unk>" })).Message);
        Assert.Contains("'x' at id 3 is repeated", Assert.Throws<ArgumentException>(() => Vocabulary.FromWords(new[] { "<pad>", "<unk>", "x", "x" })).Message);
        Assert.Throws<ArgumentException>(() => Vocabulary.FromWords(new[] { "<pad>", "<unk>", "a\nb" }));
        Assert.Throws<ArgumentException>(() => Vocabulary.FromWords(new[] { "<pad>" }));
    }

    [Fact]
    public void Save_and_Load_round_trip_through_a_file_without_leaving_temp_files()
    {
        var folder = Path.Combine(Path.GetTempPath(), "emotion-ml-vocab-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var path = Path.Combine(folder, "vocab.txt");
            var vocabulary = Vocabulary.Build(new[] { "héllo wörld héllo 😀" });
            vocabulary.Save(path);
            vocabulary.Save(path);
            Assert.Equal(new[] { "vocab.txt" }, Directory.GetFiles(folder).Select(Path.GetFileName));
            Assert.Equal("<pad>\n<unk>\nhéllo\nwörld\n😀\n", File.ReadAllText(path));
            Assert.Equal(vocabulary.Words, Vocabulary.Load(path).Words);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_of_a_file_that_is_not_a_vocabulary_fails_clearly()
    {
        using var stream = new MemoryStream("a\nb\n"u8.ToArray());
        var ex = Assert.Throws<InvalidDataException>(() => Vocabulary.Load(stream));
        Assert.Contains("not a vocabulary file", ex.Message);
    }

    [Fact]
    public void GetId_on_a_span_does_not_allocate()
    {
        var vocabulary = Vocabulary.Build(Texts);
        var text = "b a c a zzz".AsSpan();
        vocabulary.GetId(text[..1]);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0;
        for (var i = 0; i < 1000; i++)
        {
            sum += vocabulary.GetId(text[..1]) + vocabulary.GetId(text[8..]);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000 * (3 + 1), sum);
    }
}
