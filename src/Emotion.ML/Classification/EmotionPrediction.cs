using Emotion.ML.Onnx;

namespace Emotion.ML.Classification;

/// <summary>
/// The emotion <see cref="EmotionClassifier"/> reads in one text, every emotion's probability (in
/// <see cref="EmotionClassifier.Labels"/> order), and the segments behind it.
/// </summary>
public sealed class EmotionPrediction : ClassPrediction
{
    private readonly string[] _labels;

    internal EmotionPrediction(string text, string[] labels, float[] scores, IReadOnlyList<TextSegment> segments)
        : base(labels, scores)
    {
        Text = text;
        _labels = labels;
        Segments = segments;
        Drivers = segments.OrderByDescending(s => s.Contribution).ThenBy(s => s.Start).ToArray();
    }

    /// <summary>The text that was classified.</summary>
    public string Text { get; }

    /// <summary>
    /// The pieces the text was scored in, in text order: one (the whole text) unless the text was
    /// split into sentences; see <see cref="EmotionClassifier"/> for the rule.
    /// </summary>
    public IReadOnlyList<TextSegment> Segments { get; }

    /// <summary>The same segments ordered by <see cref="TextSegment.Contribution"/>, largest first: what drove <see cref="ClassPrediction.Label"/>.</summary>
    public IReadOnlyList<TextSegment> Drivers { get; }

    /// <summary>The emotions from most to least probable, with their probabilities.</summary>
    public IEnumerable<KeyValuePair<string, float>> Ranked =>
        _labels.Select((name, i) => new KeyValuePair<string, float>(name, Scores[i])).OrderByDescending(p => p.Value);
}
