using Microsoft.ML.Data;

namespace Emotion.ML.Data;

/// <summary>
/// One labelled 48x48 grayscale face as an ML.NET row: the class name, the 2,304 pixel values
/// (0 to 255, row-major: top row first, left to right) and the FER2013 <c>Usage</c> split name,
/// the input of <c>ml.MulticlassClassification.Trainers.ImageCnn</c>.
/// </summary>
public sealed class FaceImageExample
{
    /// <summary>Pixels per image: 48 x 48.</summary>
    public const int PixelCount = Fer2013.Width * Fer2013.Height;

    /// <summary>The class name (for FER2013: angry, disgust, fear, happy, sad, surprise or neutral).</summary>
    public string Label { get; set; } = "";

    /// <summary>The grayscale pixel values 0..255, row-major, <see cref="PixelCount"/> of them.</summary>
    [VectorType(PixelCount)]
    public float[] Pixels { get; set; } = Array.Empty<float>();

    /// <summary>The FER2013 split the row belongs to (<c>Training</c>, <c>PublicTest</c>, <c>PrivateTest</c>); empty when the file has no <c>Usage</c> column.</summary>
    public string Usage { get; set; } = "";
}
