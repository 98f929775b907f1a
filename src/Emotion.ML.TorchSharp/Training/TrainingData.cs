namespace Emotion.ML.TorchSharp.Training;

/// <summary>Token-id sequences with 0-based class labels, as the training loop consumes them.</summary>
internal sealed class TrainingData
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

    /// <summary>Rows at <paramref name="indices"/>.</summary>
    public TrainingData Subset(IReadOnlyList<int> indices) =>
        new(indices.Select(i => Tokens[i]).ToArray(), indices.Select(i => Labels[i]).ToArray());

    /// <summary>Rows per class, for <paramref name="classes"/> classes.</summary>
    public int[] ClassCounts(int classes)
    {
        var counts = new int[classes];
        foreach (var label in Labels)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>
    /// Seeded random over-sampling (every class topped up to the largest class by repeating its
    /// own rows) or under-sampling (every class cut to the smallest present class); rows keep data order.
    /// </summary>
    public TrainingData Resample(bool overSample, int seed)
    {
        var random = new Random(seed);
        var groups = Enumerable.Range(0, Count).GroupBy(i => Labels[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToList();
        var target = overSample ? groups.Max(g => g.Length) : groups.Min(g => g.Length);
        var chosen = new List<int>();
        foreach (var rows in groups)
        {
            if (overSample)
            {
                chosen.AddRange(rows);
                for (var k = rows.Length; k < target; k++)
                {
                    chosen.Add(rows[random.Next(rows.Length)]);
                }
            }
            else
            {
                var shuffled = rows.ToArray();
                random.Shuffle(shuffled);
                chosen.AddRange(shuffled.Take(target));
            }
        }

        chosen.Sort();
        return Subset(chosen);
    }

    /// <summary>
    /// A seeded stratified split: about <paramref name="fraction"/> of every class goes to the second part
    /// (at least one row of a class with two or more rows).
    /// </summary>
    public (TrainingData Train, TrainingData Holdout) StratifiedSplit(double fraction, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fraction, 1);
        var random = new Random(seed);
        var train = new List<int>();
        var holdout = new List<int>();
        foreach (var group in Enumerable.Range(0, Count).GroupBy(i => Labels[i]).OrderBy(g => g.Key))
        {
            var rows = group.ToArray();
            random.Shuffle(rows);
            var take = rows.Length < 2 ? 0 : Math.Max(1, (int)Math.Round(rows.Length * fraction));
            holdout.AddRange(rows.Take(take));
            train.AddRange(rows.Skip(take));
        }

        train.Sort();
        holdout.Sort();
        return (Subset(train), Subset(holdout));
    }
}
