namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Per-feature statistics of the training frames and the rescaling they define:
/// x' = (x - offset) * scale, feature by feature. Fitted once, saved with the model and applied
/// to every frame the model trains on or scores.
/// </summary>
internal sealed class FrameNormalizer
{
    public FrameNormalizer(FrameNormalization kind, float[] offsets, float[] scales)
    {
        if (offsets.Length != scales.Length || offsets.Length == 0)
        {
            throw new ArgumentException($"{offsets.Length} offsets and {scales.Length} scales; expected one of each per feature.", nameof(scales));
        }

        if (offsets.Any(o => !float.IsFinite(o)) || scales.Any(s => !float.IsFinite(s) || s == 0))
        {
            throw new ArgumentException("The offsets must be finite and the scales finite and non-zero.", nameof(scales));
        }

        Kind = kind;
        Offsets = offsets;
        Scales = scales;
    }

    public FrameNormalization Kind { get; }

    /// <summary>Subtracted from each feature (min, mean or 0).</summary>
    public float[] Offsets { get; }

    /// <summary>Multiplies each feature after the offset (1 / range, 1 / deviation or 1).</summary>
    public float[] Scales { get; }

    public int FrameSize => Offsets.Length;

    /// <summary>The statistics of <paramref name="kind"/> over every frame of <paramref name="rows"/> (each row: frames of <paramref name="frameSize"/> values, concatenated).</summary>
    public static FrameNormalizer Fit(FrameNormalization kind, IReadOnlyList<float[]> rows, int frameSize)
    {
        var offsets = new float[frameSize];
        var scales = Enumerable.Repeat(1f, frameSize).ToArray();
        if (kind == FrameNormalization.None)
        {
            return new FrameNormalizer(kind, offsets, scales);
        }

        var min = Enumerable.Repeat(double.PositiveInfinity, frameSize).ToArray();
        var max = Enumerable.Repeat(double.NegativeInfinity, frameSize).ToArray();
        var sum = new double[frameSize];
        long frames = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                var j = i % frameSize;
                min[j] = Math.Min(min[j], row[i]);
                max[j] = Math.Max(max[j], row[i]);
                sum[j] += row[i];
            }

            frames += row.Length / frameSize;
        }

        if (frames == 0)
        {
            return new FrameNormalizer(kind, offsets, scales);
        }

        var squares = new double[frameSize];
        if (kind == FrameNormalization.ZScore)
        {
            foreach (var row in rows)
            {
                for (var i = 0; i < row.Length; i++)
                {
                    var d = row[i] - (sum[i % frameSize] / frames);
                    squares[i % frameSize] += d * d;
                }
            }
        }

        for (var j = 0; j < frameSize; j++)
        {
            var (offset, spread) = kind == FrameNormalization.MinMax
                ? (min[j], max[j] - min[j])
                : (sum[j] / frames, Math.Sqrt(squares[j] / frames));
            offsets[j] = (float)offset;
            // A constant feature only needs moving to 0.
            scales[j] = spread > 0 && float.IsFinite((float)(1 / spread)) ? (float)(1 / spread) : 1f;
        }

        return new FrameNormalizer(kind, offsets, scales);
    }

    /// <summary>A normalized copy of <paramref name="row"/> (frames concatenated).</summary>
    public float[] Apply(float[] row)
    {
        var result = new float[row.Length];
        for (var i = 0; i < row.Length; i++)
        {
            var j = i % Offsets.Length;
            result[i] = (row[i] - Offsets[j]) * Scales[j];
        }

        return result;
    }
}
