using Emotion.ML.Testing;
using Emotion.ML.Embeddings;
using Emotion.ML.Tokenization;

namespace Emotion.ML.Tests.Embeddings;

public class EmbeddingMatrixTests
{
    private static readonly WordEmbeddings Embeddings = WordEmbeddings.Create(new[]
    {
        ("happy", new[] { 1f, 2f }),
        ("sad", new[] { 3f, -4f }),
        ("joy", new[] { 5f, 0f }),
    });

    private static readonly Vocabulary Vocabulary = Vocabulary.FromWords(new[] { "<pad>", "<unk>", "happy", "Sad", "meh", "blah" });

    [Fact]
    public void Zeros_policy_aligns_rows_to_ids_and_reports_coverage()
    {
        var matrix = EmbeddingMatrix.Create(Embeddings, Vocabulary);
        Assert.Equal(6, matrix.Rows);
        Assert.Equal(2, matrix.Dimension);
        Assert.Equal(OovPolicy.Zeros, matrix.Oov);
        Assert.Equal(new float[] { 0, 0, 0, 0, 1, 2, 3, -4, 0, 0, 0, 0 }, matrix.Values.ToArray());
        Assert.Equal(2, matrix.FoundCount);
        Assert.Equal(2, matrix.MissingCount);
        Assert.Equal(0.5, matrix.Coverage);
        Assert.Equal(new[] { "meh", "blah" }, matrix.MissingWords);
    }

    [Fact]
    public void Lowercase_fallback_can_be_turned_off()
    {
        var matrix = EmbeddingMatrix.Create(Embeddings, Vocabulary, tryLowercase: false);
        Assert.Equal(1, matrix.FoundCount);
        Assert.Equal(new[] { "Sad", "meh", "blah" }, matrix.MissingWords);
        Assert.Equal(0.25, matrix.Coverage);
    }

    [Fact]
    public void Mean_policy_fills_missing_rows_and_unknown_with_the_mean_of_found_vectors()
    {
        var matrix = EmbeddingMatrix.Create(Embeddings, Vocabulary, OovPolicy.Mean);
        Assert.Equal(new float[] { 0, 0 }, matrix.GetRow(Vocabulary.PaddingId).ToArray());
        Assert.Equal(new float[] { 2, -1 }, matrix.GetRow(Vocabulary.UnknownId).ToArray());
        Assert.Equal(new float[] { 1, 2 }, matrix.GetRow(2).ToArray());
        Assert.Equal(new float[] { 2, -1 }, matrix.GetRow(4).ToArray());
        Assert.Equal(new float[] { 2, -1 }, matrix.GetRow(5).ToArray());
    }

    [Fact]
    public void Random_policy_is_seeded_and_scaled_to_the_found_vectors_spread()
    {
        var first = EmbeddingMatrix.Create(Embeddings, Vocabulary, OovPolicy.Random, seed: 7);
        var again = EmbeddingMatrix.Create(Embeddings, Vocabulary, OovPolicy.Random, seed: 7);
        var other = EmbeddingMatrix.Create(Embeddings, Vocabulary, OovPolicy.Random, seed: 8);
        Assert.Equal(first.Values.ToArray(), again.Values.ToArray());
        Assert.NotEqual(first.Values.ToArray(), other.Values.ToArray());
        Assert.Equal(new float[] { 0, 0 }, first.GetRow(0).ToArray());
        Assert.Equal(new float[] { 3, -4 }, first.GetRow(3).ToArray());

        // Found values {1, 2, 3, -4}: std = sqrt(7.5 - 0.25), so a = sqrt(3) * std = 4.664.
        var bound = Math.Sqrt(3) * Math.Sqrt(7.25);
        var random = new[] { 1, 4, 5 }.SelectMany(id => first.GetRow(id).ToArray()).ToArray();
        Assert.All(random, v => Assert.InRange(v, -bound, bound));
        Assert.Contains(random, v => Math.Abs(v) > 0.05);
    }

    [Fact]
    public void Random_policy_without_any_found_word_uses_a_small_range()
    {
        var none = Vocabulary.FromWords(new[] { "<pad>", "<unk>", "zzz" });
        var matrix = EmbeddingMatrix.Create(Embeddings, none, OovPolicy.Random);
        Assert.Equal(0, matrix.Coverage);
        Assert.All(matrix.GetRow(2).ToArray(), v => Assert.InRange(v, -0.05f, 0.05f));
    }

    [Fact]
    public void Vocabulary_without_words_has_full_coverage()
    {
        var matrix = EmbeddingMatrix.Create(Embeddings, Vocabulary.FromWords(new[] { "<pad>", "<unk>" }), OovPolicy.Mean);
        Assert.Equal(1, matrix.Coverage);
        Assert.Equal(new float[] { 0, 0, 0, 0 }, matrix.Values.ToArray());
    }

    [Fact]
    public void The_embedded_GloVe_covers_most_of_the_CARER_vocabulary()
    {
        var texts = File.ReadLines(TestData.Carer("train")).Skip(1).Select(l => l[..l.LastIndexOf('\t')]);
        var vocabulary = Vocabulary.Build(texts, minCount: 2);
        var glove = WordEmbeddings.Load(TestData.Glove, new WordEmbeddingsLoadOptions { RestrictTo = vocabulary.Words });
        var matrix = EmbeddingMatrix.Create(glove, vocabulary);
        Assert.Equal(glove.Count, matrix.FoundCount);
        Assert.True(matrix.Coverage > 0.9, $"coverage {matrix.Coverage}");
        Assert.Equal(glove.GetVector(glove.IndexOf("feel")).ToArray(), matrix.GetRow(vocabulary.GetId("feel")).ToArray());
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Equal("embeddings", Assert.Throws<ArgumentNullException>(() => EmbeddingMatrix.Create(null!, Vocabulary)).ParamName);
        Assert.Equal("oov", Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingMatrix.Create(Embeddings, Vocabulary, (OovPolicy)9)).ParamName);
        Assert.Equal("id", Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingMatrix.Create(Embeddings, Vocabulary).GetRow(6)).ParamName);
    }
}
