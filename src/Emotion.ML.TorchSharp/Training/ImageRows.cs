using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>
/// Single-channel images of one size with 0-based class labels, stored as one contiguous block of
/// pixel values (row-major per image) so a batch is one copy per image. Every row has length 1 to
/// the length-bucketed batcher, which then keeps its seeded shuffle order. Without labels (for
/// scoring) <see cref="Labels"/> is empty.
/// </summary>
internal sealed class ImageRows : ITrainingRows
{
    public ImageRows(float[] pixels, int width, int height, int[]? labels = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var size = width * height;
        if (pixels.Length % size != 0)
        {
            throw new ArgumentException($"{pixels.Length} pixel values are not a whole number of {width}x{height} images.", nameof(pixels));
        }

        if (labels is not null && labels.Length != pixels.Length / size)
        {
            throw new ArgumentException($"{pixels.Length / size} images but {labels.Length} labels.", nameof(labels));
        }

        Pixels = pixels;
        Width = width;
        Height = height;
        Labels = labels ?? Array.Empty<int>();
    }

    /// <summary>Every image's pixels, one image after another.</summary>
    public float[] Pixels { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Pixels per image.</summary>
    public int ImageSize => Width * Height;

    public int[] Labels { get; }

    public int Count => Pixels.Length / ImageSize;

    public int Length(int row) => 1;

    /// <summary>The images of <paramref name="batch"/> as [batch, 1, height, width], and lengths of 1 (unused by image networks).</summary>
    public (Tensor Input, Tensor Lengths) Collate(int[] batch, int minSteps, Device device)
    {
        var size = ImageSize;
        var values = new float[(long)batch.Length * size];
        for (var r = 0; r < batch.Length; r++)
        {
            Array.Copy(Pixels, (long)batch[r] * size, values, (long)r * size, size);
        }

        return (tensor(values, new long[] { batch.Length, 1, Height, Width }, device: device), ones(batch.Length, dtype: ScalarType.Int64, device: device));
    }

    /// <summary>Rows at <paramref name="indices"/>.</summary>
    public ImageRows Subset(IReadOnlyList<int> indices)
    {
        var size = ImageSize;
        var pixels = new float[(long)indices.Count * size];
        for (var i = 0; i < indices.Count; i++)
        {
            Array.Copy(Pixels, (long)indices[i] * size, pixels, (long)i * size, size);
        }

        return new ImageRows(pixels, Width, Height, Labels.Length == 0 ? null : indices.Select(i => Labels[i]).ToArray());
    }

    /// <summary>Seeded over- or under-sampling by class (<see cref="LabelSampling.Resample"/>); rows keep data order.</summary>
    public ImageRows Resample(bool overSample, int seed) => Subset(LabelSampling.Resample(Labels, overSample, seed));

    /// <summary>A seeded stratified split (<see cref="LabelSampling.StratifiedSplit"/>).</summary>
    public (ImageRows Train, ImageRows Holdout) StratifiedSplit(double fraction, int seed)
    {
        var (train, holdout) = LabelSampling.StratifiedSplit(Labels, fraction, seed);
        return (Subset(train), Subset(holdout));
    }
}
