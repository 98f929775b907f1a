using System.Globalization;
using System.Text;

namespace Emotion.ML.Evaluation;

/// <summary>Writes a <see cref="ClassificationReport"/> as the plain-text table people know from scikit-learn.</summary>
internal static class ClassificationReportText
{
    // scikit-learn pads every figure to 9 characters; keeping that makes the two reports line up in a diff.
    private const int CellWidth = 9;

    public static string Format(ClassificationReport report, int digits)
    {
        int nameWidth = Math.Max(report.ClassNames.Max(n => n.Length), Math.Max("weighted avg".Length, digits));
        var text = new StringBuilder();

        text.Append(Name("", nameWidth));
        foreach (var header in new[] { "precision", "recall", "f1-score", "support" })
            text.Append(' ').Append(header.PadLeft(CellWidth));
        text.Append("\n\n");

        foreach (var row in report.PerClass)
            AppendRow(text, row.Name, nameWidth, digits, row.Precision, row.Recall, row.F1, row.Support);
        text.Append('\n');

        text.Append(Name("accuracy", nameWidth))
            .Append(' ').Append(Blank()).Append(' ').Append(Blank())
            .Append(' ').Append(Number(report.Accuracy, digits))
            .Append(' ').Append(Count(report.Count)).Append('\n');
        AppendRow(text, "macro avg", nameWidth, digits, report.MacroPrecision, report.MacroRecall, report.MacroF1, report.Count);
        AppendRow(text, "weighted avg", nameWidth, digits, report.WeightedPrecision, report.WeightedRecall, report.WeightedF1, report.Count);

        if (report.LogLoss is double logLoss)
        {
            text.Append(Name("log-loss", nameWidth))
                .Append(' ').Append(Blank()).Append(' ').Append(Blank())
                .Append(' ').Append(Number(logLoss, digits)).Append('\n');
        }

        text.Append("\nConfusion matrix (rows: true class, columns: predicted class)\n");
        text.Append(report.Confusion.ToString());
        return text.ToString();
    }

    private static void AppendRow(
        StringBuilder text, string name, int nameWidth, int digits, double precision, double recall, double f1, int support)
    {
        text.Append(Name(name, nameWidth))
            .Append(' ').Append(Number(precision, digits))
            .Append(' ').Append(Number(recall, digits))
            .Append(' ').Append(Number(f1, digits))
            .Append(' ').Append(Count(support)).Append('\n');
    }

    private static string Name(string name, int width) => name.PadLeft(width) + " ";

    private static string Blank() => new(' ', CellWidth);

    private static string Number(double value, int digits) =>
        value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).PadLeft(CellWidth);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture).PadLeft(CellWidth);
}
