using Emotion.ML.Data;
using Emotion.ML.Testing;
using Emotion.ML.TorchSharp.Tests.Persistence;
using Emotion.ML.TorchSharp.Trainers;
using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.TorchSharp.Tests.Trainers;

[Collection(SerialTorchCollection.Name)]
public class ImageCnnTrainerTests
{
    [Fact]
    public void Learns_three_shapes_and_writes_the_multiclass_columns()
    {
        var ml = new MLContext(1);
        var model = ImageSamples.Train(ml, ml.Data.LoadFromEnumerable(ImageSamples.Shapes(150, 1)), ImageSamples.TinyOptions());
        var scored = model.Transform(ml.Data.LoadFromEnumerable(ImageSamples.Shapes(60, 2)));

        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        scored.Schema["Score"].GetSlotNames(ref slotNames);
        Assert.Equal(new[] { "horizontal", "vertical", "square" }, slotNames.DenseValues().Select(n => n.ToString()));
        var predictions = ml.Data.CreateEnumerable<TestData.Prediction>(scored, reuseRowObject: false).ToArray();
        var truth = ImageSamples.Shapes(60, 2).Select(r => r.Label).ToArray();
        var accuracy = predictions.Zip(truth).Count(p => p.First.PredictedLabel == p.Second) / (double)truth.Length;
        Assert.True(accuracy >= 0.9, $"accuracy {accuracy}");
        Assert.All(predictions, p => Assert.Equal(1, p.Score.Sum(), 4));

        // ML.NET's own evaluator reads the columns (before MapKeyToValue turns the prediction into text).
        var keyed = ((IEnumerable<ITransformer>)model).Take(2).Aggregate(ml.Data.LoadFromEnumerable(ImageSamples.Shapes(60, 2)), (data, step) => step.Transform(data));
        var metrics = ml.MulticlassClassification.Evaluate(keyed);
        Assert.Equal(accuracy, metrics.MicroAccuracy, 6);
    }

    [Fact]
    public void Same_seed_with_augmentation_trains_the_same_model()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(ImageSamples.Shapes(60, 1));
        ImageCnnOptions Options()
        {
            var options = ImageSamples.TinyOptions();
            options.Augmentation = new ImageAugmentation();
            options.MaxEpochs = 2;
            options.BlockDropout = 0.2;
            return options;
        }

        var test = ml.Data.LoadFromEnumerable(ImageSamples.Shapes(12, 2));
        var first = ImageSamples.Scores(ml, ImageSamples.Train(ml, data, Options()), test);
        var second = ImageSamples.Scores(ml, ImageSamples.Train(ml, data, Options()), test);
        Assert.Equal(first.SelectMany(s => s), second.SelectMany(s => s));

        var other = Options();
        other.Seed = 4;
        Assert.NotEqual(first.SelectMany(s => s), ImageSamples.Scores(ml, ImageSamples.Train(ml, data, other), test).SelectMany(s => s));
    }

    [Fact]
    public void Scoring_never_augments_and_PredictProbabilities_matches_Transform()
    {
        var ml = new MLContext(1);
        var options = ImageSamples.TinyOptions();
        options.Augmentation = new ImageAugmentation();
        options.MaxEpochs = 2;
        var model = ImageSamples.Train(ml, ml.Data.LoadFromEnumerable(ImageSamples.Shapes(60, 1)), options);
        var images = ImageSamples.Shapes(9, 3);
        var classifier = ImageSamples.Classifier(model);
        var once = classifier.PredictProbabilities(images.Select(i => i.Pixels).ToArray(), batchSize: 4);
        var twice = classifier.PredictProbabilities(images.Select(i => i.Pixels).ToArray(), batchSize: 9);
        var transformed = ImageSamples.Scores(ml, model, ml.Data.LoadFromEnumerable(images));
        for (var r = 0; r < images.Length; r++)
        {
            Assert.Equal(once[r], twice[r]);
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(once[r][c], transformed[r][c], 5);
            }
        }
    }

    [Fact]
    public void Default_seed003_network_trains_one_epoch_on_fer_faces()
    {
        var ml = new MLContext(1);
        var train = ml.Data.LoadFromEnumerable(ImageSamples.Fer(Fer2013.Training));
        var options = new ImageCnnOptions { MaxEpochs = 1, NumberOfThreads = 2, Seed = 1, ValidationSet = ml.Data.LoadFromEnumerable(ImageSamples.Fer(Fer2013.PublicTest)) };
        var model = ml.Transforms.Conversion.MapValueToKey("Label", keyData: Fer2013.ClassNameData(ml))
            .Append(ml.MulticlassClassification.Trainers.ImageCnn(options))
            .Fit(train);
        var classifier = model.LastTransformer;
        Assert.Equal(Fer2013.ClassNames, classifier.ClassNames);
        // Four blocks of 3x3 convolutions (32, 32, 64, 64, 128, 128, 256, 256), BatchNorm per block, Dense 256 with BatchNorm, 7 outputs.
        long convolutions = (9 * 1 * 32) + 32 + (9 * 32 * 32) + 32 + (9 * 32 * 64) + 64 + (9 * 64 * 64) + 64 + (9 * 64 * 128) + 128 + (9 * 128 * 128) + 128 + (9 * 128 * 256) + 256 + (9 * 256 * 256) + 256;
        long norms = 2 * (32 + 64 + 128 + 256);
        long head = (256 * 3 * 3 * 256) + 256 + (2 * 256) + (256 * 7) + 7;
        Assert.Equal(convolutions + norms + head, classifier.ParameterCount);
        var epoch = Assert.Single(classifier.History.Epochs);
        Assert.True(epoch.ValidationAccuracy is >= 0 and <= 1);
        Assert.True(double.IsFinite(epoch.TrainLoss));
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_pixels_is_rejected_naming_the_row()
    {
        var ml = new MLContext(1);
        var rows = ImageSamples.Shapes(12, 1);
        rows[4].Pixels = rows[4].Pixels[..143];
        var error = Assert.Throws<InvalidDataException>(() => ImageSamples.Train(ml, ml.Data.LoadFromEnumerable(rows), ImageSamples.TinyOptions()));
        Assert.Contains("Row 5 of the training data has 143 values in column 'Pixels'; expected 144 (a 12x12 grayscale image", error.Message);
    }

    [Fact]
    public void A_NaN_pixel_is_rejected_in_training_and_in_scoring_naming_the_row_and_pixel()
    {
        var ml = new MLContext(1);
        var rows = ImageSamples.Shapes(12, 1);
        rows[2].Pixels[17] = float.NaN;
        var error = Assert.Throws<InvalidDataException>(() => ImageSamples.Train(ml, ml.Data.LoadFromEnumerable(rows), ImageSamples.TinyOptions()));
        Assert.Contains("Row 3 of the training data has NaN at pixel 17 (image row 1, column 5)", error.Message);

        var options = ImageSamples.TinyOptions();
        options.MaxEpochs = 1;
        var model = ImageSamples.Train(ml, ml.Data.LoadFromEnumerable(ImageSamples.Shapes(30, 1)), options);
        var bad = ImageSamples.Shapes(3, 2);
        bad[1].Pixels[0] = float.PositiveInfinity;
        var scoring = Assert.ThrowsAny<Exception>(() => ImageSamples.Scores(ml, model, ml.Data.LoadFromEnumerable(bad)));
        var cause = scoring;
        while (cause is not InvalidDataException && cause.InnerException is not null)
        {
            cause = cause.InnerException;
        }

        Assert.IsType<InvalidDataException>(cause);
        Assert.Contains("Row 2 of the data has Infinity at pixel 0", cause.Message);

        var classifier = ImageSamples.Classifier(model);
        var wrongSize = Assert.Throws<InvalidDataException>(() => classifier.PredictProbabilities(new[] { new float[144], new float[100] }));
        Assert.Contains("Row 1 of the images has 100 values", wrongSize.Message);
    }

    [Fact]
    public void Options_and_columns_are_checked_before_training_with_messages_naming_them()
    {
        var ml = new MLContext(1);
        var trainers = ml.MulticlassClassification.Trainers;
        Assert.Contains("BlockFilters", Assert.Throws<ArgumentOutOfRangeException>(() => trainers.ImageCnn(new ImageCnnOptions { BlockFilters = Array.Empty<int>() })).Message);
        Assert.Contains("at most 5 blocks", Assert.Throws<ArgumentOutOfRangeException>(() => trainers.ImageCnn(new ImageCnnOptions { BlockFilters = new[] { 1, 2, 3, 4, 5, 6 } })).Message);
        Assert.Contains("KernelSize", Assert.Throws<ArgumentOutOfRangeException>(() => trainers.ImageCnn(new ImageCnnOptions { KernelSize = 4 })).Message);
        Assert.Contains("Augmentation.ZoomRange", Assert.Throws<ArgumentOutOfRangeException>(() => trainers.ImageCnn(new ImageCnnOptions { Augmentation = new ImageAugmentation { ZoomRange = -0.1 } })).Message);
        Assert.Contains("PixelScale", Assert.Throws<ArgumentOutOfRangeException>(() => trainers.ImageCnn(new ImageCnnOptions { PixelScale = float.NaN })).Message);

        var text = ml.Data.LoadFromEnumerable(new[] { new TestData.Sentence { Text = "x", Label = "a" } });
        var options = ImageSamples.TinyOptions();
        options.PixelsColumnName = "Text";
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label").Append(trainers.ImageCnn(options));
        Assert.Contains("'Text'", Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.Fit(text)).Message);

        var fer = ml.Data.LoadFromEnumerable(ImageSamples.Fer(Fer2013.Training));
        var sized = ml.Transforms.Conversion.MapValueToKey("Label").Append(trainers.ImageCnn(ImageSamples.TinyOptions()));
        var size = Assert.Throws<ArgumentOutOfRangeException>(() => sized.Fit(fer));
        Assert.Contains("holds 2304 values per row; a 12x12 image has 144", size.Message);
    }

    [Fact]
    public void Interrupted_and_resumed_training_with_augmentation_ends_like_an_uninterrupted_run()
    {
        var directory = Directory.CreateTempSubdirectory("emotion-image-checkpoint-").FullName;
        try
        {
            var ml = new MLContext(1);
            var data = ml.Data.LoadFromEnumerable(ImageSamples.Shapes(60, 1));
            var test = ml.Data.LoadFromEnumerable(ImageSamples.Shapes(9, 2));
            ImageCnnOptions Options()
            {
                var options = ImageSamples.TinyOptions();
                options.Augmentation = new ImageAugmentation();
                options.MaxEpochs = 3;
                options.ValidationFraction = 0.2;
                options.CheckpointDirectory = directory;
                options.CheckpointEveryBatches = 2;
                return options;
            }

            var plain = Options();
            plain.CheckpointDirectory = null;
            var expected = ImageSamples.Scores(ml, ImageSamples.Train(ml, data, plain), test);

            using var cancellation = new CancellationTokenSource();
            var interrupted = Options();
            interrupted.CancellationToken = cancellation.Token;
            interrupted.Progress = new Progress(e => { if (e.Epoch == 2 && e.Batch == 2) { cancellation.Cancel(); } });
            ImageSamples.Train(ml, data, interrupted);

            var resumed = Options();
            resumed.Resume = true;
            resumed.Seed = 3;
            Assert.Equal(expected.SelectMany(s => s), ImageSamples.Scores(ml, ImageSamples.Train(ml, data, resumed), test).SelectMany(s => s));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class Progress(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onReport(value);
    }
}
