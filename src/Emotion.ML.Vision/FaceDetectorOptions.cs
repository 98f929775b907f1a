namespace Emotion.ML.Vision;

/// <summary>How <see cref="FaceDetector"/> scans an image (OpenCV's <c>detectMultiScale</c> settings).</summary>
public sealed class FaceDetectorOptions
{
    /// <summary>How much the scan window grows between scales; closer to 1 finds more faces, slower. Default 1.1.</summary>
    public double ScaleFactor { get; set; } = 1.1;

    /// <summary>Overlapping detections a face needs to be kept; higher gives fewer false faces. Default 5.</summary>
    public int MinNeighbors { get; set; } = 5;

    /// <summary>Smallest face side in pixels. Default 30.</summary>
    public int MinFaceSize { get; set; } = 30;

    /// <summary>Whether the grayscale image's histogram is equalized before the scan (helps in poor light). Default true.</summary>
    public bool EqualizeHistogram { get; set; } = true;

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    internal void Validate(string name)
    {
        if (!(ScaleFactor > 1 && ScaleFactor <= 4))
        {
            throw new ArgumentOutOfRangeException(name, $"{nameof(ScaleFactor)} is {ScaleFactor}; expected a factor above 1 (1.1 is usual) up to 4.");
        }

        if (MinNeighbors < 0)
        {
            throw new ArgumentOutOfRangeException(name, $"{nameof(MinNeighbors)} is {MinNeighbors}; expected 0 or more.");
        }

        if (MinFaceSize < 1)
        {
            throw new ArgumentOutOfRangeException(name, $"{nameof(MinFaceSize)} is {MinFaceSize}; expected at least 1 pixel.");
        }
    }
}
