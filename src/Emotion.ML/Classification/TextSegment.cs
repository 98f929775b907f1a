namespace Emotion.ML.Classification;

/// <summary>One scored piece of a text (a sentence, or the whole text) and its share in the text's result.</summary>
public sealed class TextSegment
{
    private readonly string[] _labels;
    private readonly float[] _scores;
    private IReadOnlyDictionary<string, float>? _byName;

    internal TextSegment(string text, int start, int tokenCount, string[] labels, float[] scores)
    {
        Text = text;
        Start = start;
        TokenCount = tokenCount;
        _labels = labels;
        _scores = scores;
        LabelIndex = EmotionPrediction.ArgMax(scores);
    }

    /// <summary>The segment as it appears in the original text.</summary>
    public string Text { get; }

    /// <summary>The index of the segment's first character in the original text.</summary>
    public int Start { get; }

    /// <summary>The segment's length in characters.</summary>
    public int Length => Text.Length;

    /// <summary>The number of tokens the model read for this segment, after normalization.</summary>
    public int TokenCount { get; }

    /// <summary>The segment's own most probable emotion.</summary>
    public string Label => _labels[LabelIndex];

    /// <summary>The index of <see cref="Label"/> in <see cref="EmotionClassifier.Labels"/>.</summary>
    public int LabelIndex { get; }

    /// <summary>The probability of <see cref="Label"/> for this segment alone.</summary>
    public float Confidence => _scores[LabelIndex];

    /// <summary>This segment's probabilities in <see cref="EmotionClassifier.Labels"/> order.</summary>
    public IReadOnlyList<float> Scores => _scores;

    /// <summary>This segment's probabilities by emotion.</summary>
    public IReadOnlyDictionary<string, float> Probabilities =>
        _byName ??= _labels.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => _scores[x.i], StringComparer.Ordinal);

    /// <summary>The segment's weight in the combined probabilities; the weights of a text's segments sum to 1.</summary>
    public float Weight { get; internal set; }

    /// <summary>
    /// How much this segment gave to the text's result: <see cref="Weight"/> times this segment's
    /// probability of the text's <see cref="EmotionPrediction.Label"/>. The contributions of a
    /// text's segments sum to the result's confidence.
    /// </summary>
    public float Contribution { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => $"{Label} ({Confidence:P1}, weight {Weight:P0}): {Text}";
}
