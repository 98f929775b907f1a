using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emotion.ML.IO;
using Emotion.ML.TorchSharp.Training;

namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>
/// The folder a search records itself in: <c>search.json</c> (what is searched and how),
/// <c>trials/trial-NNNN.json</c> (one finished trial each, written atomically), and the ranked
/// <c>results.csv</c> / <c>results.json</c>. Reopening the folder for the same search gives back the
/// finished trials; a different search is refused rather than mixed in.
/// </summary>
internal sealed class SearchRunDirectory
{
    public const string SearchFile = "search.json";
    public const string TrialsFolder = "trials";
    public const string ResultsCsv = "results.csv";
    public const string ResultsJson = "results.json";
    private const int Format = 1;

    private SearchRunDirectory(string path) => Path = path;

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>Opens (creating when needed) the folder for a search described by <paramref name="search"/>.</summary>
    /// <exception cref="InvalidOperationException">The folder records a different search; the message names the differing setting.</exception>
    public static SearchRunDirectory Open(string path, JsonObject search)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.Combine(full, TrialsFolder));
        var file = System.IO.Path.Combine(full, SearchFile);
        search["format"] = Format;
        if (File.Exists(file))
        {
            var recorded = ReadObject(file);
            foreach (var (key, value) in search)
            {
                var before = recorded[key]?.ToJsonString() ?? "null";
                var now = value?.ToJsonString() ?? "null";
                if (before != now)
                {
                    throw new InvalidOperationException(
                        $"Run directory '{full}' records a different search: its {SearchFile} has {key} = {before}, this search has {now}. " +
                        "Resume with the same search, or give another directory.");
                }
            }
        }
        else
        {
            AtomicFile.WriteAllText(file, search.ToJsonString(Indented));
        }

        return new SearchRunDirectory(full);
    }

    /// <summary>The recorded trial <paramref name="number"/>, or null when it has not finished.</summary>
    /// <exception cref="InvalidOperationException">The recorded trial set other option values than <paramref name="parameters"/>.</exception>
    public TrialResult? TryLoad(int number, TrialParameters parameters)
    {
        var file = TrialFile(number);
        if (!File.Exists(file))
        {
            return null;
        }

        var trial = ReadTrial(file);
        if (trial.Parameters.Key != parameters.Key)
        {
            throw new InvalidOperationException(
                $"Run directory '{Path}': {file} records trial {number} with {trial.Parameters}, but this search plans {parameters} for it. " +
                "Resume with the same search space and settings, or give another directory.");
        }

        return trial;
    }

    /// <summary>Records a finished trial, atomically.</summary>
    public void Save(TrialResult trial) => AtomicFile.WriteAllText(TrialFile(trial.Number), WriteTrial(trial));

    /// <summary>Writes the ranked table as CSV and JSON, atomically.</summary>
    public void WriteResults(SearchResult result)
    {
        AtomicFile.WriteAllText(System.IO.Path.Combine(Path, ResultsCsv), result.ToCsv());
        AtomicFile.WriteAllText(System.IO.Path.Combine(Path, ResultsJson), result.ToJson());
    }

    /// <summary>Reads every recorded trial of the folder, ranked by the metric in its <c>search.json</c>.</summary>
    public static SearchResult Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"Search run directory '{full}' does not exist.");
        }

        var file = System.IO.Path.Combine(full, SearchFile);
        if (!File.Exists(file))
        {
            throw new InvalidDataException($"'{full}' is not a search run directory: it has no {SearchFile} (written by a hyperparameter search with a RunDirectory, or 'emotion-ml sweep --out').");
        }

        var search = ReadObject(file);
        var metricText = search["metric"] is JsonValue m && m.GetValueKind() == JsonValueKind.String ? m.GetValue<string>() : null;
        if (!Enum.TryParse<SearchMetric>(metricText, ignoreCase: true, out var metric))
        {
            throw new InvalidDataException($"{file}: $.metric is {search["metric"]?.ToJsonString() ?? "missing"}; expected one of {string.Join(", ", Enum.GetNames<SearchMetric>())}.");
        }

        var trialsFolder = System.IO.Path.Combine(full, TrialsFolder);
        var trials = Directory.Exists(trialsFolder)
            ? Directory.GetFiles(trialsFolder, "trial-*.json").Order(StringComparer.Ordinal).Select(ReadTrial).ToList()
            : new List<TrialResult>();
        return new SearchResult(trials, metric);
    }

    public static string WriteTrial(TrialResult trial)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("trial", trial.Number);
            json.WriteString("status", trial.Status.ToString());
            json.WritePropertyName("parameters");
            trial.Parameters.ToJson().WriteTo(json);
            if (trial.Error is null)
            {
                json.WriteNull("error");
            }
            else
            {
                json.WriteString("error", trial.Error);
            }

            json.WriteStartArray("runs");
            foreach (var run in trial.Runs)
            {
                json.WriteStartObject();
                json.WriteNumber("seed", run.Seed);
                json.WriteNumber("accuracy", run.Accuracy);
                json.WriteNumber("macroF1", run.MacroF1);
                json.WriteNumber("loss", run.Loss);
                json.WriteNumber("seconds", run.Seconds);
                json.WriteBoolean("pruned", run.Pruned);
                json.WritePropertyName("history");
                TrainingHistoryJson.Write(json, run.History);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static TrialResult ReadTrial(string file)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var root = document.RootElement;
            var number = root.GetProperty("trial").GetInt32();
            var status = Enum.Parse<TrialStatus>(root.GetProperty("status").GetString()!, ignoreCase: true);
            var parameters = TrialParameters.FromJson(JsonNode.Parse(root.GetProperty("parameters").GetRawText())!.AsObject());
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var runs = new List<TrialRun>();
            var index = 0;
            foreach (var run in root.GetProperty("runs").EnumerateArray())
            {
                runs.Add(new TrialRun(
                    run.GetProperty("seed").GetInt32(),
                    run.GetProperty("accuracy").GetDouble(),
                    run.GetProperty("macroF1").GetDouble(),
                    run.GetProperty("loss").GetDouble(),
                    run.GetProperty("seconds").GetDouble(),
                    run.GetProperty("pruned").GetBoolean(),
                    TrainingHistoryJson.Read(run.GetProperty("history"), $"$.runs[{index++}].history")));
            }

            return new TrialResult(number, parameters, status, runs, error);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new InvalidDataException($"Trial file '{file}' cannot be read: {ex.Message} Delete it to run the trial again.", ex);
        }
    }

    private string TrialFile(int number) =>
        System.IO.Path.Combine(Path, TrialsFolder, "trial-" + number.ToString("D4", CultureInfo.InvariantCulture) + ".json");

    private static JsonObject ReadObject(string file)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(file)) as JsonObject ?? throw new JsonException("the file does not hold a JSON object");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"'{file}' cannot be read: {ex.Message}", ex);
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
