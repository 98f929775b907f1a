using System.Diagnostics;
using Emotion.ML.Cli.Rendering;
using Emotion.ML.Evaluation;
using Emotion.ML.TorchSharp.Trainers;
using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;
using Spectre.Console;

namespace Emotion.ML.Cli.Training;

/// <summary>The end of every <c>train</c> run: fit with live progress, print the history, save the archive, report on the test set.</summary>
internal static class TrainingRun
{
    /// <param name="ml">The context the pipeline was built in.</param>
    /// <param name="pipeline">The pipeline ending in a classifier trainer that uses <paramref name="options"/>.</param>
    /// <param name="options">The trainer's options; its progress is wired to the display.</param>
    /// <param name="train">Training data.</param>
    /// <param name="test">Test data, or null.</param>
    /// <param name="model">The model name, for messages.</param>
    /// <param name="outputPath">Where the archive goes.</param>
    /// <param name="testDescription">How the test set was given (a path or the held-out share).</param>
    /// <param name="rows">What a row is called in messages ("rows", "sequences").</param>
    /// <param name="plotsDirectory">Where to record the history (and test report) and draw their figures; null for none.</param>
    /// <returns>The exit code.</returns>
    public static int FitSaveAndReport(MLContext ml, IEstimator<ITransformer> pipeline, ClassifierTrainingOptions options, IDataView train, IDataView? test, string model, string outputPath, string testDescription, string rows, string? plotsDirectory = null)
    {
        var watch = Stopwatch.StartNew();
        var fitted = TrainingDisplay.Run(progress =>
        {
            options.Progress = progress;
            return pipeline.Fit(train);
        });
        AnsiConsole.MarkupLine($"Trained {Markup.Escape(model)} in {watch.Elapsed.TotalSeconds:F0} s.");
        var history = ((IEnumerable<ITransformer>)fitted).Select(History).OfType<TrainingHistory>().Single();
        TrainingDisplay.PrintHistory(history);
        ml.Model.SaveEmotionModel(fitted, train.Schema, outputPath);
        AnsiConsole.MarkupLine($"Saved the model to [green]{Markup.Escape(outputPath)}[/] ({new FileInfo(outputPath).Length / 1e6:F1} MB).");

        ClassificationReport? report = null;
        if (test is not null)
        {
            report = EmotionMetrics.From(fitted.Transform(test));
            AnsiConsole.MarkupLine($"[bold]Test set ({test.GetRowCount():N0} {rows}, {Markup.Escape(testDescription)})[/]");
            AnsiConsole.WriteLine(report.ToString());
        }

        if (plotsDirectory is not null)
        {
            RunPlots.Write(plotsDirectory, history, report, model);
        }

        return 0;
    }

    private static TrainingHistory? History(ITransformer step) => step switch
    {
        TextClassificationTransformer text => text.History,
        SequenceClassificationTransformer sequence => sequence.History,
        _ => null,
    };
}
