using Emotion.ML.TorchSharp.Training;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Tests.Training;

public class LengthBucketBatcherTests
{
    private static readonly int[][] Tokens = Enumerable.Range(0, 1000)
        .Select(i => Enumerable.Range(2, 1 + ((i * 7919) % 37)).ToArray())
        .ToArray();

    [Fact]
    public void An_epoch_visits_every_row_once_in_batches_of_similar_length()
    {
        var batches = new LengthBucketBatcher(Tokens, 32, seed: 5, poolBatches: 10).Epoch(0);
        Assert.Equal(Enumerable.Range(0, 1000), batches.SelectMany(b => b).Order());
        Assert.Equal(32, batches.Count);
        var spread = batches.Average(b => b.Max(i => Tokens[i].Length) - b.Min(i => Tokens[i].Length));
        Assert.True(spread < 5, $"average length spread in a batch was {spread}");
    }

    [Fact]
    public void Same_seed_and_epoch_give_the_same_batches_and_epochs_differ()
    {
        var a = new LengthBucketBatcher(Tokens, 32, seed: 5).Epoch(2);
        var b = new LengthBucketBatcher(Tokens, 32, seed: 5).Epoch(2);
        var c = new LengthBucketBatcher(Tokens, 32, seed: 5).Epoch(3);
        Assert.Equal(a.SelectMany(x => x), b.SelectMany(x => x));
        Assert.NotEqual(a.SelectMany(x => x), c.SelectMany(x => x));
    }

    [Fact]
    public void Collate_pads_each_batch_to_its_own_longest_row()
    {
        var tokens = new[] { new[] { 4, 5, 6 }, new[] { 7 }, Array.Empty<int>() };
        var (ids, lengths) = LengthBucketBatcher.Collate(tokens, new[] { 0, 1, 2 }, minSteps: 1, CPU);
        Assert.Equal(new long[] { 3, 3 }, ids.shape);
        Assert.Equal(new long[] { 4, 5, 6, 7, 0, 0, 0, 0, 0 }, ids.data<long>().ToArray());
        Assert.Equal(new long[] { 3, 1, 0 }, lengths.data<long>().ToArray());
        var (wide, _) = LengthBucketBatcher.Collate(tokens, new[] { 1 }, minSteps: 5, CPU);
        Assert.Equal(new long[] { 1, 5 }, wide.shape);
    }
}
