using Microsoft.ML.Data;

namespace Emotion.ML.Data;

/// <summary>
/// One labelled numeric sequence as an ML.NET row: the label text and the frames concatenated
/// into one variable-length float vector (frame 0's features, then frame 1's, ...), the input of
/// <c>ml.MulticlassClassification.Trainers.SequenceRnn</c>.
/// </summary>
public sealed class SequenceExample
{
    /// <summary>The class name.</summary>
    public string Label { get; set; } = "";

    /// <summary>The frames, one after another; its length is the frame count times the features per frame.</summary>
    [VectorType]
    public float[] Frames { get; set; } = Array.Empty<float>();
}
