using Emotion.ML.Testing;
using System.Text;
using Emotion.ML.Embeddings;

namespace Emotion.ML.Tests.Embeddings;

public class WordEmbeddingsLoadTests : IDisposable
{
    private const string Glove = "the 0.5 -1 2.5e-1\nhappy 1 2 3\nsad -1 -2 -3\n";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static float[] Vector(WordEmbeddings embeddings, string word)
    {
        Assert.True(embeddings.TryGetVector(word, out var vector), $"'{word}' should have a vector");
        return vector.ToArray();
    }

    [Fact]
    public void GloVe_text_is_detected_and_read_in_file_order()
    {
        var embeddings = WordEmbeddings.Load(_temp.Write("g.txt", Glove));
        Assert.Equal(EmbeddingFormat.GloVe, embeddings.Format);
        Assert.Equal(3, embeddings.Dimension);
        Assert.Equal(new[] { "the", "happy", "sad" }, embeddings.Words);
        Assert.Equal(new[] { 0.5f, -1f, 0.25f }, Vector(embeddings, "the"));
        Assert.Equal(new[] { 0.5f, -1f, 0.25f, 1, 2, 3, -1, -2, -3 }, embeddings.Values.ToArray());
        Assert.False(embeddings.TryGetVector("joy", out var missing));
        Assert.True(missing.IsEmpty);
    }

    [Fact]
    public void Word2vec_text_with_header_is_detected()
    {
        var embeddings = WordEmbeddings.Load(_temp.Write("w.txt", "2 2\nhi 1 2\nyo 3 4\n"));
        Assert.Equal(EmbeddingFormat.Word2VecText, embeddings.Format);
        Assert.Equal(new[] { 3f, 4f }, Vector(embeddings, "yo"));
    }

    [Fact]
    public void FastText_vec_is_detected_by_header_and_extension_even_gzipped()
    {
        var path = _temp.WriteGzip("ft.vec.gz", Encoding.UTF8.GetBytes("2 2\nhi 1 2 \nyo 3 4 \n"));
        var embeddings = WordEmbeddings.Load(path);
        Assert.Equal(EmbeddingFormat.FastText, embeddings.Format);
        Assert.Equal(new[] { 1f, 2f }, Vector(embeddings, "hi"));
    }

    [Fact]
    public void Word2vec_binary_is_detected_and_read()
    {
        var bytes = TempFolder.Word2VecBinary(2, 3, ("hi", new[] { 1f, -2f, 0.5f }), ("été", new[] { 0f, 0.25f, 3f }));
        var embeddings = WordEmbeddings.Load(_temp.Write("w.bin", bytes));
        Assert.Equal(EmbeddingFormat.Word2VecBinary, embeddings.Format);
        Assert.Equal(new[] { "hi", "été" }, embeddings.Words);
        Assert.Equal(new[] { 0f, 0.25f, 3f }, Vector(embeddings, "été"));
    }

    [Fact]
    public void Gzip_is_detected_by_magic_bytes_not_by_extension()
    {
        var path = _temp.WriteGzip("no-extension.txt", Encoding.UTF8.GetBytes(Glove));
        var embeddings = WordEmbeddings.Load(path);
        Assert.Equal(3, embeddings.Count);
        Assert.Equal(new[] { -1f, -2f, -3f }, Vector(embeddings, "sad"));
    }

    [Fact]
    public void Gzipped_word2vec_binary_is_read()
    {
        var bytes = TempFolder.Word2VecBinary(1, 2, ("hi", new[] { 1f, 2f }));
        var embeddings = WordEmbeddings.Load(_temp.WriteGzip("w.bin.gz", bytes));
        Assert.Equal(EmbeddingFormat.Word2VecBinary, embeddings.Format);
        Assert.Equal(new[] { 1f, 2f }, Vector(embeddings, "hi"));
    }

    [Fact]
    public void Duplicate_words_keep_the_first_vector()
    {
        var embeddings = WordEmbeddings.Load(_temp.Write("d.txt", "a 1 1\nb 2 2\na 3 3\n"));
        Assert.Equal(2, embeddings.Count);
        Assert.Equal(new[] { 1f, 1f }, Vector(embeddings, "a"));
    }

    [Fact]
    public void MaxWords_keeps_the_first_words_of_the_file()
    {
        var embeddings = WordEmbeddings.Load(_temp.Write("g.txt", Glove), new WordEmbeddingsLoadOptions { MaxWords = 2 });
        Assert.Equal(new[] { "the", "happy" }, embeddings.Words);
        Assert.Equal(6, embeddings.Values.Length);
    }

    [Fact]
    public void RestrictTo_keeps_only_the_listed_words_and_skips_their_neighbours_values()
    {
        var path = _temp.Write("r.txt", "the 1 2\nbroken x y\nsad 5 6\n");
        var embeddings = WordEmbeddings.Load(path, new WordEmbeddingsLoadOptions { RestrictTo = new[] { "sad", "joy" } });
        Assert.Equal(new[] { "sad" }, embeddings.Words);
        Assert.Equal(new[] { 5f, 6f }, Vector(embeddings, "sad"));
    }

    [Fact]
    public void Windows_line_endings_tabs_and_blank_lines_are_accepted()
    {
        var embeddings = WordEmbeddings.Load(_temp.Write("crlf.txt", "a 1\t2\r\n\r\nb  3 4 \r\n"));
        Assert.Equal(new[] { "a", "b" }, embeddings.Words);
        Assert.Equal(new[] { 3f, 4f }, Vector(embeddings, "b"));
    }

    [Fact]
    public void MaxWords_applies_to_word2vec_binary_and_must_not_be_negative()
    {
        var bytes = TempFolder.Word2VecBinary(2, 1, ("hi", new[] { 1f }), ("yo", new[] { 3f }));
        var path = _temp.Write("w.bin", bytes);
        Assert.Equal(new[] { "hi" }, WordEmbeddings.Load(path, new WordEmbeddingsLoadOptions { MaxWords = 1 }).Words);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => WordEmbeddings.Load(path, new WordEmbeddingsLoadOptions { MaxWords = -1 }));
        Assert.Equal("options", ex.ParamName);
    }

    [Fact]
    public void TryGetVector_on_a_span_does_not_allocate()
    {
        var embeddings = WordEmbeddings.Load(_temp.Write("g.txt", Glove));
        var text = "sad happy".AsSpan();
        embeddings.TryGetVector(text[..3], out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0f;
        for (var i = 0; i < 1000; i++)
        {
            sum += embeddings.TryGetVector(text[4..], out var vector) ? vector[2] : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(3000f, sum);
    }

    [Fact]
    public void Explicit_format_overrides_detection()
    {
        var embeddings = WordEmbeddings.Load(_temp.Write("x.txt", "2 3\n"), new WordEmbeddingsLoadOptions { Format = EmbeddingFormat.GloVe });
        Assert.Equal(EmbeddingFormat.GloVe, embeddings.Format);
        Assert.Equal(1, embeddings.Dimension);
        Assert.Equal(new[] { 3f }, Vector(embeddings, "2"));
    }

    [Fact]
    public void Large_text_files_parsed_in_blocks_keep_order_and_values()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 60_000; i++)
        {
            text.Append("w").Append(i).Append(' ').Append(i).Append(" -").Append(i % 7).Append(".5\n");
        }

        var embeddings = WordEmbeddings.Load(_temp.Write("big.txt", text.ToString()));
        Assert.Equal(60_000, embeddings.Count);
        Assert.Equal("w59999", embeddings.Words[^1]);
        Assert.Equal(new[] { 59999f, -(59999 % 7) - 0.5f }, Vector(embeddings, "w59999"));
        Assert.Equal(new[] { 31234f, -(31234 % 7) - 0.5f }, embeddings.GetVector(31234).ToArray());
    }

    [Fact]
    public void The_embedded_GloVe_file_loads_with_its_known_first_vector()
    {
        var path = TestData.Glove;
        var embeddings = WordEmbeddings.Load(path);
        Assert.Equal(18_187, embeddings.Count);
        Assert.Equal(100, embeddings.Dimension);
        Assert.Equal(EmbeddingFormat.GloVe, embeddings.Format);
        Assert.Equal("the", embeddings.Words[0]);
        Assert.Equal("evar", embeddings.Words[^1]);
        var the = Vector(embeddings, "the");
        Assert.Equal(-0.038194f, the[0]);
        Assert.Equal(-0.24487f, the[1]);
        Assert.Equal(0.27062f, the[99]);
        Assert.Equal(-0.090436f, Vector(embeddings, "happy")[0]);
    }
}
