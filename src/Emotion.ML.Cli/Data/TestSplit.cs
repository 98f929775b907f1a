using Microsoft.ML;

namespace Emotion.ML.Cli.Data;

/// <summary>Training and test views from <c>--data</c> and either <c>--test</c> or <c>--test-fraction</c>.</summary>
internal static class TestSplit
{
    /// <summary>Reads the files; with a fraction, holds out a stratified, seeded share of the training file as the test set.</summary>
    /// <exception cref="ArgumentException">Both a test file and a fraction, or a fraction outside (0, 1).</exception>
    public static (IDataView Train, IDataView? Test) Load(MLContext ml, string dataPath, string? testPath, double? testFraction, int seed, string textColumn, string labelColumn)
    {
        if (testPath is not null && testFraction is not null)
        {
            throw new ArgumentException("Give --test or --test-fraction, not both.");
        }

        if (testFraction is not (null or (> 0 and < 1)))
        {
            throw new ArgumentException($"--test-fraction must be above 0 and below 1; got {testFraction}.");
        }

        var data = ml.Data.LoadFromEnumerable(LabelledTextFile.Read(dataPath, textColumn, labelColumn));
        if (testFraction is { } fraction)
        {
            var split = ml.Data.StratifiedTrainTestSplit(data, fraction, nameof(EmotionExample.Label), seed);
            return (split.TrainSet, split.TestSet);
        }

        return (data, testPath is null ? null : ml.Data.LoadFromEnumerable(LabelledTextFile.Read(testPath, textColumn, labelColumn)));
    }
}
