using Emotion.ML.TorchSharp.Tuning;
using Spectre.Console;

namespace Emotion.ML.Cli.Rendering;

/// <summary>
/// Shows a hyperparameter search as it runs: on a terminal a live bar for the whole search
/// (trial k of n, repeat, epoch, batch, loss) and one line per finished trial; otherwise plain lines
/// per epoch and per trial. Then the ranked table.
/// </summary>
internal static class SearchDisplay
{
    /// <summary>Runs <paramref name="search"/>, which reports through the progress it is given.</summary>
    public static SearchResult Run(Func<IProgress<SearchProgress>, SearchResult> search)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            return search(new LineProgress());
        }

        SearchResult result = null!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: 1);
                result = search(new BarProgress(task));
                task.Value = task.MaxValue;
                task.StopTask();
            });
        return result;
    }

    /// <summary>Prints the ranked table: every parameter, the validation figures, epochs and seconds.</summary>
    public static void PrintTable(SearchResult result, string title)
    {
        var table = new Table().Title(Markup.Escape(title));
        foreach (var column in result.TableColumns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)) { Alignment = column is "status" ? Justify.Left : Justify.Right });
        }

        var rank = 0;
        foreach (var row in result.TableRows)
        {
            var cells = row.Select(Markup.Escape).ToArray();
            if (rank++ == 0 && result.Trials[0].Status == TrialStatus.Completed)
            {
                cells = cells.Select(c => $"[green]{c}[/]").ToArray();
            }

            table.AddRow(cells);
        }

        AnsiConsole.Write(table);
    }

    private static string Describe(TrialResult t) =>
        t.Status == TrialStatus.Failed
            ? $"trial {t.Number}: failed: {t.Error}"
            : FormattableString.Invariant($"trial {t.Number}: {t.Parameters} | accuracy {t.Accuracy:F4} macro-F1 {t.MacroF1:F4} | {t.Epochs:0.#} epochs (kept {t.BestEpoch:0.#}), {t.Seconds:F0} s{(t.Status == TrialStatus.Pruned ? " | pruned" : "")}");

    private sealed class BarProgress(ProgressTask task) : IProgress<SearchProgress>
    {
        public void Report(SearchProgress p)
        {
            task.MaxValue = p.TrialCount * p.Repeats;
            if (p.Finished is { } finished)
            {
                task.Value = p.Trial * p.Repeats;
                AnsiConsole.MarkupLine(Markup.Escape((p.Resumed ? "(recorded) " : "") + Describe(finished)));
                return;
            }

            if (p.Training is { } t)
            {
                var done = ((p.Trial - 1) * p.Repeats) + (p.Repeat - 1);
                task.Value = done + ((((t.Epoch - 1) * (double)t.BatchesPerEpoch) + t.Batch) / ((double)t.MaxEpochs * t.BatchesPerEpoch));
                var repeat = p.Repeats > 1 ? $" run {p.Repeat}/{p.Repeats}" : "";
                task.Description = $"trial {p.Trial}/{p.TrialCount}{repeat} epoch {t.Epoch}/{t.MaxEpochs} batch {t.Batch}/{t.BatchesPerEpoch} loss {t.RunningLoss:F4}";
            }
        }
    }

    private sealed class LineProgress : IProgress<SearchProgress>
    {
        public void Report(SearchProgress p)
        {
            if (p.Finished is { } finished)
            {
                Console.WriteLine($"[{p.Trial}/{p.TrialCount}] " + (p.Resumed ? "(recorded) " : "") + Describe(finished));
            }
            else if (p.Training?.CompletedEpoch is { } e)
            {
                var repeat = p.Repeats > 1 ? $" run {p.Repeat}/{p.Repeats}" : "";
                Console.WriteLine(FormattableString.Invariant(
                    $"[{p.Trial}/{p.TrialCount}]{repeat} epoch {e.Epoch}: loss {e.TrainLoss:F4} acc {e.TrainAccuracy:F4} | val loss {e.ValidationLoss:F4} acc {e.ValidationAccuracy:F4} macro-F1 {e.ValidationMacroF1:F4} | {e.Seconds:F1} s"));
            }
        }
    }
}
