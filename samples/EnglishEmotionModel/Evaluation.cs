using Emotion.ML.Classification;
using Emotion.ML.Evaluation;

namespace EnglishEmotionModel;

/// <summary>Scores a labelled set with the exported model and prints and records its report.</summary>
internal static class Evaluation
{
    /// <param name="name">The set's name in the output.</param>
    /// <param name="classifier">The exported model.</param>
    /// <param name="rows">The labelled rows.</param>
    /// <param name="results">Collects each set's metrics for metrics.json.</param>
    /// <param name="only">When given, the labels the set uses: accuracy over its rows, and macro-F1 over these labels only.</param>
    public static ClassificationReport Report(string name, EmotionClassifier classifier, List<Example> rows, Dictionary<string, object> results, IReadOnlyList<string>? only = null)
    {
        var index = classifier.Labels.Select((label, i) => (label, i)).ToDictionary(x => x.label, x => x.i);
        var predictions = classifier.PredictBatch(rows.Select(r => r.Text).ToArray());
        var report = ClassificationReport.Compute(
            classifier.Labels,
            rows.Select(r => index[r.Label]).ToArray(),
            predictions.Select(p => p.LabelIndex).ToArray(),
            predictions.Select(p => p.Scores.ToArray()).ToArray());
        var entry = new Dictionary<string, object>
        {
            ["count"] = report.Count,
            ["accuracy"] = Math.Round(report.Accuracy, 4),
            ["macroF1"] = Math.Round(report.MacroF1, 4),
            ["perClass"] = report.PerClass.ToDictionary(c => c.Name, c => new { precision = Math.Round(c.Precision, 4), recall = Math.Round(c.Recall, 4), f1 = Math.Round(c.F1, 4), support = c.Support }),
            ["confusion"] = report.Confusion.Counts,
        };
        Console.WriteLine($"\n== {name} ({rows.Count:N0} rows) ==");
        if (only is not null)
        {
            var f1 = report.PerClass.Where(c => only.Contains(c.Name)).Average(c => c.F1);
            entry["macroF1"] = Math.Round(f1, 4);
            entry["macroF1Over"] = only;
            Console.WriteLine($"accuracy {report.Accuracy:F4}, macro-F1 over {string.Join('/', only)} {f1:F4}");
        }

        Console.WriteLine(report);
        results[name] = entry;
        return report;
    }
}
