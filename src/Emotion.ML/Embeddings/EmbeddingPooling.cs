namespace Emotion.ML.Embeddings;

/// <summary>How <c>ApplyEmbeddings</c> turns a row's word vectors into its output.</summary>
/// <remarks>Pooling modes skip words without a vector; a row without any known word gives zeros.</remarks>
public enum EmbeddingPooling
{
    /// <summary>The element-wise mean of the known words' vectors: a fixed-size vector of <c>Dimension</c> floats.</summary>
    Mean = 0,

    /// <summary>The element-wise maximum of the known words' vectors: <c>Dimension</c> floats.</summary>
    Max = 1,

    /// <summary>The mean followed by the maximum: <c>2 * Dimension</c> floats.</summary>
    MeanMax = 2,

    /// <summary>
    /// Every token's vector in order, flattened: a variable-length vector of <c>tokens * Dimension</c>
    /// floats, with zeros for tokens without a vector, for consumers that need the sequence.
    /// </summary>
    Sequence = 3,
}
