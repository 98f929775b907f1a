using Emotion.ML.TorchSharp.Training;
using Spectre.Console;

namespace Emotion.ML.Cli.Rendering;

/// <summary>
/// Shows training as it happens: a live progress bar (epoch, batch, loss, samples/s, time left)
/// on a terminal, plain per-epoch lines otherwise (Spectre.Console prints nothing for a progress
/// bar when the output is redirected), and the per-epoch table at the end.
/// </summary>
internal sealed class TrainingDisplay
{
    /// <summary>Runs <paramref name="train"/>, which reports through the <see cref="IProgress{T}"/> it is given.</summary>
    public static T Run<T>(Func<IProgress<TrainingProgress>, T> train)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            return train(new LineProgress());
        }

        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: 1);
                result = train(new BarProgress(task));
                task.Value = task.MaxValue;
                task.StopTask();
            });
        return result;
    }

    /// <summary>Prints one row per epoch, the kept epoch marked.</summary>
    public static void PrintHistory(TrainingHistory history)
    {
        var table = new Table().Title("Training history")
            .AddColumns("epoch", "train loss", "train acc", "val loss", "val acc", "val macro-F1", "seconds", "samples/s", "working set");
        foreach (var e in history.Epochs)
        {
            var mark = e.Epoch == history.BestEpoch ? "[green]*[/]" : "";
            table.AddRow($"{e.Epoch}{mark}", F(e.TrainLoss), F(e.TrainAccuracy), F(e.ValidationLoss), F(e.ValidationAccuracy), F(e.ValidationMacroF1), e.Seconds.ToString("F1"), e.SamplesPerSecond.ToString("N0"), $"{e.WorkingSetBytes / 1e6:N0} MB");
        }

        AnsiConsole.Write(table);
        var why = history.StopReason switch
        {
            StopReason.EarlyStopping => "early stopping",
            StopReason.Cancelled => "cancelled",
            StopReason.Converged => "convergence of the training loss",
            _ => "epoch limit",
        };
        AnsiConsole.MarkupLine($"Stopped by {why}; kept the weights of epoch {history.BestEpoch} (marked *).");
    }

    private static string F(double? value) => value is null ? "-" : value.Value.ToString("F4");

    private sealed class BarProgress(ProgressTask task) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            task.MaxValue = (double)p.MaxEpochs * p.BatchesPerEpoch;
            task.Value = ((p.Epoch - 1) * (double)p.BatchesPerEpoch) + p.Batch;
            task.Description = $"epoch {p.Epoch}/{p.MaxEpochs} batch {p.Batch}/{p.BatchesPerEpoch} loss {p.RunningLoss:F4} {p.SamplesPerSecond:N0}/s";
            if (p.CompletedEpoch is { } e)
            {
                AnsiConsole.MarkupLine(Markup.Escape(Describe(e)));
            }
        }
    }

    private sealed class LineProgress : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            if (p.CompletedEpoch is { } e)
            {
                Console.WriteLine(Describe(e));
            }
        }
    }

    private static string Describe(EpochRecord e) =>
        $"epoch {e.Epoch}: loss {e.TrainLoss:F4} acc {e.TrainAccuracy:F4}" +
        (e.ValidationLoss is null ? "" : $" | val loss {e.ValidationLoss:F4} acc {e.ValidationAccuracy:F4} macro-F1 {e.ValidationMacroF1:F4}") +
        $" | {e.Seconds:F1} s, {e.SamplesPerSecond:N0} samples/s";
}
