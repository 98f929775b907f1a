using Emotion.ML.Data;
using Emotion.ML.Testing;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.TorchSharp.Tests.Trainers;

/// <summary>Small images for the image classifier's tests: synthetic shapes and the embedded FER2013 sample.</summary>
internal static class ImageSamples
{
    public const int Size = 12;

    /// <summary>The embedded 84-row FER2013 sample (12 faces per class).</summary>
    public static string FerSample => TestData.File("fer2013-sample/fer2013-sample.csv.gz");

    /// <summary>An image row whose pixel vector may have any length (to test wrong sizes).</summary>
    public sealed class Row
    {
        public string Label { get; set; } = "";

        [VectorType]
        public float[] Pixels { get; set; } = Array.Empty<float>();
    }

    /// <summary>
    /// <paramref name="rows"/> 12x12 images of three classes on a noisy dark background: a bright
    /// horizontal bar, a bright vertical bar, or a bright 3x3 square, each at a random place.
    /// </summary>
    public static Row[] Shapes(int rows, int seed)
    {
        var random = new Random(seed);
        var result = new Row[rows];
        for (var r = 0; r < rows; r++)
        {
            var pixels = new float[Size * Size];
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = random.Next(0, 60);
            }

            var label = r % 3;
            var (a, b) = (random.Next(2, Size - 4), random.Next(2, Size - 4));
            for (var i = 0; i < Size; i++)
            {
                for (var j = 0; j < Size; j++)
                {
                    var on = label switch
                    {
                        0 => i == a && j is > 1 and < Size - 2,
                        1 => j == a && i is > 1 and < Size - 2,
                        _ => i >= a && i < a + 3 && j >= b && j < b + 3,
                    };
                    if (on)
                    {
                        pixels[(i * Size) + j] = random.Next(200, 256);
                    }
                }
            }

            result[r] = new Row { Label = new[] { "horizontal", "vertical", "square" }[label], Pixels = pixels };
        }

        return result;
    }

    /// <summary>A tiny network for 12x12 images: two blocks of one 3x3 convolution (6 and 8 filters), Dense 8.</summary>
    public static ImageCnnOptions TinyOptions() => new()
    {
        ImageWidth = Size,
        ImageHeight = Size,
        BlockFilters = new[] { 6, 8 },
        ConvolutionsPerBlock = 1,
        BlockDropout = 0,
        DenseLayers = new DenseLayer[] { 8 },
        Augmentation = ImageAugmentation.None,
        MaxEpochs = 12,
        BatchSize = 16,
        LearningRate = 1e-2,
        LearningRateSchedule = Emotion.ML.TorchSharp.Training.LearningRateSchedule.Constant,
        ValidationFraction = 0,
        EarlyStoppingPatience = 0,
        Seed = 3,
        NumberOfThreads = 1,
    };

    /// <summary>MapValueToKey on the label, the image classifier, then MapKeyToValue on the prediction.</summary>
    public static ITransformer Train(MLContext ml, IDataView data, ImageCnnOptions options) =>
        ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.ImageCnn(options))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(data);

    /// <summary>The <c>Score</c> rows of <paramref name="model"/> on <paramref name="data"/>.</summary>
    public static float[][] Scores(MLContext ml, ITransformer model, IDataView data) =>
        ml.Data.CreateEnumerable<TestData.Prediction>(model.Transform(data), reuseRowObject: false).Select(p => p.Score).ToArray();

    /// <summary>The trained image classifier inside a fitted pipeline.</summary>
    public static ImageClassificationTransformer Classifier(ITransformer model) =>
        ((IEnumerable<ITransformer>)model).OfType<ImageClassificationTransformer>().Single();

    /// <summary>The FER sample's rows of one usage (all when null).</summary>
    public static IReadOnlyList<FaceImageExample> Fer(string? usage = null) => Fer2013.Read(FerSample, usage);
}
