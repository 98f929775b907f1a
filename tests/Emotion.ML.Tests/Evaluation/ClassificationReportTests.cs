using Emotion.ML.Evaluation;

namespace Emotion.ML.Tests.Evaluation;

public class ClassificationReportTests
{
    internal static readonly string[] Emotions = { "anger", "joy", "sadness" };

    // Ten samples, rows = true class, columns = predicted class:
    //            anger  joy  sadness | support
    //   anger      3     1     0     |   4
    //   joy        1     2     1     |   4
    //   sadness    0     0     2     |   2
    //   predicted  4     3     3       (column sums)
    internal static readonly int[] Truth = { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2 };
    internal static readonly int[] Predicted = { 0, 0, 0, 1, 0, 1, 1, 2, 2, 2 };

    internal static ClassificationReport HandExample() => ClassificationReport.Compute(Emotions, Truth, Predicted);

    [Fact]
    public void Compute_gives_the_hand_computed_per_class_figures()
    {
        var report = HandExample();

        // anger:   P = 3/4,  R = 3/4,  F1 = 3/4
        // joy:     P = 2/3,  R = 2/4,  F1 = 2 * (2/3 * 1/2) / (2/3 + 1/2) = 4/7
        // sadness: P = 2/3,  R = 2/2,  F1 = 2 * (2/3 * 1) / (2/3 + 1) = 4/5
        Assert.Equal(Emotions, report.ClassNames);
        Assert.Equal(new[] { "anger", "joy", "sadness" }, report.PerClass.Select(c => c.Name));
        AssertClass(report.PerClass[0], 3.0 / 4, 3.0 / 4, 3.0 / 4, 4);
        AssertClass(report.PerClass[1], 2.0 / 3, 2.0 / 4, 4.0 / 7, 4);
        AssertClass(report.PerClass[2], 2.0 / 3, 1.0, 4.0 / 5, 2);
    }

    [Fact]
    public void Compute_gives_the_hand_computed_accuracy_and_averages()
    {
        var report = HandExample();

        Assert.Equal(10, report.Count);
        Assert.Equal(0.7, report.Accuracy, 12);                       // 7 on the diagonal of 10
        Assert.Equal(25.0 / 36, report.MacroPrecision, 12);           // (3/4 + 2/3 + 2/3) / 3
        Assert.Equal(0.75, report.MacroRecall, 12);                   // (3/4 + 1/2 + 1) / 3
        Assert.Equal(99.0 / 140, report.MacroF1, 12);                 // (3/4 + 4/7 + 4/5) / 3 = 297/140 / 3
        Assert.Equal(0.7, report.WeightedPrecision, 12);              // (4*3/4 + 4*2/3 + 2*2/3) / 10
        Assert.Equal(0.7, report.WeightedRecall, 12);                 // (4*3/4 + 4*1/2 + 2*1) / 10 = accuracy
        Assert.Equal(241.0 / 350, report.WeightedF1, 12);             // (4*3/4 + 4*4/7 + 2*4/5) / 10
        Assert.Null(report.LogLoss);
    }

    [Fact]
    public void Confusion_matrix_has_true_classes_as_rows_and_predictions_as_columns()
    {
        var confusion = HandExample().Confusion;

        Assert.Equal(Emotions, confusion.ClassNames);
        Assert.Equal(3, confusion.ClassCount);
        Assert.Equal(new[] { new[] { 3, 1, 0 }, new[] { 1, 2, 1 }, new[] { 0, 0, 2 } }, confusion.Counts.Select(r => r.ToArray()));
        Assert.Equal(1, confusion[1, 2]);   // one joy sample predicted as sadness
        Assert.Equal(0, confusion[2, 1]);
        Assert.Equal(4, confusion.RowTotal(1));
        Assert.Equal(3, confusion.ColumnTotal(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => confusion[3, 0]);
    }

    [Fact]
    public void RowNormalized_gives_each_row_as_percentages_of_its_support()
    {
        var percent = HandExample().Confusion.RowNormalized();

        Assert.Equal(new[] { 75.0, 25.0, 0.0 }, percent[0]);
        Assert.Equal(new[] { 25.0, 50.0, 25.0 }, percent[1]);
        Assert.Equal(new[] { 0.0, 0.0, 100.0 }, percent[2]);
    }

    [Fact]
    public void A_class_predicted_but_never_true_has_zero_precision_and_counts_in_macro_averages()
    {
        // x: P = 1/1, R = 1/2, F1 = 2/3;  y: 1, 1, 1;  z: never true, predicted once -> 0, 0, 0.
        var report = ClassificationReport.Compute(new[] { "x", "y", "z" }, new[] { 0, 0, 1, 1 }, new[] { 0, 2, 1, 1 });

        AssertClass(report.PerClass[2], 0, 0, 0, 0);
        Assert.Equal(2.0 / 3, report.MacroPrecision, 12);   // (1 + 1 + 0) / 3
        Assert.Equal(0.5, report.MacroRecall, 12);          // (1/2 + 1 + 0) / 3
        Assert.Equal(5.0 / 9, report.MacroF1, 12);          // (2/3 + 1 + 0) / 3
        Assert.Equal(1.0, report.WeightedPrecision, 12);    // (2*1 + 2*1 + 0*0) / 4
        Assert.Equal(0.75, report.WeightedRecall, 12);
        Assert.Equal(5.0 / 6, report.WeightedF1, 12);       // (2*2/3 + 2*1) / 4
    }

    [Fact]
    public void A_true_class_never_predicted_has_zero_precision_and_zero_F1()
    {
        // x: P = 2/3, R = 1, F1 = 4/5;  y: never predicted -> P = 0 (zero_division=0), R = 0, F1 = 0.
        var report = ClassificationReport.Compute(new[] { "x", "y" }, new[] { 0, 0, 1 }, new[] { 0, 0, 0 });

        AssertClass(report.PerClass[0], 2.0 / 3, 1, 4.0 / 5, 2);
        AssertClass(report.PerClass[1], 0, 0, 0, 1);
        Assert.Equal(1.0 / 3, report.MacroPrecision, 12);
        Assert.Equal(2.0 / 5, report.MacroF1, 12);
    }

    [Fact]
    public void A_class_absent_from_truth_and_predictions_is_listed_but_left_out_of_macro_averages()
    {
        var report = ClassificationReport.Compute(new[] { "x", "y", "z" }, new[] { 0, 1 }, new[] { 0, 1 });

        AssertClass(report.PerClass[2], 0, 0, 0, 0);
        Assert.Equal(1.0, report.MacroPrecision, 12);
        Assert.Equal(1.0, report.MacroRecall, 12);
        Assert.Equal(1.0, report.MacroF1, 12);
    }

    [Fact]
    public void A_single_class_that_is_always_right_scores_one_everywhere()
    {
        var report = ClassificationReport.Compute(new[] { "joy" }, new[] { 0, 0, 0 }, new[] { 0, 0, 0 });

        Assert.Equal(3, report.Count);
        Assert.Equal(1.0, report.Accuracy);
        Assert.Equal(1.0, report.MacroF1);
        Assert.Equal(1.0, report.WeightedF1);
        AssertClass(report.PerClass[0], 1, 1, 1, 3);
        Assert.Equal(3, report.Confusion[0, 0]);
    }

    [Fact]
    public void Log_loss_is_the_mean_negative_log_of_the_true_class_probability()
    {
        var probabilities = new[] { new[] { 0.5f, 0.5f }, new[] { 0.75f, 0.25f } };

        var report = ClassificationReport.Compute(new[] { "a", "b" }, new[] { 0, 1 }, new[] { 0, 0 }, probabilities);

        Assert.Equal((Math.Log(2) + Math.Log(4)) / 2, report.LogLoss!.Value, 12);
    }

    [Fact]
    public void Log_loss_clamps_the_true_class_probability_to_epsilon_and_one_like_MLNET()
    {
        var probabilities = new[] { new[] { 0f, 1f }, new[] { 0f, 1.5f } };

        var report = ClassificationReport.Compute(new[] { "a", "b" }, new[] { 0, 1 }, new[] { 1, 1 }, probabilities);

        // -ln(max(0, eps)) for the first sample, -ln(min(1.5, 1)) = 0 for the second; eps is ML.NET's (float)1e-15.
        Assert.Equal(-Math.Log((float)1e-15) / 2, report.LogLoss!.Value, 12);
        Assert.Equal(17.269388, report.LogLoss.Value, 5);
    }

    [Fact]
    public void Reordering_the_classes_permutes_the_rows_and_keeps_the_averages()
    {
        var original = HandExample();
        // The same samples with the classes listed as sadness, anger, joy.
        int[] newId = { 1, 2, 0 };
        var reordered = ClassificationReport.Compute(
            new[] { "sadness", "anger", "joy" },
            Truth.Select(t => newId[t]).ToArray(),
            Predicted.Select(p => newId[p]).ToArray());

        Assert.Equal(new[] { "sadness", "anger", "joy" }, reordered.PerClass.Select(c => c.Name));
        foreach (var row in reordered.PerClass)
        {
            var same = original.PerClass.Single(c => c.Name == row.Name);
            AssertClass(row, same.Precision, same.Recall, same.F1, same.Support);
        }
        Assert.Equal(original.MacroF1, reordered.MacroF1, 12);
        Assert.Equal(original.WeightedF1, reordered.WeightedF1, 12);
        Assert.Equal(original.Confusion[1, 2], reordered.Confusion[2, 0]);   // joy -> sadness
    }

    [Fact]
    public void Empty_input_is_refused_with_a_clear_message()
    {
        var e = Assert.Throws<ArgumentException>(() => ClassificationReport.Compute(Emotions, Array.Empty<int>(), Array.Empty<int>()));

        Assert.Equal("truth", e.ParamName);
        Assert.Contains("no samples", e.Message);
    }

    [Fact]
    public void Bad_arguments_name_the_argument_and_what_was_expected()
    {
        var lengths = Assert.Throws<ArgumentException>(() => ClassificationReport.Compute(Emotions, new[] { 0, 1 }, new[] { 0 }));
        Assert.Equal("predicted", lengths.ParamName);

        var range = Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationReport.Compute(Emotions, new[] { 0, 3 }, new[] { 0, 0 }));
        Assert.Equal("truth", range.ParamName);
        Assert.Contains("Sample 1 has class id 3", range.Message);

        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationReport.Compute(Emotions, new[] { 0 }, new[] { -1 }));
        Assert.Equal("predicted", negative.ParamName);

        var noClasses = Assert.Throws<ArgumentException>(() => ClassificationReport.Compute(Array.Empty<string>(), new[] { 0 }, new[] { 0 }));
        Assert.Equal("classNames", noClasses.ParamName);

        var twice = Assert.Throws<ArgumentException>(() => ClassificationReport.Compute(new[] { "joy", "joy" }, new[] { 0 }, new[] { 0 }));
        Assert.Contains("'joy' appears more than once", twice.Message);

        var shortRow = Assert.Throws<ArgumentException>(
            () => ClassificationReport.Compute(new[] { "a", "b" }, new[] { 0 }, new[] { 0 }, new[] { new[] { 1f } }));
        Assert.Equal("probabilities", shortRow.ParamName);

        var nan = Assert.Throws<ArgumentException>(
            () => ClassificationReport.Compute(new[] { "a", "b" }, new[] { 0 }, new[] { 0 }, new[] { new[] { float.NaN, 1f } }));
        Assert.Contains("non-finite", nan.Message);
    }

    [Fact]
    public void The_report_does_not_change_when_the_callers_class_list_changes()
    {
        var names = new[] { "a", "b" };
        var report = ClassificationReport.Compute(names, new[] { 0, 1 }, new[] { 0, 1 });

        names[0] = "changed";

        Assert.Equal("a", report.ClassNames[0]);
        Assert.Equal("a", report.Confusion.ClassNames[0]);
    }

    internal static void AssertClass(ClassMetrics metrics, double precision, double recall, double f1, int support)
    {
        Assert.Equal(precision, metrics.Precision, 12);
        Assert.Equal(recall, metrics.Recall, 12);
        Assert.Equal(f1, metrics.F1, 12);
        Assert.Equal(support, metrics.Support);
    }
}
