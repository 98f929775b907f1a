using System.CommandLine;
using Emotion.ML.Cli.Commands;

namespace Emotion.ML.Cli;

/// <summary>The <c>emotion-ml</c> command line.</summary>
internal static class Program
{
    private static int Main(string[] args)
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
        };
        return root.Parse(args).Invoke();
    }
}
