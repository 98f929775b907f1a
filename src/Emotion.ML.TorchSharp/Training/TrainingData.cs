using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>Token-id sequences with 0-based class labels, as the training loop consumes them.</summary>
internal sealed class TrainingData : ITrainingRows
{
    public TrainingData(int[][] tokens, int[] labels)
    {
        if (tokens.Length != labels.Length)
        {
            throw new ArgumentException($"{tokens.Length} token rows but {labels.Length} labels.", nameof(labels));
        }

        Tokens = tokens;
        Labels = labels;
    }

    public int[][] Tokens { get; }

    public int[] Labels { get; }

    public int Count => Tokens.Length;

    public int Length(int row) => Tokens[row].Length;

    /// <summary>Token ids [batch, steps] padded with 0, and the lengths.</summary>
    public (Tensor Input, Tensor Lengths) Collate(int[] batch, int minSteps, Device device) =>
        LengthBucketBatcher.Collate(Tokens, batch, minSteps, device);

    /// <summary>Rows at <paramref name="indices"/>.</summary>
    public TrainingData Subset(IReadOnlyList<int> indices) =>
        new(indices.Select(i => Tokens[i]).ToArray(), indices.Select(i => Labels[i]).ToArray());

    /// <summary>Rows per class, for <paramref name="classes"/> classes.</summary>
    public int[] ClassCounts(int classes) => LabelSampling.ClassCounts(Labels, classes);

    /// <summary>Seeded over- or under-sampling by class (<see cref="LabelSampling.Resample"/>); rows keep data order.</summary>
    public TrainingData Resample(bool overSample, int seed) => Subset(LabelSampling.Resample(Labels, overSample, seed));

    /// <summary>A seeded stratified split (<see cref="LabelSampling.StratifiedSplit"/>).</summary>
    public (TrainingData Train, TrainingData Holdout) StratifiedSplit(double fraction, int seed)
    {
        var (train, holdout) = LabelSampling.StratifiedSplit(Labels, fraction, seed);
        return (Subset(train), Subset(holdout));
    }
}
