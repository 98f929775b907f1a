using Emotion.ML.Data;
using Emotion.ML.Testing;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;

namespace Emotion.ML.TorchSharp.Tests.Trainers;

/// <summary>The sequence classifier on real data: UCI Japanese Vowels, official split (data/japanese-vowels).</summary>
public class JapaneseVowelsTests
{
    [Fact]
    public void A_quick_bidirectional_gru_recognises_most_speakers()
    {
        var ml = new MLContext(1);
        var train = SequenceData.LoadJsonLines(ml, TestData.File("japanese-vowels/train.jsonl"), out var frameSize);
        var test = SequenceData.LoadJsonLines(ml, TestData.File("japanese-vowels/test.jsonl"));
        Assert.Equal(12, frameSize);
        var options = new SequenceRnnOptions
        {
            FrameSize = frameSize,
            Normalization = FrameNormalization.ZScore,
            Cell = RecurrentCell.Gru,
            Units = new[] { 32 },
            Bidirectional = true,
            LearningRate = 3e-3,
            BatchSize = 32,
            MaxEpochs = 15,
            ValidationFraction = 0,
            Seed = 1,
            NumberOfThreads = 2,
        };
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.SequenceRnn(options))
            .Fit(train);

        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        // 0.976 where measured; the margin absorbs libtorch's CPU-dependent rounding.
        Assert.True(metrics.MicroAccuracy >= 0.95, $"test accuracy {metrics.MicroAccuracy:F4}");
        Assert.Equal(9, model.LastTransformer.ClassNames.Count);
    }
}
