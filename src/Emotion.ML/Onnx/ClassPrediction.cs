namespace Emotion.ML.Onnx;

/// <summary>The class a classifier gives one input (a text, an image), with every class's probability.</summary>
public class ClassPrediction
{
    private readonly float[] _scores;
    private readonly string[] _classNames;
    private IReadOnlyDictionary<string, float>? _byName;

    internal ClassPrediction(string[] classNames, float[] scores)
    {
        _classNames = classNames;
        _scores = scores;
        LabelIndex = ArgMax(scores);
    }

    /// <summary>The most probable class name.</summary>
    public string Label => _classNames[LabelIndex];

    /// <summary>The index of <see cref="Label"/> in the classifier's class names (the first one on a tie).</summary>
    public int LabelIndex { get; }

    /// <summary>The probability of <see cref="Label"/>.</summary>
    public float Confidence => _scores[LabelIndex];

    /// <summary>The probabilities in class-name order; they sum to 1.</summary>
    public IReadOnlyList<float> Scores => _scores;

    /// <summary>The probabilities by class name.</summary>
    public IReadOnlyDictionary<string, float> Probabilities =>
        _byName ??= _classNames.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => _scores[x.i], StringComparer.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => $"{Label} ({Confidence:P1})";

    /// <summary>The index of the largest score, the first one on a tie.</summary>
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
