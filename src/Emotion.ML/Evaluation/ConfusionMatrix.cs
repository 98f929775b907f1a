using System.Globalization;
using System.Text;

namespace Emotion.ML.Evaluation;

/// <summary>
/// Counts of (true class, predicted class) pairs: rows are the true class, columns the predicted class,
/// both in <see cref="ClassNames"/> order (the same layout as ML.NET's <c>ConfusionMatrix.Counts</c>).
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[][] _counts;

    /// <summary>Wraps counts already validated by the caller; the arrays are owned by this instance.</summary>
    internal ConfusionMatrix(IReadOnlyList<string> classNames, int[][] counts)
    {
        ClassNames = classNames;
        _counts = counts;
        Counts = Array.AsReadOnly(Array.ConvertAll(counts, row => (IReadOnlyList<int>)Array.AsReadOnly(row)));
    }

    /// <summary>Gets the class names labelling both the rows and the columns.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Gets the number of classes (rows and columns).</summary>
    public int ClassCount => _counts.Length;

    /// <summary>Gets the counts: <c>Counts[truth][predicted]</c>.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Counts { get; }

    /// <summary>Gets the number of samples whose true class is <paramref name="truth"/> and whose prediction is <paramref name="predicted"/>.</summary>
    /// <param name="truth">The 0-based index of the true class.</param>
    /// <param name="predicted">The 0-based index of the predicted class.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, <see cref="ClassCount"/>).</exception>
    public int this[int truth, int predicted]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(truth);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(truth, ClassCount);
            ArgumentOutOfRangeException.ThrowIfNegative(predicted);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predicted, ClassCount);
            return _counts[truth][predicted];
        }
    }

    /// <summary>Gets the number of samples of class <paramref name="truth"/> (its row sum).</summary>
    /// <param name="truth">The 0-based index of the true class.</param>
    /// <returns>The row sum.</returns>
    public int RowTotal(int truth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(truth);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(truth, ClassCount);
        return _counts[truth].Sum();
    }

    /// <summary>Gets the number of samples predicted as class <paramref name="predicted"/> (its column sum).</summary>
    /// <param name="predicted">The 0-based index of the predicted class.</param>
    /// <returns>The column sum.</returns>
    public int ColumnTotal(int predicted)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(predicted);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predicted, ClassCount);
        return _counts.Sum(row => row[predicted]);
    }

    /// <summary>
    /// Returns each row as percentages of its total (0 to 100): entry [t][p] is the share of class t's
    /// samples predicted as p, so the diagonal holds each class's recall in percent. A row with no
    /// samples is all zeros.
    /// </summary>
    /// <returns>A new <c>[truth][predicted]</c> array of percentages.</returns>
    public double[][] RowNormalized()
    {
        var result = new double[ClassCount][];
        for (int t = 0; t < ClassCount; t++)
        {
            int total = _counts[t].Sum();
            result[t] = new double[ClassCount];
            if (total == 0)
                continue;
            for (int p = 0; p < ClassCount; p++)
                result[t][p] = 100.0 * _counts[t][p] / total;
        }
        return result;
    }

    /// <summary>
    /// Returns the matrix as a text grid: a header row of predicted class names, then one row per true
    /// class starting with its name, right-aligned columns.
    /// </summary>
    /// <returns>The grid, one line per true class after the header, each line ending with a newline.</returns>
    public override string ToString()
    {
        int nameWidth = Math.Max(ClassNames.Max(n => n.Length), "true \\ predicted".Length);
        int cellWidth = 0;
        for (int c = 0; c < ClassCount; c++)
            cellWidth = Math.Max(cellWidth, ClassNames[c].Length);
        foreach (var row in _counts)
            foreach (var count in row)
                cellWidth = Math.Max(cellWidth, count.ToString(CultureInfo.InvariantCulture).Length);

        var text = new StringBuilder();
        text.Append("true \\ predicted".PadRight(nameWidth));
        foreach (var name in ClassNames)
            text.Append("  ").Append(name.PadLeft(cellWidth));
        text.Append('\n');
        for (int t = 0; t < ClassCount; t++)
        {
            text.Append(ClassNames[t].PadLeft(nameWidth));
            foreach (var count in _counts[t])
                text.Append("  ").Append(count.ToString(CultureInfo.InvariantCulture).PadLeft(cellWidth));
            text.Append('\n');
        }
        return text.ToString();
    }
}
