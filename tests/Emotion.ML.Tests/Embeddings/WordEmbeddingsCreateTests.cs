using Emotion.ML.Embeddings;

namespace Emotion.ML.Tests.Embeddings;

public class WordEmbeddingsCreateTests
{
    [Fact]
    public void Create_stores_vectors_contiguously_and_keeps_the_first_of_repeated_words()
    {
        var embeddings = WordEmbeddings.Create(new[] { ("x", new[] { 1f, 2f }), ("y", new[] { 3f, 4f }), ("x", new[] { 9f, 9f }) });
        Assert.Equal(2, embeddings.Count);
        Assert.Equal(2, embeddings.Dimension);
        Assert.Equal(EmbeddingFormat.Auto, embeddings.Format);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, embeddings.Values.ToArray());
        Assert.True(embeddings.TryGetVector("y x".AsSpan(0, 1), out var y));
        Assert.Equal(new[] { 3f, 4f }, y.ToArray());
        Assert.Equal(1, embeddings.IndexOf("y"));
        Assert.Equal(-1, embeddings.IndexOf("z"));
    }

    [Fact]
    public void Create_rejects_mixed_dimensions_and_empty_input()
    {
        var mixed = Assert.Throws<ArgumentException>(() => WordEmbeddings.Create(new[] { ("x", new[] { 1f }), ("y", new[] { 1f, 2f }) }));
        Assert.Contains("'y'", mixed.Message);
        Assert.Equal("entries", Assert.Throws<ArgumentException>(() => WordEmbeddings.Create(Array.Empty<(string, float[])>())).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => WordEmbeddings.Create(new[] { ("x", new[] { 1f }) }).GetVector(1)).ParamName);
    }
}
