using Emotion.ML.Data;
using Emotion.ML.Testing;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.TorchSharp.Tests.Trainers;

public class SequenceRnnTrainerTests
{
    private const int FrameSize = 3;

    /// <summary>Three classes whose frames drift in different directions, 4 to 12 frames long.</summary>
    internal static SequenceExample[] Toy(int rows, int seed)
    {
        var random = new Random(seed);
        var examples = new SequenceExample[rows];
        for (var r = 0; r < rows; r++)
        {
            var label = r % 3;
            var frames = random.Next(4, 13);
            var values = new float[frames * FrameSize];
            for (var t = 0; t < frames; t++)
            {
                for (var j = 0; j < FrameSize; j++)
                {
                    var drift = (label - 1) * (j + 1) * 0.3 * t;
                    values[(t * FrameSize) + j] = (float)(10 + drift + random.NextDouble());
                }
            }

            examples[r] = new SequenceExample { Label = $"class{label}", Frames = values };
        }

        return examples;
    }

    internal static SequenceRnnOptions QuickOptions() => new()
    {
        FrameSize = FrameSize,
        Units = new[] { 8 },
        Bidirectional = true,
        MaxEpochs = 3,
        BatchSize = 16,
        LearningRate = 1e-2,
        Seed = 7,
        NumberOfThreads = 1,
    };

    private static IDataView Data(MLContext ml, IEnumerable<SequenceExample> examples) => ml.Data.LoadFromEnumerable(examples);

    private static ITransformer Train(MLContext ml, IDataView data, SequenceRnnOptions options) =>
        ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.SequenceRnn(options)).Fit(data);

    private static float[][] Scores(MLContext ml, ITransformer model, IDataView data)
    {
        var scored = model.Transform(data);
        var labelled = ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(scored).Transform(scored);
        return ml.Data.CreateEnumerable<TestData.Prediction>(labelled, reuseRowObject: false).Select(p => p.Score).ToArray();
    }

    [Fact]
    public void Same_seed_trains_the_same_model()
    {
        var ml = new MLContext(1);
        var data = Data(ml, Toy(90, 1));
        var test = Data(ml, Toy(30, 2));
        var first = Scores(ml, Train(ml, data, QuickOptions()), test);
        var second = Scores(ml, Train(ml, data, QuickOptions()), test);
        Assert.Equal(first.SelectMany(s => s), second.SelectMany(s => s));
    }

    [Fact]
    public void MinMax_statistics_are_the_training_minimum_and_range_per_feature()
    {
        var ml = new MLContext(1);
        var examples = new[]
        {
            new SequenceExample { Label = "a", Frames = new[] { 1f, 10f, -5f, 3f, 20f, -5f } },
            new SequenceExample { Label = "b", Frames = new[] { 2f, 30f, -5f } },
        };
        var options = QuickOptions();
        options.ValidationFraction = 0;
        options.MaxEpochs = 1;
        options.Normalization = FrameNormalization.MinMax;
        var model = (TransformerChain<SequenceClassificationTransformer>)Train(ml, Data(ml, examples), options);
        var trained = model.LastTransformer;
        Assert.Equal(FrameNormalization.MinMax, trained.Normalization);
        Assert.Equal(new[] { 1f, 10f, -5f }, trained.FeatureOffsets);
        // A constant feature keeps scale 1 (it only moves to 0).
        Assert.Equal(new[] { 1f / 2, 1f / 20, 1f }, trained.FeatureScales);
    }

    [Fact]
    public void ZScore_statistics_are_the_mean_and_population_deviation_over_all_frames()
    {
        var ml = new MLContext(1);
        var examples = new[]
        {
            new SequenceExample { Label = "a", Frames = new[] { 1f, 0f, 4f, 3f, 0f, 4f } },
            new SequenceExample { Label = "b", Frames = new[] { 5f, 0f, 4f, 7f, 0f, 4f } },
        };
        var options = QuickOptions();
        options.ValidationFraction = 0;
        options.MaxEpochs = 1;
        options.Normalization = FrameNormalization.ZScore;
        var trained = ((TransformerChain<SequenceClassificationTransformer>)Train(ml, Data(ml, examples), options)).LastTransformer;
        Assert.Equal(new[] { 4f, 0f, 4f }, trained.FeatureOffsets);
        Assert.Equal(1 / MathF.Sqrt(5), trained.FeatureScales[0], 6);
        Assert.Equal(new[] { 1f, 1f }, trained.FeatureScales.Skip(1));
    }

    [Fact]
    public void A_row_that_is_not_a_whole_number_of_frames_is_rejected_naming_the_row()
    {
        var ml = new MLContext(1);
        var examples = Toy(12, 1);
        examples[4].Frames = examples[4].Frames.Take(examples[4].Frames.Length - 1).ToArray();
        var error = Assert.Throws<InvalidDataException>(() => Train(ml, Data(ml, examples), QuickOptions()));
        Assert.Contains("Row 5", error.Message);
        Assert.Contains("FrameSize 3", error.Message);
        Assert.Contains("'Frames'", error.Message);
    }

    [Fact]
    public void A_NaN_or_infinite_feature_is_rejected_naming_the_row_frame_and_feature()
    {
        var ml = new MLContext(1);
        var examples = Toy(12, 1);
        examples[2].Frames[(1 * FrameSize) + 2] = float.NaN;
        var error = Assert.Throws<InvalidDataException>(() => Train(ml, Data(ml, examples), QuickOptions()));
        Assert.Contains("Row 3", error.Message);
        Assert.Contains("NaN at frame 1, feature 2", error.Message);

        var model = Train(ml, Data(ml, Toy(30, 1)), QuickOptions());
        var bad = Toy(3, 2);
        bad[1].Frames[0] = float.PositiveInfinity;
        // ML.NET's parallel cursors wrap what a getter throws; the cause is still the row's error.
        var scoring = Assert.ThrowsAny<Exception>(() => Scores(ml, model, Data(ml, bad)));
        var cause = scoring;
        while (cause is not InvalidDataException && cause.InnerException is not null)
        {
            cause = cause.InnerException;
        }

        Assert.IsType<InvalidDataException>(cause);
        Assert.Contains("Row 2", cause.Message);
        Assert.Contains("Infinity at frame 0, feature 0", cause.Message);
    }

    [Fact]
    public void FrameSize_is_required_and_the_frames_column_type_is_checked()
    {
        var ml = new MLContext(1);
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.SequenceRnn(new SequenceRnnOptions()));
        Assert.Contains("FrameSize", missing.Message);

        var text = ml.Data.LoadFromEnumerable(new[] { new TestData.Sentence { Text = "x", Label = "a" } });
        var options = QuickOptions();
        options.FramesColumnName = "Text";
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.SequenceRnn(options));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.Fit(text));
        Assert.Contains("'Text'", error.Message);
    }

    [Fact]
    public void Seed001_preset_is_adam_1e4_with_the_convergence_rule()
    {
        var options = SequenceRnnOptions.Seed001(12);
        Assert.Equal(12, options.FrameSize);
        Assert.Equal(Emotion.ML.TorchSharp.Training.OptimizerKind.Adam, options.Optimizer);
        Assert.Equal(1e-4, options.LearningRate);
        Assert.Equal(1e-4, options.ConvergenceTolerance);
        Assert.Equal(0, options.ValidationFraction);
        Assert.Equal(FrameNormalization.MinMax, options.Normalization);
        Assert.Equal(RecurrentCell.Lstm, options.Cell);
    }
}
