namespace Emotion.ML.Embeddings;

/// <summary>What <see cref="EmbeddingMatrix"/> puts in the rows of vocabulary words without a pretrained vector (and of <c>&lt;unk&gt;</c>).</summary>
public enum OovPolicy
{
    /// <summary>Zeros: a missing word contributes nothing until a trainer learns its row.</summary>
    Zeros = 0,

    /// <summary>
    /// Seeded uniform values in <c>[-a, a]</c>, with <c>a = sqrt(3) * std</c> of the found vectors' values
    /// (so the random rows have the pretrained rows' spread), or <c>a = 0.05</c> when no word is found.
    /// </summary>
    Random = 1,

    /// <summary>The mean of the found vectors (zeros when none is found).</summary>
    Mean = 2,
}
