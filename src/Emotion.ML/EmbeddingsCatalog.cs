using Emotion.ML.Embeddings;
using Microsoft.ML;

namespace Emotion.ML;

/// <summary>Catalog entry point of pretrained word vectors: <c>ml.Transforms.Text.ApplyEmbeddings</c>.</summary>
public static class EmbeddingsCatalog
{
    /// <summary>
    /// Replaces each row's words by pretrained vectors: pooled into a fixed-size float vector
    /// (<see cref="EmbeddingPooling.Mean"/>, <see cref="EmbeddingPooling.Max"/>, <see cref="EmbeddingPooling.MeanMax"/>)
    /// for classic ML.NET trainers, or flattened in token order (<see cref="EmbeddingPooling.Sequence"/>).
    /// Pooling skips words without a vector; a row with no known word gives zeros.
    /// </summary>
    /// <param name="catalog">The text transforms catalog, <c>ml.Transforms.Text</c>.</param>
    /// <param name="outputColumnName">The name of the float-vector column to append.</param>
    /// <param name="inputColumnName">A text column (split on white space), a vector of text, or the token-id column of <c>TokenizeToIds</c>.</param>
    /// <param name="embeddings">The pretrained vectors, e.g. from <see cref="WordEmbeddings.Load"/>.</param>
    /// <param name="mode">How a row's vectors are combined; default <see cref="EmbeddingPooling.Mean"/>.</param>
    /// <example><code>
    /// var glove = WordEmbeddings.Load("glove.6B.100d.txt.gz");
    /// var pipeline = ml.Transforms.Text.NormalizeEmotionText("Clean", "Text")
    ///     .Append(ml.Transforms.Text.ApplyEmbeddings("Features", "Clean", glove, EmbeddingPooling.MeanMax))
    ///     .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Features"));
    /// </code></example>
    public static ApplyEmbeddingsEstimator ApplyEmbeddings(
        this TransformsCatalog.TextTransforms catalog,
        string outputColumnName,
        string inputColumnName,
        WordEmbeddings embeddings,
        EmbeddingPooling mode = EmbeddingPooling.Mean)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ApplyEmbeddingsEstimator(outputColumnName, inputColumnName, embeddings, mode);
    }
}
