namespace Emotion.ML.Vision;

/// <summary>A face's bounding box in an image, in pixels from the top-left corner.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
public readonly record struct FaceBox(int X, int Y, int Width, int Height)
{
    /// <summary>The box's area in pixels.</summary>
    public int Area => Width * Height;

    /// <summary>How much this box and <paramref name="other"/> overlap: the shared area over the area of their union (0 to 1).</summary>
    /// <param name="other">Another box.</param>
    public double IntersectionOverUnion(FaceBox other)
    {
        var width = Math.Min(X + Width, other.X + other.Width) - Math.Max(X, other.X);
        var height = Math.Min(Y + Height, other.Y + other.Height) - Math.Max(Y, other.Y);
        if (width <= 0 || height <= 0)
        {
            return 0;
        }

        var shared = (double)width * height;
        return shared / (Area + other.Area - shared);
    }
}
