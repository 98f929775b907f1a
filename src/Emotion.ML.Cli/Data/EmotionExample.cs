using Microsoft.ML.Data;

namespace Emotion.ML.Cli.Data;

/// <summary>One labelled sentence of a two-column TSV file (<c>text</c>, <c>label</c>).</summary>
internal sealed class EmotionExample
{
    [LoadColumn(0)]
    public string Text { get; set; } = "";

    [LoadColumn(1)]
    public string Label { get; set; } = "";
}
