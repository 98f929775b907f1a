using Emotion.ML.Onnx;

namespace Emotion.ML.Classification;

/// <summary>
/// One scored piece of a text (a sentence, or the whole text) and its share in the text's result;
/// <see cref="ClassPrediction.Label"/>, <see cref="ClassPrediction.Confidence"/> and the scores are
/// the segment's own, in <see cref="EmotionClassifier.Labels"/> order.
/// </summary>
public sealed class TextSegment : ClassPrediction
{
    internal TextSegment(string text, int start, int tokenCount, string[] labels, float[] scores)
        : base(labels, scores)
    {
        Text = text;
        Start = start;
        TokenCount = tokenCount;
    }

    /// <summary>The segment as it appears in the original text.</summary>
    public string Text { get; }

    /// <summary>The index of the segment's first character in the original text.</summary>
    public int Start { get; }

    /// <summary>The segment's length in characters.</summary>
    public int Length => Text.Length;

    /// <summary>The number of tokens the model read for this segment, after normalization.</summary>
    public int TokenCount { get; }

    /// <summary>The segment's weight in the combined probabilities; the weights of a text's segments sum to 1.</summary>
    public float Weight { get; internal set; }

    /// <summary>
    /// How much this segment gave to the text's result: <see cref="Weight"/> times this segment's
    /// probability of the text's <see cref="ClassPrediction.Label"/>. The contributions of a
    /// text's segments sum to the result's confidence.
    /// </summary>
    public float Contribution { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Label} ({Confidence:P1}, weight {Weight:P0}): {Text}";
}
