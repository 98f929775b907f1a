using System.CommandLine;
using Emotion.ML.Cli.Commands;

namespace Emotion.ML.Cli;

/// <summary>The <c>emotion-ml</c> command line.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("emotion-ml: train, evaluate and use emotion and text classifiers built on ML.NET.")
        {
            DemoCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
