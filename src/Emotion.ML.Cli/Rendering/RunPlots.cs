using Emotion.ML.Evaluation;
using Emotion.ML.Plots;
using Emotion.ML.TorchSharp.Training;
using Spectre.Console;

namespace Emotion.ML.Cli.Rendering;

/// <summary>What <c>--plots dir</c> does for every command: record the run in the folder (history, report) and draw its figures there.</summary>
internal static class RunPlots
{
    /// <summary>Writes <paramref name="history"/> and <paramref name="report"/> (either may be null) to <paramref name="directory"/>, then its figures.</summary>
    public static void Write(string directory, TrainingHistory? history, ClassificationReport? report, string name)
    {
        RunDirectory.Write(directory, history, report);
        Draw(directory, directory, name);
    }

    /// <summary>Draws the figures of run directory <paramref name="directory"/> into <paramref name="output"/> and lists them.</summary>
    public static void Draw(string directory, string output, string? name = null)
    {
        var written = RunDirectory.Plot(directory, output, name);
        AnsiConsole.MarkupLine($"Plots ({written.Count}):");
        foreach (var file in written)
        {
            AnsiConsole.MarkupLine($"  [grey]{Markup.Escape(file)}[/]");
        }
    }
}
