using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Emotion.ML.Benchmarks.Text;

/// <summary>A summary column with 1 / Mean, for benchmarks whose operation is one sentence.</summary>
public sealed class SentencesPerSecondColumn : IColumn
{
    /// <inheritdoc />
    public string Id => nameof(SentencesPerSecondColumn);

    /// <inheritdoc />
    public string ColumnName => "Sentences/s";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => 0;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => "Sentences normalized per second on one thread (1 / Mean)";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return mean is > 0 ? (1e9 / mean.Value).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-";
    }

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
