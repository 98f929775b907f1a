using Emotion.ML.Onnx;

namespace Emotion.ML.Vision;

/// <summary>One face found in a photo and the expression the classifier gives it.</summary>
/// <param name="Box">Where the face is.</param>
/// <param name="Prediction">The class (e.g. <c>happy</c>), its probability and every class's probability.</param>
public sealed record FaceEmotion(FaceBox Box, ClassPrediction Prediction)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Prediction} at ({Box.X}, {Box.Y}) {Box.Width}x{Box.Height}";
}
