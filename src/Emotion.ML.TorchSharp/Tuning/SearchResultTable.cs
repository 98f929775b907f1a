using System.Globalization;
using System.Text;

namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>The rows and cells of a ranked <see cref="SearchResult"/>, as a text table and as CSV. The CLI renders the same cells.</summary>
internal static class SearchResultTable
{
    /// <summary>Header cells: rank, trial, each parameter, accuracy, macro-F1, loss, epochs (kept), seconds, status.</summary>
    public static IReadOnlyList<string> Header(SearchResult result) =>
        new[] { "rank", "trial" }.Concat(result.ParameterNames).Concat(new[] { "accuracy", "macro-F1", "loss", "epochs (kept)", "seconds", "status" }).ToArray();

    /// <summary>One row of cells per trial, in rank order; means with ± standard deviation when a trial has several runs.</summary>
    public static IEnumerable<IReadOnlyList<string>> Rows(SearchResult result)
    {
        var names = result.ParameterNames;
        for (var i = 0; i < result.Trials.Count; i++)
        {
            var t = result.Trials[i];
            var cells = new List<string> { (i + 1).ToString(CultureInfo.InvariantCulture), t.Number.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(names.Select(n => t.Parameters.Names.Contains(n) ? TrialParameters.Format(t.Parameters[n]) : ""));
            cells.Add(MeanStd(t.Accuracy, t.AccuracyStd, t.Runs.Count));
            cells.Add(MeanStd(t.MacroF1, t.MacroF1Std, t.Runs.Count));
            cells.Add(F(t.Loss));
            cells.Add(t.Runs.Count == 0 ? "-" : FormattableString.Invariant($"{t.Epochs:0.#} ({t.BestEpoch:0.#})"));
            cells.Add(t.Runs.Count == 0 ? "-" : t.Seconds.ToString("F0", CultureInfo.InvariantCulture));
            cells.Add(t.Status == TrialStatus.Failed ? $"failed: {t.Error}" : t.Status.ToString().ToLowerInvariant());
            yield return cells;
        }
    }

    public static string Text(SearchResult result)
    {
        var header = Header(result);
        var rows = Rows(result).ToList();
        var widths = header.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine(FormattableString.Invariant($"Trials ranked by validation {result.Metric}{(result.Cancelled ? " (search cancelled)" : "")}"));
        void Line(IReadOnlyList<string> cells) =>
            text.AppendLine(string.Join("  ", cells.Select((cell, c) => c == cells.Count - 1 ? cell : cell.PadLeft(widths[c]))).TrimEnd());
        Line(header);
        foreach (var row in rows)
        {
            Line(row);
        }

        return text.ToString();
    }

    public static string Csv(SearchResult result)
    {
        var names = result.ParameterNames;
        var text = new StringBuilder();
        var header = new[] { "rank", "trial", "status" }.Concat(names)
            .Concat(new[] { "accuracy", "accuracy_std", "macro_f1", "macro_f1_std", "loss", "best_epoch", "epochs", "seconds", "runs", "error" });
        text.Append(string.Join(",", header.Select(Quote))).Append("\r\n");
        for (var i = 0; i < result.Trials.Count; i++)
        {
            var t = result.Trials[i];
            var cells = new List<string> { (i + 1).ToString(CultureInfo.InvariantCulture), t.Number.ToString(CultureInfo.InvariantCulture), t.Status.ToString() };
            cells.AddRange(names.Select(n => t.Parameters.Names.Contains(n) ? t.Parameters[n]?.ToJsonString() ?? "null" : ""));
            cells.AddRange(new[] { t.Accuracy, t.AccuracyStd, t.MacroF1, t.MacroF1Std, t.Loss, t.BestEpoch, t.Epochs, t.Seconds }.Select(R));
            cells.Add(t.Runs.Count.ToString(CultureInfo.InvariantCulture));
            cells.Add(t.Error ?? "");
            text.Append(string.Join(",", cells.Select(Quote))).Append("\r\n");
        }

        return text.ToString();
    }

    private static string MeanStd(double mean, double std, int runs) =>
        runs <= 1 ? F(mean) : FormattableString.Invariant($"{F(mean)} ± {std:F4}");

    private static string F(double value) => double.IsFinite(value) ? value.ToString("F4", CultureInfo.InvariantCulture) : "-";

    private static string R(double value) => double.IsFinite(value) ? Math.Round(value, 6).ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Quote(string cell) =>
        cell.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
