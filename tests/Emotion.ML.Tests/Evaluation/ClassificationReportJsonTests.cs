using System.Text.Json;
using Emotion.ML.Evaluation;

namespace Emotion.ML.Tests.Evaluation;

public class ClassificationReportJsonTests
{
    private static ClassificationReport WithLogLoss() => ClassificationReport.Compute(
        ClassificationReportTests.Emotions,
        ClassificationReportTests.Truth,
        ClassificationReportTests.Predicted,
        ClassificationReportTests.Truth.Select((t, i) => new[] { 0.1f * (i % 3), 0.5f, 0.3f }).ToArray());

    [Fact]
    public void ToJson_uses_the_stable_camel_case_property_names_in_order()
    {
        using var json = JsonDocument.Parse(WithLogLoss().ToJson());
        var root = json.RootElement;

        Assert.Equal(
            new[] { "count", "accuracy", "macroPrecision", "macroRecall", "macroF1", "weightedPrecision", "weightedRecall", "weightedF1", "logLoss", "perClass", "confusion" },
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { "anger", "joy", "sadness" }, root.GetProperty("perClass").EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            new[] { "precision", "recall", "f1", "support" },
            root.GetProperty("perClass").GetProperty("joy").EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { "classes", "matrix" }, root.GetProperty("confusion").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void ToJson_holds_the_report_values()
    {
        using var json = JsonDocument.Parse(ClassificationReportTests.HandExample().ToJson());
        var root = json.RootElement;

        Assert.Equal(10, root.GetProperty("count").GetInt32());
        Assert.Equal(0.7, root.GetProperty("accuracy").GetDouble());
        Assert.Equal(99.0 / 140, root.GetProperty("macroF1").GetDouble(), 15);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("logLoss").ValueKind);
        var joy = root.GetProperty("perClass").GetProperty("joy");
        Assert.Equal(0.5, joy.GetProperty("recall").GetDouble());
        Assert.Equal(4, joy.GetProperty("support").GetInt32());
        Assert.Equal(new[] { "anger", "joy", "sadness" }, root.GetProperty("confusion").GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(
            new[] { new[] { 3, 1, 0 }, new[] { 1, 2, 1 }, new[] { 0, 0, 2 } },
            root.GetProperty("confusion").GetProperty("matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt32()).ToArray()));
    }

    [Fact]
    public void ToJson_compact_is_one_line_and_starts_with_count()
    {
        string json = ClassificationReportTests.HandExample().ToJson(indented: false);

        Assert.DoesNotContain('\n', json);
        Assert.StartsWith("{\"count\":10,\"accuracy\":0.7,", json);
        Assert.Contains("\"logLoss\":null,\"perClass\":{\"anger\":{\"precision\":0.75,\"recall\":0.75,\"f1\":0.75,\"support\":4},", json);
        Assert.EndsWith("\"confusion\":{\"classes\":[\"anger\",\"joy\",\"sadness\"],\"matrix\":[[3,1,0],[1,2,1],[0,0,2]]}}", json);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FromJson_gives_back_the_same_numbers(bool withLogLoss)
    {
        var original = withLogLoss ? WithLogLoss() : ClassificationReportTests.HandExample();

        var copy = ClassificationReport.FromJson(original.ToJson());

        Assert.Equal(original.ClassNames, copy.ClassNames);
        Assert.Equal(original.Count, copy.Count);
        Assert.Equal(original.Accuracy, copy.Accuracy);
        Assert.Equal(original.MacroPrecision, copy.MacroPrecision);
        Assert.Equal(original.MacroRecall, copy.MacroRecall);
        Assert.Equal(original.MacroF1, copy.MacroF1);
        Assert.Equal(original.WeightedPrecision, copy.WeightedPrecision);
        Assert.Equal(original.WeightedRecall, copy.WeightedRecall);
        Assert.Equal(original.WeightedF1, copy.WeightedF1);
        Assert.Equal(original.LogLoss, copy.LogLoss);
        Assert.Equal(withLogLoss, copy.LogLoss.HasValue);
        for (int c = 0; c < original.PerClass.Count; c++)
        {
            Assert.Equal(original.PerClass[c].Name, copy.PerClass[c].Name);
            Assert.Equal(original.PerClass[c].Precision, copy.PerClass[c].Precision);
            Assert.Equal(original.PerClass[c].Recall, copy.PerClass[c].Recall);
            Assert.Equal(original.PerClass[c].F1, copy.PerClass[c].F1);
            Assert.Equal(original.PerClass[c].Support, copy.PerClass[c].Support);
        }
        Assert.Equal(original.Confusion.Counts, copy.Confusion.Counts);
        Assert.Equal(original.ToString(), copy.ToString());
        Assert.Equal(original.ToJson(), copy.ToJson());
    }

    [Fact]
    public void Class_names_outside_ASCII_survive_the_round_trip_unescaped()
    {
        var report = ClassificationReport.Compute(new[] { "joie", "colère" }, new[] { 0, 1 }, new[] { 0, 1 });

        string json = report.ToJson();

        Assert.Contains("\"colère\"", json);
        Assert.Equal("colère", ClassificationReport.FromJson(json).PerClass[1].Name);
    }

    [Fact]
    public void FromJson_names_a_missing_property()
    {
        string json = ClassificationReportTests.HandExample().ToJson().Replace("\"macroF1\"", "\"macroF2\"");

        var e = Assert.Throws<JsonException>(() => ClassificationReport.FromJson(json));

        Assert.Contains("'macroF1'", e.Message);
    }

    [Fact]
    public void FromJson_refuses_a_matrix_that_does_not_match_the_classes()
    {
        string json = ClassificationReportTests.HandExample().ToJson(indented: false).Replace("[0,0,2]", "[0,2]");

        var e = Assert.Throws<JsonException>(() => ClassificationReport.FromJson(json));

        Assert.Contains("'confusion.matrix' row 2", e.Message);
    }

    [Fact]
    public void FromJson_refuses_per_class_entries_out_of_class_order()
    {
        string json = ClassificationReportTests.HandExample().ToJson(indented: false).Replace("\"classes\":[\"anger\",\"joy\"", "\"classes\":[\"joy\",\"anger\"");

        var e = Assert.Throws<JsonException>(() => ClassificationReport.FromJson(json));

        Assert.Contains("'perClass'", e.Message);
    }
}
