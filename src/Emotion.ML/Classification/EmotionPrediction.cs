namespace Emotion.ML.Classification;

/// <summary>The emotion <see cref="EmotionClassifier"/> reads in one text, every emotion's probability, and the segments behind it.</summary>
public sealed class EmotionPrediction
{
    private readonly string[] _labels;
    private readonly float[] _scores;
    private IReadOnlyDictionary<string, float>? _byName;

    internal EmotionPrediction(string text, string[] labels, float[] scores, IReadOnlyList<TextSegment> segments)
    {
        Text = text;
        _labels = labels;
        _scores = scores;
        LabelIndex = ArgMax(scores);
        Segments = segments;
        Drivers = segments.OrderByDescending(s => s.Contribution).ThenBy(s => s.Start).ToArray();
    }

    /// <summary>The text that was classified.</summary>
    public string Text { get; }

    /// <summary>The most probable emotion, e.g. <c>joy</c>.</summary>
    public string Label => _labels[LabelIndex];

    /// <summary>The index of <see cref="Label"/> in <see cref="EmotionClassifier.Labels"/> (the first on a tie).</summary>
    public int LabelIndex { get; }

    /// <summary>The probability of <see cref="Label"/>.</summary>
    public float Confidence => _scores[LabelIndex];

    /// <summary>The probabilities in <see cref="EmotionClassifier.Labels"/> order; they sum to 1.</summary>
    public IReadOnlyList<float> Scores => _scores;

    /// <summary>The probabilities by emotion.</summary>
    public IReadOnlyDictionary<string, float> Probabilities =>
        _byName ??= _labels.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => _scores[x.i], StringComparer.Ordinal);

    /// <summary>
    /// The pieces the text was scored in, in text order: one (the whole text) unless the text was
    /// split into sentences; see <see cref="EmotionClassifier"/> for the rule.
    /// </summary>
    public IReadOnlyList<TextSegment> Segments { get; }

    /// <summary>The same segments ordered by <see cref="TextSegment.Contribution"/>, largest first: what drove <see cref="Label"/>.</summary>
    public IReadOnlyList<TextSegment> Drivers { get; }

    /// <summary>The emotions from most to least probable, with their probabilities.</summary>
    public IEnumerable<KeyValuePair<string, float>> Ranked =>
        _labels.Select((name, i) => new KeyValuePair<string, float>(name, _scores[i])).OrderByDescending(p => p.Value);

    /// <inheritdoc/>
    public override string ToString() => $"{Label} ({Confidence:P1})";

    internal static int ArgMax(float[] scores)
    {
        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return best;
    }
}
