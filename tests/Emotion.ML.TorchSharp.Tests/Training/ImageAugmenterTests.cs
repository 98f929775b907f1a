using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Tests.Persistence;
using Emotion.ML.TorchSharp.Trainers;
using Emotion.ML.TorchSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Tests.Training;

/// <summary>Seeded Keras-style augmentation of image batches, and where the training loop applies it.</summary>
[Collection(SerialTorchCollection.Name)]
public class ImageAugmenterTests
{
    private const int Width = 10;
    private const int Height = 8;

    /// <summary>A batch [images, 1, 8, 10] of distinct random values.</summary>
    private static Tensor Batch(int images, int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, images * Width * Height).Select(_ => (float)random.NextDouble()).ToArray();
        return tensor(values, new long[] { images, 1, Height, Width });
    }

    private static float[] Values(Tensor x) => x.contiguous().data<float>().ToArray();

    private static double MaxDifference(Tensor a, Tensor b) => (a - b).abs().max().item<float>();

    [Fact]
    public void With_every_change_off_the_matrices_are_the_identity_and_images_come_back_unchanged()
    {
        using var scope = NewDisposeScope();
        var augmenter = new ImageAugmenter(ImageAugmentation.None, seed: 1);
        var theta = augmenter.Matrices(5, Width, Height, epoch: 1, batch: 0);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(new[] { 1f, 0, 0, 0, 1, 0 }, theta.Skip(i * 6).Take(6));
        }

        var batch = Batch(5, 1);
        var output = augmenter.Apply(batch, 1, 0);
        Assert.Equal(batch.shape, output.shape);
        Assert.InRange(MaxDifference(batch, output), 0, 1e-5);
        Assert.False(ImageAugmentation.None.IsEnabled);
        Assert.True(new ImageAugmentation().IsEnabled);
    }

    [Fact]
    public void The_same_seed_epoch_and_batch_give_the_same_images_and_others_do_not()
    {
        using var scope = NewDisposeScope();
        var batch = Batch(6, 2);
        var augmenter = new ImageAugmenter(new ImageAugmentation(), seed: 5);
        var first = Values(augmenter.Apply(batch, 3, 7));
        Assert.Equal(first, Values(new ImageAugmenter(new ImageAugmentation(), seed: 5).Apply(batch, 3, 7)));
        Assert.NotEqual(first, Values(augmenter.Apply(batch, 3, 8)));
        Assert.NotEqual(first, Values(augmenter.Apply(batch, 4, 7)));
        Assert.NotEqual(first, Values(new ImageAugmenter(new ImageAugmentation(), seed: 6).Apply(batch, 3, 7)));
        Assert.Equal(new long[] { 6, 1, Height, Width }, augmenter.Apply(batch, 3, 7).shape);
    }

    [Fact]
    public void Horizontal_flip_mirrors_about_half_the_images_exactly_and_leaves_the_rest()
    {
        using var scope = NewDisposeScope();
        var batch = Batch(40, 3);
        var settings = ImageAugmentation.None;
        settings.HorizontalFlip = true;
        var output = new ImageAugmenter(settings, seed: 1).Apply(batch, 1, 0);
        var mirrored = batch.flip(3);
        var flipped = 0;
        for (var i = 0; i < 40; i++)
        {
            var toFlip = MaxDifference(output[i], mirrored[i]);
            var toSame = MaxDifference(output[i], batch[i]);
            Assert.True(toFlip < 1e-5 || toSame < 1e-5, $"image {i} is neither the original nor its mirror ({toFlip}, {toSame})");
            flipped += toFlip < 1e-5 ? 1 : 0;
        }

        Assert.InRange(flipped, 10, 30);
    }

    [Fact]
    public void Each_change_draws_within_its_range()
    {
        static ImageAugmentation Only(Action<ImageAugmentation> set)
        {
            var settings = ImageAugmentation.None;
            set(settings);
            return settings;
        }

        const int Images = 200;
        var rotation = new ImageAugmenter(Only(s => s.RotationDegrees = 20), 1).Matrices(Images, 16, 16, 1, 0);
        var zoom = new ImageAugmenter(Only(s => s.ZoomRange = 0.2), 1).Matrices(Images, 16, 16, 1, 0);
        var shift = new ImageAugmenter(Only(s => { s.WidthShiftRange = 0.2; s.HeightShiftRange = 0.1; }), 1).Matrices(Images, 16, 16, 1, 0);
        var largest = 0.0;
        for (var i = 0; i < Images; i++)
        {
            var r = rotation.AsSpan(i * 6, 6);
            // A rotation about the centre: orthonormal, no translation, angle within ±20°.
            Assert.Equal(1, (r[0] * r[4]) - (r[1] * r[3]), 5);
            Assert.Equal(r[0], r[4], 6);
            Assert.Equal(-r[1], r[3], 6);
            Assert.Equal(0, r[2]);
            var angle = Math.Abs(Math.Atan2(r[3], r[0]) * 180 / Math.PI);
            Assert.InRange(angle, 0, 20);
            largest = Math.Max(largest, angle);

            var z = zoom.AsSpan(i * 6, 6);
            Assert.InRange(z[0], 0.8f, 1.2f);
            Assert.InRange(z[4], 0.8f, 1.2f);
            Assert.Equal(new[] { 0f, 0f, 0f, 0f }, new[] { z[1], z[2], z[3], z[5] });

            var t = shift.AsSpan(i * 6, 6);
            // Normalized coordinates span 2 units, so a shift of 20% of the width is 0.4.
            Assert.InRange(Math.Abs(t[2]), 0, 0.4f + 1e-6f);
            Assert.InRange(Math.Abs(t[5]), 0, 0.2f + 1e-6f);
            Assert.Equal(new[] { 1f, 0f, 0f, 1f }, new[] { t[0], t[1], t[3], t[4] });
        }

        Assert.True(largest > 15, $"the largest of {Images} angles is {largest}°");
    }

    [Fact]
    public void A_shift_moves_the_image_content_and_repeats_the_edge_pixels()
    {
        using var scope = NewDisposeScope();
        // One bright column at x = 4; shifting by a whole pixel keeps it one bright column.
        var values = new float[Height * Width];
        for (var y = 0; y < Height; y++)
        {
            values[(y * Width) + 4] = 1;
        }

        var image = tensor(values, new long[] { 1, 1, Height, Width });
        var theta = tensor(new float[] { 1, 0, 2f / Width, 0, 1, 0 }, new long[] { 1, 2, 3 });
        var grid = nn.functional.affine_grid(theta, image.shape, align_corners: false);
        var shifted = Values(nn.functional.grid_sample(image, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false));
        // Output x samples input x + 1: the column moves left by one pixel.
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                Assert.Equal(x == 3 ? 1 : 0, shifted[(y * Width) + x], 5);
            }
        }
    }

    [Fact]
    public void The_loop_augments_every_training_batch_and_never_validation_or_scoring()
    {
        var classes = new[] { "a", "b" };
        var random = new Random(1);
        ImageRows Rows(int count) => new(
            Enumerable.Range(0, count * Width * Height).Select(_ => (float)random.Next(0, 256)).ToArray(),
            Width,
            Height,
            Enumerable.Range(0, count).Select(i => i % 2).ToArray());
        torch.manual_seed(1);
        var network = new ImageCnnNetwork(Width, Height, new[] { 4 }, 1, 3, 0, new DenseLayer[] { 4 }, classes.Length, 1f / 255);
        var counting = new CountingAugmentation();
        var train = Rows(20);
        var history = ClassifierLoop.Fit(network, null, train, Rows(10), classes, new LoopSettings { MaxEpochs = 3, BatchSize = 8, Seed = 1, Patience = 0, Augmentation = counting });

        Assert.Equal(3, history.Epochs.Count);
        Assert.Equal(3 * 3, counting.Calls.Count);   // 20 images in batches of 8: 3 batches per epoch
        Assert.Equal(new[] { (1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (2, 2), (3, 0), (3, 1), (3, 2) }, counting.Calls.Select(c => (c.Epoch, c.Batch)));
        Assert.All(counting.Calls, c => Assert.Equal(new long[] { c.Images, 1, Height, Width }, c.Shape));

        ClassifierLoop.Predict(network, train, 16, 1, CPU);
        Assert.Equal(9, counting.Calls.Count);
    }

    private sealed class CountingAugmentation : IBatchAugmentation
    {
        public List<(int Epoch, int Batch, long Images, long[] Shape)> Calls { get; } = new();

        public Tensor Apply(Tensor input, int epoch, int batch)
        {
            Calls.Add((epoch, batch, input.shape[0], input.shape));
            return input;
        }
    }
}
