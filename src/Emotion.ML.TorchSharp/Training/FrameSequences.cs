using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>
/// Numeric frame sequences with 0-based class labels: each row holds its frames of
/// <see cref="FrameSize"/> features one after another (already normalized), so a row of n frames
/// has n * FrameSize values. Without labels (for scoring) <see cref="Labels"/> is empty.
/// </summary>
internal sealed class FrameSequences : ITrainingRows
{
    public FrameSequences(float[][] frames, int frameSize, int[]? labels = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameSize, 1);
        if (labels is not null && frames.Length != labels.Length)
        {
            throw new ArgumentException($"{frames.Length} frame rows but {labels.Length} labels.", nameof(labels));
        }

        for (var r = 0; r < frames.Length; r++)
        {
            if (frames[r].Length % frameSize != 0)
            {
                throw new ArgumentException($"Row {r} has {frames[r].Length} values, not a multiple of the frame size {frameSize}.", nameof(frames));
            }
        }

        Frames = frames;
        FrameSize = frameSize;
        Labels = labels ?? Array.Empty<int>();
    }

    /// <summary>Each row's frames, concatenated.</summary>
    public float[][] Frames { get; }

    /// <summary>Features per frame.</summary>
    public int FrameSize { get; }

    public int[] Labels { get; }

    public int Count => Frames.Length;

    public int Length(int row) => Frames[row].Length / FrameSize;

    /// <summary>Frames [batch, steps, features] padded with zero frames, and the lengths.</summary>
    public (Tensor Input, Tensor Lengths) Collate(int[] batch, int minSteps, Device device)
    {
        var steps = minSteps;
        foreach (var i in batch)
        {
            steps = Math.Max(steps, Length(i));
        }

        var values = new float[(long)batch.Length * steps * FrameSize];
        var lengths = new long[batch.Length];
        for (var r = 0; r < batch.Length; r++)
        {
            var row = Frames[batch[r]];
            lengths[r] = row.Length / FrameSize;
            row.CopyTo(values, (long)r * steps * FrameSize);
        }

        return (tensor(values, new long[] { batch.Length, steps, FrameSize }, device: device), tensor(lengths, device: device));
    }

    /// <summary>Rows at <paramref name="indices"/>.</summary>
    public FrameSequences Subset(IReadOnlyList<int> indices) =>
        new(indices.Select(i => Frames[i]).ToArray(), FrameSize, indices.Select(i => Labels[i]).ToArray());

    /// <summary>Seeded over- or under-sampling by class (<see cref="LabelSampling.Resample"/>); rows keep data order.</summary>
    public FrameSequences Resample(bool overSample, int seed) => Subset(LabelSampling.Resample(Labels, overSample, seed));

    /// <summary>A seeded stratified split (<see cref="LabelSampling.StratifiedSplit"/>).</summary>
    public (FrameSequences Train, FrameSequences Holdout) StratifiedSplit(double fraction, int seed)
    {
        var (train, holdout) = LabelSampling.StratifiedSplit(Labels, fraction, seed);
        return (Subset(train), Subset(holdout));
    }
}
