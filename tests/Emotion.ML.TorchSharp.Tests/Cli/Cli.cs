namespace Emotion.ML.TorchSharp.Tests.Cli;

/// <summary>Runs the emotion-ml command line in process, capturing what it writes.</summary>
internal static class Cli
{
    public static (int Code, string Output, string Errors) Run(params string[] args)
    {
        var (output, error) = (Console.Out, Console.Error);
        using var captured = new StringWriter();
        using var errors = new StringWriter();
        Console.SetOut(captured);
        Console.SetError(errors);
        // Spectre.Console keeps the writer it first saw; point it at this run's capture.
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(captured) });
        try
        {
            return (Emotion.ML.Cli.Program.Main(args), captured.ToString(), errors.ToString());
        }
        finally
        {
            Console.SetOut(output);
            Console.SetError(error);
        }
    }
}
