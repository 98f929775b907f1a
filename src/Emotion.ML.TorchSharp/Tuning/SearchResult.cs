using System.Text.Json;
using System.Text.Json.Nodes;

namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>
/// The trials of a hyperparameter search ranked by the search metric: completed trials best first,
/// then pruned ones, then failed ones. Prints as a table (<see cref="ToString()"/>), and writes the
/// same as CSV and JSON. Immutable.
/// </summary>
public sealed class SearchResult
{
    /// <summary>Ranks <paramref name="trials"/> by <paramref name="metric"/>.</summary>
    /// <param name="trials">The trials, in any order.</param>
    /// <param name="metric">The ranking metric.</param>
    /// <param name="cancelled">Whether the search was stopped before its last trial.</param>
    public SearchResult(IEnumerable<TrialResult> trials, SearchMetric metric, bool cancelled = false)
    {
        ArgumentNullException.ThrowIfNull(trials);
        Metric = metric;
        Cancelled = cancelled;
        var sign = metric == SearchMetric.Loss ? 1 : -1;
        Trials = trials
            .OrderBy(t => t.Status)
            .ThenBy(t => t.Status == TrialStatus.Failed ? 0 : sign * t.Score(metric))
            .ThenBy(t => t.Number)
            .ToArray();
    }

    /// <summary>The ranking metric.</summary>
    public SearchMetric Metric { get; }

    /// <summary>The trials, best first.</summary>
    public IReadOnlyList<TrialResult> Trials { get; }

    /// <summary>Whether the search was stopped before its last trial.</summary>
    public bool Cancelled { get; }

    /// <summary>The best completed trial, or null when none completed.</summary>
    public TrialResult? Best => Trials.FirstOrDefault(t => t.Status == TrialStatus.Completed);

    /// <summary>The names of the searched options, in the order of the first trial's parameters.</summary>
    public IReadOnlyList<string> ParameterNames => Trials.SelectMany(t => t.Parameters.Names).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The column headers of the ranked table as <see cref="ToString()"/> prints it: rank, trial, every parameter, accuracy, macro-F1, loss, epochs (kept), seconds, status.</summary>
    public IReadOnlyList<string> TableColumns => SearchResultTable.Header(this);

    /// <summary>The cells of the ranked table, one row per trial best first, formatted as <see cref="ToString()"/> prints them (means with ± standard deviation for repeated trials).</summary>
    public IReadOnlyList<IReadOnlyList<string>> TableRows => SearchResultTable.Rows(this).ToArray();

    /// <summary>Reads the trials a search recorded in its run directory (see <see cref="HyperparameterSearchOptions.RunDirectory"/>).</summary>
    /// <param name="runDirectory">The folder.</param>
    /// <returns>The ranked trials, with the metric the search used.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder is not a search run directory or a file in it is unreadable; the message names the file.</exception>
    public static SearchResult Load(string runDirectory) => SearchRunDirectory.Load(runDirectory);

    /// <summary>The ranked table as text: rank, trial, every parameter, accuracy, macro-F1, loss, epochs (kept), seconds, status.</summary>
    /// <returns>The table.</returns>
    public override string ToString() => SearchResultTable.Text(this);

    /// <summary>The ranked table as CSV (RFC 4180): a header, then one row per trial; parameter values as compact JSON.</summary>
    /// <returns>The CSV text.</returns>
    public string ToCsv() => SearchResultTable.Csv(this);

    /// <summary>The ranked table as JSON: <c>metric</c>, <c>cancelled</c> and <c>trials</c>, each with <c>rank</c>, <c>trial</c>, <c>status</c>, <c>parameters</c>, means and standard deviations, epochs and seconds.</summary>
    /// <param name="indented">Whether to indent the JSON.</param>
    /// <returns>The JSON text.</returns>
    public string ToJson(bool indented = true)
    {
        var trials = new JsonArray();
        for (var i = 0; i < Trials.Count; i++)
        {
            var t = Trials[i];
            trials.Add(new JsonObject
            {
                ["rank"] = i + 1,
                ["trial"] = t.Number,
                ["status"] = t.Status.ToString(),
                ["parameters"] = t.Parameters.ToJson(),
                ["accuracy"] = Number(t.Accuracy),
                ["accuracyStd"] = Number(t.AccuracyStd),
                ["macroF1"] = Number(t.MacroF1),
                ["macroF1Std"] = Number(t.MacroF1Std),
                ["loss"] = Number(t.Loss),
                ["bestEpoch"] = Number(t.BestEpoch),
                ["epochs"] = Number(t.Epochs),
                ["seconds"] = Number(t.Seconds),
                ["runs"] = t.Runs.Count,
                ["error"] = t.Error,
            });
        }

        var json = new JsonObject { ["metric"] = Metric.ToString(), ["cancelled"] = Cancelled, ["trials"] = trials };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = indented });
    }

    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 6)) : null;
}
