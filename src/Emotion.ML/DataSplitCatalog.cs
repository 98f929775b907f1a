using Emotion.ML.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML;

/// <summary>Stratified splits on ML.NET's data catalog.</summary>
public static class DataSplitCatalog
{
    /// <summary>
    /// Splits <paramref name="data"/> into training and test rows so that every class keeps its
    /// share: within each label value, a seeded shuffle puts round(count x <paramref name="testFraction"/>)
    /// rows into the test set. Unlike <c>TrainTestSplit</c>, whose sampling key keeps groups
    /// together, this keeps rare classes represented in both sets. Both sets keep the data's row order.
    /// </summary>
    /// <param name="catalog">The data catalog (<c>ml.Data</c>).</param>
    /// <param name="data">The data; it is read once now to find the labels, and must give the same rows on every read.</param>
    /// <param name="testFraction">Share of each class that goes to the test set, in (0, 1). Default 0.2.</param>
    /// <param name="labelColumnName">A text, key or Boolean label column. Default <c>Label</c>.</param>
    /// <param name="seed">Seed of the shuffle; null uses 1.</param>
    /// <returns>The training and test views.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is outside (0, 1), or the label column is missing or of another type; the message names it.</exception>
    public static StratifiedSplit StratifiedTrainTestSplit(this DataOperationsCatalog catalog, IDataView data, double testFraction = 0.2, string labelColumnName = "Label", int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        if (!(testFraction is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be above 0 and below 1.");
        }

        var column = data.Schema.GetColumnOrNull(labelColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(labelColumnName), $"Label column '{labelColumnName}' was not found.");
        var labels = column.Type switch
        {
            TextDataViewType => Read<ReadOnlyMemory<char>>(data, column, v => v.ToString()),
            KeyDataViewType { RawType: var raw } when raw == typeof(uint) => Read<uint>(data, column, v => v.ToString()),
            BooleanDataViewType => Read<bool>(data, column, v => v.ToString()),
            _ => throw new ArgumentOutOfRangeException(nameof(labelColumnName), $"Label column '{labelColumnName}' has type {column.Type}; expected text, a UInt32 key or Boolean."),
        };

        var random = new Random(seed ?? 1);
        var inTest = new bool[labels.Count];
        foreach (var rows in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var shuffled = rows.ToArray();
            random.Shuffle(shuffled);
            var take = (int)Math.Round(shuffled.Length * testFraction, MidpointRounding.AwayFromZero);
            foreach (var row in shuffled.Take(take))
            {
                inTest[row] = true;
            }
        }

        return new StratifiedSplit(new RowSelectionDataView(data, inTest.Select(t => !t).ToArray()), new RowSelectionDataView(data, inTest));
    }

    private static List<string> Read<T>(IDataView data, DataViewSchema.Column column, Func<T, string> text)
    {
        var values = new List<string>();
        using var cursor = data.GetRowCursor(new[] { column });
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        while (cursor.MoveNext())
        {
            getter(ref value);
            values.Add(text(value));
        }

        return values;
    }
}

/// <summary>The two sides of <see cref="DataSplitCatalog.StratifiedTrainTestSplit"/>.</summary>
/// <param name="TrainSet">Rows for training.</param>
/// <param name="TestSet">Held-out rows, each class in the same proportion as in the data.</param>
public sealed record StratifiedSplit(IDataView TrainSet, IDataView TestSet);
