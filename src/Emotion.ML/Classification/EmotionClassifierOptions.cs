using Emotion.ML.Onnx;

namespace Emotion.ML.Classification;

/// <summary>How <see cref="EmotionClassifier"/> runs its model and treats long texts.</summary>
public sealed class EmotionClassifierOptions
{
    /// <summary>The default of <see cref="MaxSegmentTokens"/>: about the longest sentence the English model saw in training.</summary>
    public const int DefaultMaxSegmentTokens = 64;

    /// <summary>
    /// The longest text, in tokens after normalization, scored in one piece. A longer text is split
    /// into sentences (a sentence still too long, at commas and then every
    /// <see cref="MaxSegmentTokens"/> words), each is scored, and the scores are combined as
    /// <see cref="EmotionClassifier"/> documents. Default <see cref="DefaultMaxSegmentTokens"/>.
    /// </summary>
    public int MaxSegmentTokens { get; set; } = DefaultMaxSegmentTokens;

    /// <summary>
    /// When true, every text with more than one sentence is split and combined, however short;
    /// <see cref="EmotionPrediction.Segments"/> then always says which sentence drove the result.
    /// Default false: a text within <see cref="MaxSegmentTokens"/> is scored whole, which reads
    /// sentences in their context.
    /// </summary>
    public bool AlwaysSplitSentences { get; set; }

    /// <summary>Threads, execution provider (CPU, or CUDA when its runtime is present) and logging of ONNX Runtime.</summary>
    public OnnxClassifierOptions Onnx { get; set; } = new();

    /// <summary>A copy, so later edits of the caller's options do not reach a loaded classifier.</summary>
    internal EmotionClassifierOptions Clone() => new()
    {
        MaxSegmentTokens = MaxSegmentTokens,
        AlwaysSplitSentences = AlwaysSplitSentences,
        Onnx = Onnx?.Clone() ?? new OnnxClassifierOptions(),
    };

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    internal void Validate(string paramName)
    {
        if (MaxSegmentTokens < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, MaxSegmentTokens, $"{nameof(MaxSegmentTokens)} must be at least 1.");
        }

        Onnx?.Validate(paramName);
    }
}
