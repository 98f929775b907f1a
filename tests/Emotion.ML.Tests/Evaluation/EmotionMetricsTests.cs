using Emotion.ML.Evaluation;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Xunit.Abstractions;

namespace Emotion.ML.Tests.Evaluation;

public class EmotionMetricsTests : IClassFixture<CarerModelFixture>
{
    private static readonly string[] CarerClasses = { "anger", "fear", "joy", "love", "sadness", "surprise" };

    private readonly CarerModelFixture _carer;
    private readonly ITestOutputHelper _output;

    public EmotionMetricsTests(CarerModelFixture carer, ITestOutputHelper output)
    {
        _carer = carer;
        _output = output;
    }

    private MLContext Ml => _carer.Ml;

    [Fact]
    public void From_agrees_with_MLNET_Evaluate_on_a_real_CARER_model()
    {
        var expected = Ml.MulticlassClassification.Evaluate(_carer.Scored);

        var report = EmotionMetrics.From(_carer.Scored);

        _output.WriteLine($"ML.NET: micro {expected.MicroAccuracy:R} macro {expected.MacroAccuracy:R} log-loss {expected.LogLoss:R}");
        _output.WriteLine($"Report: accuracy {report.Accuracy:R} macro recall {report.MacroRecall:R} log-loss {report.LogLoss:R}");
        _output.WriteLine(report.ToString());
        Assert.Equal(2000, report.Count);
        Assert.Equal(expected.MicroAccuracy, report.Accuracy, 1e-6);
        Assert.Equal(expected.MacroAccuracy, report.MacroRecall, 1e-6);
        Assert.Equal(expected.LogLoss, report.LogLoss!.Value, 1e-6);
        AssertSameConfusion(expected.ConfusionMatrix, report);
        // A model worth comparing: well above the 35% of always answering the largest class.
        Assert.InRange(report.Accuracy, 0.6, 1.0);
    }

    [Fact]
    public void From_takes_class_names_from_the_score_slot_names()
    {
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        _carer.Scored.Schema["Score"].GetSlotNames(ref slotNames);

        var report = EmotionMetrics.From(_carer.Scored);

        Assert.Equal(slotNames.DenseValues().Select(n => n.ToString()), report.ClassNames);
        Assert.Equal(CarerClasses, report.ClassNames.Order());
        Assert.Equal(report.ClassNames, report.Confusion.ClassNames);
    }

    [Fact]
    public void From_agrees_with_MLNET_when_the_classes_are_in_alphabetical_order()
    {
        var expected = Ml.MulticlassClassification.Evaluate(_carer.ScoredByValue);

        var report = EmotionMetrics.From(_carer.ScoredByValue);

        Assert.Equal(CarerClasses, report.ClassNames);
        Assert.Equal(expected.MicroAccuracy, report.Accuracy, 1e-6);
        Assert.Equal(expected.MacroAccuracy, report.MacroRecall, 1e-6);
        Assert.Equal(expected.LogLoss, report.LogLoss!.Value, 1e-6);
        AssertSameConfusion(expected.ConfusionMatrix, report);
    }

    [Fact]
    public void A_predicted_label_mapped_back_to_text_gives_the_same_report()
    {
        var textPrediction = Ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(_carer.Scored).Transform(_carer.Scored);
        Assert.IsType<TextDataViewType>(textPrediction.Schema["PredictedLabel"].Type);

        AssertSameReport(EmotionMetrics.From(_carer.Scored), EmotionMetrics.From(textPrediction));
    }

    [Fact]
    public void Text_labels_and_text_predictions_give_the_same_report()
    {
        var allText = Ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")
            .Append(Ml.Transforms.Conversion.MapKeyToValue("Label"))
            .Fit(_carer.Scored).Transform(_carer.Scored);
        Assert.IsType<TextDataViewType>(allText.Schema["Label"].Type);

        AssertSameReport(EmotionMetrics.From(_carer.Scored), EmotionMetrics.From(allText));
    }

    [Fact]
    public void A_label_keyed_in_another_order_than_the_scores_is_matched_by_class_name()
    {
        // The label is re-keyed alphabetically while the model's scores stay in order of occurrence.
        var rekeyed = Ml.Transforms.Conversion.MapKeyToValue("Label")
            .Append(Ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue))
            .Fit(_carer.Scored).Transform(_carer.Scored);

        AssertSameReport(EmotionMetrics.From(_carer.Scored), EmotionMetrics.From(rekeyed));
    }

    [Fact]
    public void Without_a_score_column_everything_but_the_log_loss_is_reported()
    {
        var noScore = Ml.Transforms.DropColumns("Score").Fit(_carer.Scored).Transform(_carer.Scored);
        var withScore = EmotionMetrics.From(_carer.Scored);

        var report = EmotionMetrics.From(noScore);

        Assert.Null(report.LogLoss);
        Assert.Equal(withScore.ClassNames.Order(), report.ClassNames.Order());
        Assert.Equal(withScore.Accuracy, report.Accuracy);
        Assert.Equal(withScore.MacroF1, report.MacroF1, 12);
        Assert.Equal(withScore.WeightedF1, report.WeightedF1, 12);
    }

    [Fact]
    public void Rows_with_a_missing_label_are_skipped_as_MLNET_does()
    {
        // Keying the label over five classes leaves every 'surprise' row with the missing key (0).
        var fiveClasses = Ml.Data.LoadFromEnumerable(CarerClasses.Where(c => c != "surprise").Select(c => new ClassName { Name = c }));
        var partly = Ml.Transforms.Conversion.MapKeyToValue("LabelText", "Label")
            .Append(Ml.Transforms.Conversion.MapValueToKey("PartialLabel", "LabelText", keyData: fiveClasses))
            .Fit(_carer.Scored).Transform(_carer.Scored);
        var full = EmotionMetrics.From(_carer.Scored);
        int surprise = full.ClassNames.ToList().IndexOf("surprise");

        var report = EmotionMetrics.From(partly, labelColumnName: "PartialLabel");

        Assert.Equal(full.ClassNames, report.ClassNames);
        Assert.Equal(full.Count - full.PerClass[surprise].Support, report.Count);
        Assert.Equal(0, report.PerClass[surprise].Support);
        for (int t = 0; t < full.ClassNames.Count; t++)
        {
            for (int p = 0; p < full.ClassNames.Count; p++)
                Assert.Equal(t == surprise ? 0 : full.Confusion[t, p], report.Confusion[t, p]);
        }
    }

    [Fact]
    public void A_missing_column_is_named_with_the_expected_type()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => EmotionMetrics.From(_carer.Scored, labelColumnName: "Emotion"));

        Assert.Equal("labelColumnName", e.ParamName);
        Assert.Contains("'Emotion'", e.Message);
        Assert.Contains("key type", e.Message);
    }

    [Fact]
    public void A_wrongly_typed_column_is_named_with_the_expected_type()
    {
        var label = Assert.Throws<ArgumentOutOfRangeException>(() => EmotionMetrics.From(_carer.Scored, labelColumnName: "Features"));
        Assert.Contains("'Features'", label.Message);
        Assert.Contains("key type (from MapValueToKey) or text", label.Message);

        var predicted = Assert.Throws<ArgumentOutOfRangeException>(() => EmotionMetrics.From(_carer.Scored, predictedLabelColumnName: "Score"));
        Assert.Equal("predictedLabelColumnName", predicted.ParamName);

        var score = Assert.Throws<ArgumentOutOfRangeException>(() => EmotionMetrics.From(_carer.Scored, scoreColumnName: "Label"));
        Assert.Equal("scoreColumnName", score.ParamName);
        Assert.Contains("known-size vector of Single", score.Message);
    }

    [Fact]
    public void Data_without_any_labelled_row_is_refused()
    {
        // Keyed over a class no row has, every label is the missing key.
        var noClass = Ml.Data.LoadFromEnumerable(new[] { new ClassName { Name = "boredom" } });
        var none = Ml.Transforms.Conversion.MapKeyToValue("LabelText", "Label")
            .Append(Ml.Transforms.Conversion.MapValueToKey("Label", "LabelText", keyData: noClass))
            .Fit(_carer.Scored).Transform(_carer.Scored);

        var e = Assert.Throws<ArgumentException>(() => EmotionMetrics.From(none));

        Assert.Equal("scored", e.ParamName);
        Assert.Contains("no rows with both a label", e.Message);
    }

    [Fact]
    public void The_text_table_of_a_real_model_has_a_row_per_class_with_its_figures()
    {
        var report = EmotionMetrics.From(_carer.Scored);

        string text = report.ToString();

        foreach (var row in report.PerClass)
        {
            string line = FormattableString.Invariant(
                $"{row.Name,12}  {row.Precision,9:F4} {row.Recall,9:F4} {row.F1,9:F4} {row.Support,9}\n");
            Assert.Contains(line, text);
        }
        Assert.Contains(FormattableString.Invariant($"    accuracy                         {report.Accuracy:F4}      2000\n"), text);
        Assert.Contains(FormattableString.Invariant($"   macro avg  {report.MacroPrecision,9:F4} {report.MacroRecall,9:F4} {report.MacroF1,9:F4}      2000\n"), text);
        Assert.Contains(FormattableString.Invariant($"    log-loss                         {report.LogLoss:F4}\n"), text);
    }

    [Fact]
    public void The_report_of_a_real_model_survives_a_JSON_round_trip()
    {
        var report = EmotionMetrics.From(_carer.Scored);

        var copy = ClassificationReport.FromJson(report.ToJson());

        Assert.Equal(report.ToJson(), copy.ToJson());
        Assert.Equal(report.LogLoss, copy.LogLoss);
        Assert.Equal(report.MacroF1, copy.MacroF1);
    }

    private static void AssertSameConfusion(Microsoft.ML.Data.ConfusionMatrix expected, ClassificationReport report)
    {
        Assert.Equal(expected.NumberOfClasses, report.Confusion.ClassCount);
        for (int t = 0; t < expected.NumberOfClasses; t++)
        {
            for (int p = 0; p < expected.NumberOfClasses; p++)
                Assert.Equal((int)expected.Counts[t][p], report.Confusion[t, p]);
        }
    }

    private static void AssertSameReport(ClassificationReport expected, ClassificationReport actual)
    {
        Assert.Equal(expected.ClassNames, actual.ClassNames);
        Assert.Equal(expected.ToJson(), actual.ToJson());
    }

    private sealed class ClassName
    {
        public string Name { get; set; } = "";
    }
}
