using Emotion.ML.Evaluation;

namespace Emotion.ML.Tests.Evaluation;

public class ClassificationReportTextTests
{
    [Fact]
    public void ToString_reads_like_scikit_learns_classification_report()
    {
        string text = ClassificationReportTests.HandExample().ToString();

        // Same layout as scikit-learn's classification_report(digits=4) for these samples.
        string expected = string.Join('\n',
            "              precision    recall  f1-score   support",
            "",
            "       anger     0.7500    0.7500    0.7500         4",
            "         joy     0.6667    0.5000    0.5714         4",
            "     sadness     0.6667    1.0000    0.8000         2",
            "",
            "    accuracy                         0.7000        10",
            "   macro avg     0.6944    0.7500    0.7071        10",
            "weighted avg     0.7000    0.7000    0.6886        10",
            "");
        Assert.StartsWith(expected, text);
    }

    [Fact]
    public void ToString_ends_with_the_confusion_matrix_labelled_with_class_names()
    {
        string text = ClassificationReportTests.HandExample().ToString();

        string expected = string.Join('\n',
            "Confusion matrix (rows: true class, columns: predicted class)",
            "true \\ predicted    anger      joy  sadness",
            "           anger        3        1        0",
            "             joy        1        2        1",
            "         sadness        0        0        2",
            "");
        Assert.EndsWith(expected, text);
    }

    [Fact]
    public void ToString_shows_the_log_loss_when_probabilities_were_given()
    {
        var report = ClassificationReport.Compute(
            new[] { "a", "b" }, new[] { 0, 1 }, new[] { 0, 0 }, new[] { new[] { 0.5f, 0.5f }, new[] { 0.75f, 0.25f } });

        // (ln 2 + ln 4) / 2 = 1.0397...
        Assert.Contains("    log-loss                         1.0397\n", report.ToString());
        Assert.DoesNotContain("log-loss", ClassificationReportTests.HandExample().ToString());
    }

    [Fact]
    public void ToString_with_digits_changes_the_decimals()
    {
        string text = ClassificationReportTests.HandExample().ToString(digits: 2);

        Assert.Contains("         joy       0.67      0.50      0.57         4\n", text);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationReportTests.HandExample().ToString(digits: 11));
    }

    [Fact]
    public void Long_class_names_widen_the_name_column()
    {
        var report = ClassificationReport.Compute(new[] { "disappointment", "joy" }, new[] { 0, 1 }, new[] { 0, 1 });

        string text = report.ToString();

        Assert.Contains("disappointment     1.0000    1.0000    1.0000         1\n", text);
        Assert.Contains("           joy     1.0000    1.0000    1.0000         1\n", text);
    }

    [Fact]
    public void ConfusionMatrix_ToString_is_a_grid_with_class_names()
    {
        var confusion = ClassificationReport.Compute(new[] { "joy", "fear" }, new[] { 0, 0, 1 }, new[] { 0, 1, 1 }).Confusion;

        Assert.Equal(
            "true \\ predicted   joy  fear\n" +
            "             joy     1     1\n" +
            "            fear     0     1\n",
            confusion.ToString());
    }

    [Fact]
    public void ClassMetrics_ToString_summarises_one_class()
    {
        var joy = ClassificationReportTests.HandExample().PerClass[1];

        Assert.Equal("joy: P=0.6667 R=0.5000 F1=0.5714 n=4", joy.ToString());
    }
}
