namespace Emotion.ML.Onnx;

/// <summary>The class an <see cref="OnnxTextClassifier"/> gives one text, with every class's probability.</summary>
public sealed class TextPrediction : ClassPrediction
{
    internal TextPrediction(string[] classNames, float[] scores)
        : base(classNames, scores)
    {
    }
}
