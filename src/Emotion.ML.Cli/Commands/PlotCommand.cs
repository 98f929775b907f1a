using System.CommandLine;
using Emotion.ML.Cli.Data;
using Emotion.ML.Cli.Rendering;
using Emotion.ML.Plots;
using Spectre.Console;

namespace Emotion.ML.Cli.Commands;

/// <summary>
/// <c>emotion-ml plot</c>: the figures of run directories (training curves, confusion heatmaps,
/// per-class F1, a search's top trials, several runs compared) or a dataset's text lengths.
/// </summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var runs = new Option<DirectoryInfo[]>("--run")
        {
            Description = "A run directory (written by train / evaluate / compare / sweep with --plots, or sweep --out): history.json, report.json, search.json. Repeat to compare several runs' validation accuracy.",
            AllowMultipleArgumentsPerToken = true,
        };
        var data = new Option<FileInfo?>("--data") { Description = "A TSV or CSV dataset: plot the number of tokens per text." };
        var textColumn = new Option<string>("--text-column") { Description = "Text column name (with --data).", DefaultValueFactory = _ => "text" };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Where the PNG files go (default: the run directory; needed with several runs or --data)." };
        var command = new Command("plot", "Draw PNG figures from run directories or a dataset.") { runs, data, textColumn, output };
        command.SetAction(result => Run(
            result.GetValue(runs)?.Select(d => d.FullName).ToArray() ?? Array.Empty<string>(),
            result.GetValue(data)?.FullName,
            result.GetValue(textColumn)!,
            result.GetValue(output)?.FullName));
        return command;
    }

    private static int Run(string[] runs, string? dataPath, string textColumn, string? output)
    {
        if (runs.Length == 0 && dataPath is null)
        {
            throw new ArgumentException("plot needs --run <directory> (one or more) or --data <file>.");
        }

        if (output is null && (runs.Length > 1 || dataPath is not null))
        {
            throw new ArgumentException("plot needs --out <directory> with several --run directories or with --data.");
        }

        if (dataPath is not null)
        {
            Directory.CreateDirectory(output!);
            var rows = LabelledTextFile.Read(dataPath, textColumn, null);
            var file = TextLengthHistogram.Save(rows.Select(r => r.Text), Path.Combine(output!, Path.GetFileNameWithoutExtension(dataPath) + "-lengths.png"), Path.GetFileName(dataPath));
            AnsiConsole.MarkupLine($"Text lengths of {rows.Count:N0} rows: [grey]{Markup.Escape(file)}[/]");
        }

        if (runs.Length == 1)
        {
            RunPlots.Draw(runs[0], output ?? runs[0]);
        }
        else if (runs.Length > 1)
        {
            var names = runs.Select(r => Path.GetFileName(r.TrimEnd(Path.DirectorySeparatorChar))).ToArray();
            if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            {
                throw new ArgumentException($"The --run directories must have distinct names to label them: {string.Join(", ", names)}.");
            }

            var histories = runs.Select((r, i) => (Name: names[i], History: RunDirectory.ReadHistory(r))).Where(x => x.History is not null).ToList();
            if (histories.Count > 0)
            {
                Directory.CreateDirectory(output!);
                var file = CurveComparison.Save(histories.Select(x => KeyValuePair.Create(x.Name, x.History!)), Path.Combine(output!, "validation-accuracy.png"));
                AnsiConsole.MarkupLine($"Validation accuracy of {histories.Count} runs: [grey]{Markup.Escape(file)}[/]");
            }

            for (var i = 0; i < runs.Length; i++)
            {
                RunPlots.Draw(runs[i], Path.Combine(output!, names[i]), names[i]);
            }
        }

        return 0;
    }
}
