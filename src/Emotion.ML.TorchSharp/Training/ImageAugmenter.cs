using Emotion.ML.TorchSharp.Trainers;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>
/// <see cref="ImageAugmentation"/> on a batch [batch, channels, height, width] as one tensor
/// operation: one affine matrix per image (drawn on the CPU from the seed, epoch and batch), an
/// <c>affine_grid</c> and a bilinear <c>grid_sample</c> with border padding.
/// </summary>
internal sealed class ImageAugmenter : IBatchAugmentation
{
    private readonly ImageAugmentation settings;
    private readonly int seed;

    public ImageAugmenter(ImageAugmentation settings, int seed)
    {
        this.settings = settings;
        this.seed = seed;
    }

    public Tensor Apply(Tensor input, int epoch, int batch)
    {
        if (input.dim() != 4)
        {
            throw new ArgumentException($"Expected images [batch, channels, height, width]; got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        var images = (int)input.shape[0];
        var theta = Matrices(images, (int)input.shape[3], (int)input.shape[2], epoch, batch);
        using var matrices = tensor(theta, new long[] { images, 2, 3 }, device: input.device);
        var grid = nn.functional.affine_grid(matrices, input.shape, align_corners: false);
        return nn.functional.grid_sample(input, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
    }

    /// <summary>
    /// The <c>affine_grid</c> matrices [images, 2, 3] (row-major) of one batch: for an output pixel at
    /// normalized position o (x across the width, y down the height, -1 to 1), the input is sampled at
    /// A F o + b with A = D R Z D⁻¹ and b = D R t, where R is the rotation, Z the per-axis zoom, t the
    /// shift in pixels, F the optional mirror and D the pixel-to-normalized scaling; as Keras, the
    /// shift is applied before the rotation about the centre and the mirror after the transform.
    /// </summary>
    public float[] Matrices(int images, int width, int height, int epoch, int batch)
    {
        // Multiplying by primes keeps neighbouring (seed, epoch, batch) triples on unrelated streams.
        var random = new Random(unchecked((((seed * 1_000_003) + epoch) * 1_000_033) + batch));
        double Uniform(double range) => range > 0 ? ((random.NextDouble() * 2) - 1) * range : 0;
        var theta = new float[images * 6];
        var (dx, dy) = (2.0 / width, 2.0 / height);
        for (var i = 0; i < images; i++)
        {
            // Draw every value for every image, so switching one change off leaves the others' draws alone.
            var angle = Uniform(settings.RotationDegrees) * Math.PI / 180;
            var shiftX = Uniform(settings.WidthShiftRange) * width;
            var shiftY = Uniform(settings.HeightShiftRange) * height;
            var zoomX = 1 + Uniform(settings.ZoomRange);
            var zoomY = 1 + Uniform(settings.ZoomRange);
            var mirror = random.NextDouble() < 0.5 && settings.HorizontalFlip ? -1.0 : 1.0;
            var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));

            // In pixels about the centre: input = R (Z o + t). Normalized: scale x by dx, y by dy.
            var a00 = cos * zoomX;
            var a01 = -sin * zoomY * dx / dy;
            var a10 = sin * zoomX * dy / dx;
            var a11 = cos * zoomY;
            var bx = dx * ((cos * shiftX) - (sin * shiftY));
            var by = dy * ((sin * shiftX) + (cos * shiftY));
            var m = theta.AsSpan(i * 6, 6);
            m[0] = (float)(a00 * mirror);
            m[1] = (float)a01;
            m[2] = (float)bx;
            m[3] = (float)(a10 * mirror);
            m[4] = (float)a11;
            m[5] = (float)by;
        }

        return theta;
    }
}
