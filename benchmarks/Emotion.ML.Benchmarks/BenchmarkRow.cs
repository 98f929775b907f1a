using Microsoft.ML.Data;

namespace Emotion.ML.Benchmarks;

/// <summary>A CARER row: the sentence and its emotion.</summary>
public sealed class BenchmarkRow
{
    /// <summary>The sentence.</summary>
    [LoadColumn(0)]
    public string Text { get; set; } = "";

    /// <summary>The emotion.</summary>
    [LoadColumn(1)]
    public string Label { get; set; } = "";
}
