using System.CommandLine;
using Emotion.ML.Cli.Commands;

namespace Emotion.ML.Cli;

/// <summary>The <c>emotion-ml</c> command line.</summary>
internal static class Program
{
    internal static int Main(string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            // Spectre assumes 80 columns when it cannot see a terminal; tables are wider.
            Spectre.Console.AnsiConsole.Profile.Width = 160;
        }

        var root = new RootCommand("emotion-ml: train, evaluate and use emotion and text classifiers built on ML.NET.")
        {
            DemoCommand.Create(),
            TrainCommand.Create(),
            EvaluateCommand.Create(),
            PredictCommand.Create(),
            ExportOnnxCommand.Create(),
            CompareCommand.Create(),
            SweepCommand.Create(),
            PlotCommand.Create(),
        };
        // Ctrl+C cancels training after the current batch; the best model is then saved, which needs
        // more than System.CommandLine's default two seconds before it ends the process.
        var configuration = new InvocationConfiguration
        {
            ProcessTerminationTimeout = TimeSpan.FromSeconds(60),
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return root.Parse(args).Invoke(configuration);
        }
        catch (Exception ex) when (ex is FormatException or IOException or InvalidDataException or ArgumentException or InvalidOperationException or NotSupportedException or UnauthorizedAccessException)
        {
            // Bad input is the user's to fix: say what and where, without a stack trace.
            Console.Error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }
}
