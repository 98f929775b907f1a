using System.Text.Json;
using Emotion.ML.Evaluation;
using Emotion.ML.IO;
using Emotion.ML.TorchSharp.Training;
using Emotion.ML.TorchSharp.Tuning;

namespace Emotion.ML.Plots;

/// <summary>
/// A run directory: what a training, an evaluation, a comparison or a search leaves behind for
/// plotting. It holds any of <c>history.json</c> (<see cref="TrainingHistory.ToJson"/>),
/// <c>report.json</c> (<see cref="ClassificationReport.ToJson"/>), a search's <c>search.json</c>
/// and <c>trials/</c> (with its retrained <c>best/</c>, itself a run directory), and subfolders that
/// are run directories (one per model of a comparison). <see cref="Plot"/> draws every figure those
/// files allow.
/// </summary>
public static class RunDirectory
{
    /// <summary>The training history's file name.</summary>
    public const string HistoryFile = "history.json";

    /// <summary>The evaluation report's file name.</summary>
    public const string ReportFile = "report.json";

    /// <summary>Writes a run's history and report (either may be null) into <paramref name="directory"/>, creating it; each file atomically.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="history">The training history, or null.</param>
    /// <param name="report">The evaluation report, or null.</param>
    public static void Write(string directory, TrainingHistory? history, ClassificationReport? report)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        if (history is not null)
        {
            AtomicFile.WriteAllText(Path.Combine(directory, HistoryFile), history.ToJson());
        }

        if (report is not null)
        {
            AtomicFile.WriteAllText(Path.Combine(directory, ReportFile), report.ToJson());
        }
    }

    /// <summary>
    /// Draws every figure the run directory allows, as PNG files in <paramref name="outputDirectory"/>:
    /// <c>curves.png</c> from a history; <c>confusion.png</c> and <c>class-f1.png</c> from a report;
    /// <c>top-trials.png</c> from a search (its <c>best/</c> folder's figures under <c>best/</c>);
    /// for subfolders that are runs, <c>validation-accuracy.png</c> comparing them and each one's figures
    /// in a folder of the same name.
    /// </summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="outputDirectory">Where the PNG files go (created when needed); null for <paramref name="directory"/> itself.</param>
    /// <param name="name">What the run is, for titles; null for the folder's name.</param>
    /// <returns>The full paths written, in order.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder holds none of the files above, or one of them cannot be read; the message names the file.</exception>
    public static IReadOnlyList<string> Plot(string directory, string? outputDirectory = null, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"Run directory '{full}' does not exist.");
        }

        var output = Path.GetFullPath(outputDirectory ?? full);
        name ??= Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar));
        var written = new List<string>();
        var found = false;
        if (ReadHistory(full) is { } history)
        {
            found = true;
            Directory.CreateDirectory(output);
            written.Add(TrainingCurves.Save(history, Path.Combine(output, "curves.png"), name));
        }

        if (ReadReport(full) is { } report)
        {
            found = true;
            Directory.CreateDirectory(output);
            written.Add(ConfusionHeatmap.Save(report.Confusion, Path.Combine(output, "confusion.png"), $"{name}: confusion matrix"));
            written.Add(ClassF1Bars.Save(report, Path.Combine(output, "class-f1.png"), null));
        }

        if (File.Exists(Path.Combine(full, "search.json")))
        {
            found = true;
            var result = SearchResult.Load(full);
            if (result.Trials.Any(t => t.Runs.Count > 0))
            {
                Directory.CreateDirectory(output);
                written.Add(SearchPlots.SaveTopTrials(result, Path.Combine(output, "top-trials.png")));
            }

            var best = Path.Combine(full, "best");
            if (Directory.Exists(best) && IsRun(best))
            {
                written.AddRange(Plot(best, Path.Combine(output, "best"), $"{name} (best trial)"));
            }
        }

        var runs = Directory.GetDirectories(full).Order(StringComparer.Ordinal)
            .Where(d => Path.GetFileName(d) != "best" && Path.GetFileName(d) != "trials" && IsRun(d)).ToList();
        if (runs.Count > 0)
        {
            found = true;
            var histories = runs.Select(d => (Name: Path.GetFileName(d), History: ReadHistory(d))).Where(r => r.History is not null).ToList();
            if (histories.Any(r => r.History!.Epochs.Any(e => e.ValidationAccuracy is not null)))
            {
                Directory.CreateDirectory(output);
                written.Add(CurveComparison.Save(
                    histories.Select(r => KeyValuePair.Create(r.Name, r.History!)),
                    Path.Combine(output, "validation-accuracy.png"),
                    CurveMetric.ValidationAccuracy,
                    $"{name}: validation accuracy per epoch"));
            }

            foreach (var run in runs)
            {
                written.AddRange(Plot(run, Path.Combine(output, Path.GetFileName(run)), Path.GetFileName(run)));
            }
        }

        if (!found)
        {
            throw new InvalidDataException(
                $"'{full}' is not a run directory: it holds no {HistoryFile}, {ReportFile} or search.json, and no subfolder that does. " +
                "Run directories are written by emotion-ml train / evaluate / compare / sweep with --plots, or by RunDirectory.Write.");
        }

        return written;
    }

    /// <summary>Whether <paramref name="directory"/> holds a history, a report or a search.</summary>
    /// <param name="directory">A folder.</param>
    /// <returns>True for a run directory (not looking into subfolders).</returns>
    public static bool IsRun(string directory) =>
        File.Exists(Path.Combine(directory, HistoryFile)) || File.Exists(Path.Combine(directory, ReportFile)) || File.Exists(Path.Combine(directory, "search.json"));

    /// <summary>The history in <paramref name="directory"/>, or null when it has none.</summary>
    /// <param name="directory">A run directory.</param>
    /// <returns>The history.</returns>
    /// <exception cref="InvalidDataException">The file cannot be read; the message names it.</exception>
    public static TrainingHistory? ReadHistory(string directory) => Read(Path.Combine(directory, HistoryFile), TrainingHistory.FromJson);

    /// <summary>The report in <paramref name="directory"/>, or null when it has none.</summary>
    /// <param name="directory">A run directory.</param>
    /// <returns>The report.</returns>
    /// <exception cref="InvalidDataException">The file cannot be read; the message names it.</exception>
    public static ClassificationReport? ReadReport(string directory) => Read(Path.Combine(directory, ReportFile), ClassificationReport.FromJson);

    private static T? Read<T>(string file, Func<string, T> parse)
        where T : class
    {
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            return parse(File.ReadAllText(file));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException)
        {
            throw new InvalidDataException($"'{file}' cannot be read: {ex.Message}", ex);
        }
    }
}
