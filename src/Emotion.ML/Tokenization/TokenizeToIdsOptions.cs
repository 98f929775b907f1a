using System.Text.Json.Serialization;

namespace Emotion.ML.Tokenization;

/// <summary>Options of <c>ml.Transforms.Text.TokenizeToIds</c>.</summary>
public sealed class TokenizeToIdsOptions
{
    /// <summary>The default of <see cref="MaxSize"/>: enough for emotion and sentiment corpora while bounding the embedding table.</summary>
    public const int DefaultMaxSize = 50_000;

    /// <summary>
    /// The minimum number of occurrences in the training data a word needs to get its own id.
    /// Default 1: every word seen; pretrained embeddings give rare words useful vectors.
    /// </summary>
    public int MinCount { get; set; } = 1;

    /// <summary>
    /// The maximum vocabulary size, the two reserved ids included; the most frequent words are kept.
    /// Default <see cref="DefaultMaxSize"/> (50,000), which bounds the embedding table a trainer
    /// allocates; 0 means unlimited.
    /// </summary>
    public int MaxSize { get; set; } = DefaultMaxSize;

    /// <summary>
    /// The maximum number of ids per row; longer texts are cut as <see cref="Truncation"/> says.
    /// Default 0: no truncation, since trainers pad each batch to its own longest row.
    /// </summary>
    public int MaxLength { get; set; }

    /// <summary>
    /// Words that get an id even when the training data lacks them, after the learned words and in
    /// the order given (duplicates, reserved tokens and learned words are skipped); not limited by
    /// <see cref="MaxSize"/>. Give it the words of a pretrained embedding file
    /// (<c>glove.Words</c>) so that a word never seen in training still maps to its pretrained
    /// vector instead of the unknown id. Default null: only learned words. Used when fitting only,
    /// so it is not saved with a model (the fitted vocabulary is).
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<string>? AdditionalWords { get; set; }

    /// <summary>Which tokens are kept when a text is longer than <see cref="MaxLength"/>. Default <see cref="TruncationMode.KeepStart"/>.</summary>
    public TruncationMode Truncation { get; set; } = TruncationMode.KeepStart;

    /// <summary>A copy, so a fitted transformer is not changed by later edits of the caller's options.</summary>
    internal TokenizeToIdsOptions Clone() => (TokenizeToIdsOptions)MemberwiseClone();

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    internal void Validate(string paramName)
    {
        if (MinCount < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, MinCount, $"{nameof(MinCount)} must be at least 1.");
        }

        if (MaxSize != 0 && MaxSize < 3)
        {
            throw new ArgumentOutOfRangeException(paramName, MaxSize, $"{nameof(MaxSize)} must be 0 (unlimited) or at least 3.");
        }

        if (MaxLength < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, MaxLength, $"{nameof(MaxLength)} must be 0 (no truncation) or positive.");
        }

        if (!Enum.IsDefined(Truncation))
        {
            throw new ArgumentOutOfRangeException(paramName, Truncation, $"{nameof(Truncation)} is not a {nameof(TruncationMode)} value.");
        }
    }
}
