using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>
/// Seeded mini-batches of similar-length rows (sentences or frame sequences), each padded only to its own longest row:
/// shuffle, sort within pools of <c>poolBatches</c> batches by length, cut into batches, shuffle
/// the batches. Padding then costs a few steps per batch instead of the data set's maximum.
/// </summary>
internal sealed class LengthBucketBatcher
{
    private readonly int[] lengths;
    private readonly int batchSize;
    private readonly int seed;
    private readonly int poolBatches;

    /// <summary>Batches of the token-id sentences <paramref name="tokens"/>.</summary>
    public LengthBucketBatcher(int[][] tokens, int batchSize, int seed, int poolBatches = 50)
        : this(tokens.Select(t => t.Length).ToArray(), batchSize, seed, poolBatches)
    {
    }

    /// <summary>Batches of any <paramref name="rows"/> (sentences or frame sequences), by their lengths.</summary>
    public LengthBucketBatcher(ISequenceRows rows, int batchSize, int seed, int poolBatches = 50)
        : this(Enumerable.Range(0, rows.Count).Select(rows.Length).ToArray(), batchSize, seed, poolBatches)
    {
    }

    private LengthBucketBatcher(int[] lengths, int batchSize, int seed, int poolBatches)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        this.lengths = lengths;
        this.batchSize = batchSize;
        this.seed = seed;
        this.poolBatches = poolBatches;
    }

    public int BatchCount => (lengths.Length + batchSize - 1) / batchSize;

    /// <summary>The batches of one epoch; the same seed and epoch give the same batches.</summary>
    public List<int[]> Epoch(int epoch)
    {
        // HashCode.Combine is randomised per process; this must give the same batches in every run.
        var random = new Random(unchecked((seed * 1_000_003) + epoch));
        var order = Enumerable.Range(0, lengths.Length).ToArray();
        random.Shuffle(order);
        var batches = new List<int[]>(BatchCount);
        var pool = batchSize * poolBatches;
        for (var start = 0; start < order.Length; start += pool)
        {
            var slice = order.AsSpan(start, Math.Min(pool, order.Length - start)).ToArray();
            // Stable sort by length keeps the shuffled order among equal lengths.
            var sorted = slice.OrderBy(i => lengths[i]).ToArray();
            for (var b = 0; b < sorted.Length; b += batchSize)
            {
                batches.Add(sorted.AsSpan(b, Math.Min(batchSize, sorted.Length - b)).ToArray());
            }
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(batches));
        return batches;
    }

    /// <summary>Sequential batches in data order (for scoring), sorted by length inside each pool.</summary>
    public static IEnumerable<int[]> InOrder(int count, int batchSize)
    {
        for (var start = 0; start < count; start += batchSize)
        {
            yield return Enumerable.Range(start, Math.Min(batchSize, count - start)).ToArray();
        }
    }

    /// <summary>Pads the rows of <paramref name="batch"/> to their longest (at least <paramref name="minSteps"/>).</summary>
    public static (Tensor Ids, Tensor Lengths) Collate(int[][] tokens, int[] batch, int minSteps, Device device)
    {
        var steps = minSteps;
        foreach (var i in batch)
        {
            steps = Math.Max(steps, tokens[i].Length);
        }

        var ids = new long[batch.Length * steps];
        var lengths = new long[batch.Length];
        for (var r = 0; r < batch.Length; r++)
        {
            var row = tokens[batch[r]];
            lengths[r] = row.Length;
            for (var t = 0; t < row.Length; t++)
            {
                ids[(r * steps) + t] = row[t];
            }
        }

        return (tensor(ids, new long[] { batch.Length, steps }, device: device), tensor(lengths, device: device));
    }
}
