using Emotion.ML.Evaluation;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Tests.Evaluation;

/// <summary>Small hand-made scored views, for the cases a trained model does not produce.</summary>
public class EmotionMetricsInMemoryTests
{
    private readonly MLContext _ml = new(seed: 1);

    private sealed class TextRow
    {
        public string Label { get; set; } = "";

        public string PredictedLabel { get; set; } = "";

        [VectorType(2)]
        public float[] Score { get; set; } = new float[2];
    }

    private IDataView View(params (string Label, string Predicted, float[] Score)[] rows) =>
        _ml.Data.LoadFromEnumerable(rows.Select(r => new TextRow { Label = r.Label, PredictedLabel = r.Predicted, Score = r.Score }));

    [Fact]
    public void Text_columns_without_slot_names_list_classes_in_order_of_first_appearance()
    {
        var data = View(
            ("joy", "joy", new[] { 0.9f, 0.1f }),
            ("fear", "joy", new[] { 0.6f, 0.4f }),
            ("joy", "anger", new[] { 0.2f, 0.8f }));

        var report = EmotionMetrics.From(data);

        Assert.Equal(new[] { "joy", "fear", "anger" }, report.ClassNames);
        Assert.Equal(new[] { new[] { 1, 0, 1 }, new[] { 1, 0, 0 }, new[] { 0, 0, 0 } }, report.Confusion.Counts.Select(r => r.ToArray()));
        Assert.Equal(1.0 / 3, report.Accuracy, 12);
        // Without slot names the score slots cannot be tied to class names, so no log-loss is claimed.
        Assert.Null(report.LogLoss);
    }

    [Fact]
    public void Rows_with_an_empty_text_label_or_prediction_are_skipped()
    {
        var data = View(
            ("joy", "joy", new[] { 0.9f, 0.1f }),
            ("", "joy", new[] { 0.9f, 0.1f }),
            ("fear", "", new[] { 0.9f, 0.1f }));

        var report = EmotionMetrics.From(data);

        Assert.Equal(1, report.Count);
        Assert.Equal(1.0, report.Accuracy);
    }

    [Fact]
    public void Rows_whose_scores_are_not_finite_are_skipped_as_MLNET_does()
    {
        var data = View(
            ("joy", "joy", new[] { 0.9f, 0.1f }),
            ("fear", "joy", new[] { float.NaN, 0.1f }),
            ("fear", "fear", new[] { 0.1f, float.PositiveInfinity }));

        var report = EmotionMetrics.From(data);

        Assert.Equal(1, report.Count);
        Assert.Equal(new[] { "joy", "fear" }, report.ClassNames);
        Assert.Equal(0, report.PerClass[1].Support);
    }

    [Fact]
    public void Slot_names_on_the_score_column_give_the_class_order_and_the_log_loss()
    {
        var data = View(
            ("fear", "fear", new[] { 0.25f, 0.75f }),
            ("joy", "fear", new[] { 0.5f, 0.5f }));
        var withSlotNames = WithSlotNames(data, "joy", "fear");

        var report = EmotionMetrics.From(withSlotNames);

        Assert.Equal(new[] { "joy", "fear" }, report.ClassNames);
        Assert.Equal(new[] { new[] { 0, 1 }, new[] { 0, 1 } }, report.Confusion.Counts.Select(r => r.ToArray()));
        // -(ln 0.75 + ln 0.5) / 2: the true class's probability read from the slot of its name.
        Assert.Equal(-(Math.Log(0.75) + Math.Log(0.5)) / 2, report.LogLoss!.Value, 6);
    }

    private sealed class NumberRow
    {
        public int Label { get; set; }

        public int PredictedLabel { get; set; }
    }

    [Fact]
    public void Keys_over_numeric_labels_are_named_by_their_numbers()
    {
        var rows = new[] { new NumberRow { Label = 3, PredictedLabel = 3 }, new NumberRow { Label = 1, PredictedLabel = 3 }, new NumberRow { Label = 3, PredictedLabel = 1 } };
        var keyed = _ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(_ml.Transforms.Conversion.MapValueToKey("PredictedLabel", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue))
            .Fit(_ml.Data.LoadFromEnumerable(rows)).Transform(_ml.Data.LoadFromEnumerable(rows));

        var report = EmotionMetrics.From(keyed);

        Assert.Equal(new[] { "1", "3" }, report.ClassNames);
        Assert.Equal(new[] { new[] { 0, 1 }, new[] { 1, 1 } }, report.Confusion.Counts.Select(r => r.ToArray()));
        Assert.Null(report.LogLoss);
    }

    private IDataView WithSlotNames(IDataView data, params string[] names)
    {
        // The annotation ML.NET's multiclass trainers put on their Score column.
        var schemaDefinition = SchemaDefinition.Create(typeof(TextRow));
        schemaDefinition["Score"].AddAnnotation(
            "SlotNames",
            new VBuffer<ReadOnlyMemory<char>>(names.Length, names.Select(n => n.AsMemory()).ToArray()),
            new VectorDataViewType(TextDataViewType.Instance, names.Length));
        var rows = _ml.Data.CreateEnumerable<TextRow>(data, reuseRowObject: false).ToList();
        return _ml.Data.LoadFromEnumerable(rows, schemaDefinition);
    }
}
