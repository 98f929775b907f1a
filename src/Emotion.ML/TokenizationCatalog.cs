using Emotion.ML.Tokenization;
using Microsoft.ML;

namespace Emotion.ML;

/// <summary>Catalog entry point of the vocabulary tokenizer: <c>ml.Transforms.Text.TokenizeToIds</c>.</summary>
public static class TokenizationCatalog
{
    /// <summary>
    /// Splits text into tokens and maps them to ids of a vocabulary learned at fit time
    /// (id 0 = <c>&lt;pad&gt;</c>, id 1 = <c>&lt;unk&gt;</c>). The output is a variable-length
    /// <see cref="int"/> vector annotated with the vocabulary (<see cref="Vocabulary.AnnotationName"/>).
    /// </summary>
    /// <param name="catalog">The text transforms catalog, <c>ml.Transforms.Text</c>.</param>
    /// <param name="outputColumnName">The name of the token-id column to append.</param>
    /// <param name="inputColumnName">The text (or vector of text) column to read; defaults to <paramref name="outputColumnName"/>.</param>
    /// <param name="maxLength">When positive, the maximum number of ids per row; overrides <see cref="TokenizeToIdsOptions.MaxLength"/>.</param>
    /// <param name="options">Vocabulary and truncation options; defaults when null.</param>
    /// <example><code>
    /// var pipeline = ml.Transforms.Text.NormalizeEmotionText("Clean", "Text")
    ///     .Append(ml.Transforms.Text.TokenizeToIds("Tokens", "Clean", maxLength: 64));
    /// </code></example>
    public static TokenizeToIdsEstimator TokenizeToIds(
        this TransformsCatalog.TextTransforms catalog,
        string outputColumnName,
        string? inputColumnName = null,
        int maxLength = 0,
        TokenizeToIdsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        var effective = options?.Clone() ?? new TokenizeToIdsOptions();
        if (maxLength > 0)
        {
            effective.MaxLength = maxLength;
        }

        return new TokenizeToIdsEstimator(outputColumnName, inputColumnName, effective);
    }
}
