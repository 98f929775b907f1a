namespace Emotion.ML.TorchSharp.Training;

/// <summary>Seeded row selections by class, shared by every kind of training rows.</summary>
internal static class LabelSampling
{
    /// <summary>Rows per class, for <paramref name="classes"/> classes.</summary>
    public static int[] ClassCounts(int[] labels, int classes)
    {
        var counts = new int[classes];
        foreach (var label in labels)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>
    /// The rows of seeded random over-sampling (every class topped up to the largest class by repeating
    /// its own rows) or under-sampling (every class cut to the smallest present class), in data order.
    /// </summary>
    public static List<int> Resample(int[] labels, bool overSample, int seed)
    {
        var random = new Random(seed);
        var groups = Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToList();
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
        return chosen;
    }

    /// <summary>
    /// A seeded stratified split of the rows: about <paramref name="fraction"/> of every class goes to
    /// the second part (at least one row of a class with two or more rows); both parts in data order.
    /// </summary>
    public static (List<int> Train, List<int> Holdout) StratifiedSplit(int[] labels, double fraction, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fraction, 1);
        var random = new Random(seed);
        var train = new List<int>();
        var holdout = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var rows = group.ToArray();
            random.Shuffle(rows);
            var take = rows.Length < 2 ? 0 : Math.Max(1, (int)Math.Round(rows.Length * fraction));
            holdout.AddRange(rows.Take(take));
            train.AddRange(rows.Skip(take));
        }

        train.Sort();
        holdout.Sort();
        return (train, holdout);
    }
}
