using Emotion.ML.Text;
using Microsoft.ML;

namespace Emotion.ML;

/// <summary>Adds Emotion.ML's text normalization to <c>mlContext.Transforms.Text</c>.</summary>
public static class TextNormalizationCatalog
{
    /// <summary>
    /// Normalizes a text column for emotion classification: lowercasing, HTML, URL and @mention
    /// removal, hashtags, emoji and emoticons to words, contraction and slang expansion,
    /// elongation squeezing and WordNet lemmatization, each switchable through
    /// <paramref name="options"/>. The output is tokens separated by single spaces.
    /// </summary>
    /// <param name="catalog">The text transforms catalog, <c>mlContext.Transforms.Text</c>.</param>
    /// <param name="outputColumnName">The text column to write.</param>
    /// <param name="inputColumnName">The scalar text column to read; <see langword="null"/> means <paramref name="outputColumnName"/>.</param>
    /// <param name="options">The normalization steps; <see langword="null"/> means the defaults of <see cref="EmotionTextNormalizerOptions"/>.</param>
    /// <returns>An estimator whose <c>Fit</c> reads no data.</returns>
    /// <example>
    /// <code>
    /// var pipeline = ml.Transforms.Text.NormalizeEmotionText("Clean", "Text",
    ///     new EmotionTextNormalizerOptions { EmphasisMarkers = true });
    /// // "I AM SOOO HAPPY!! 😂" -> "&lt;allcaps&gt; i be soo happy &lt;exclaim&gt; face with tear of joy"
    /// </code>
    /// </example>
    public static EmotionTextNormalizingEstimator NormalizeEmotionText(
        this TransformsCatalog.TextTransforms catalog,
        string outputColumnName,
        string? inputColumnName = null,
        EmotionTextNormalizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EmotionTextNormalizingEstimator(outputColumnName, inputColumnName, options);
    }
}
