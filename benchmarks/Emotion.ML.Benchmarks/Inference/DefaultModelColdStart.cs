using System.Diagnostics;
using Emotion.ML.Classification;
using Emotion.ML.Onnx;

namespace Emotion.ML.Benchmarks.Inference;

/// <summary>
/// The first load of the pretrained English model in a fresh process, which no in-process benchmark
/// can see: <c>dotnet run -c Release --project benchmarks/Emotion.ML.Benchmarks -- cold-start [runs]</c>
/// starts this program again <c>runs</c> times (default 10); each child times
/// <see cref="EmotionClassifier.LoadDefault"/> (assembly, resource, normalizer tables, ONNX Runtime
/// session) and its first prediction, and the parent prints every run and the median.
/// </summary>
internal static class DefaultModelColdStart
{
    public const string Command = "cold-start";
    private const string ChildCommand = "cold-start-child";

    /// <summary>Handles the two commands; false when <paramref name="args"/> is neither.</summary>
    public static bool TryRun(string[] args)
    {
        if (args.Length > 0 && args[0] == ChildCommand)
        {
            Child();
            return true;
        }

        if (args.Length == 0 || args[0] != Command)
        {
            return false;
        }

        var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
        var loads = new List<double>();
        var firsts = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            // Started as 'dotnet x.dll' or as the apphost: start the child the same way.
            var viaHost = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet";
            var start = new ProcessStartInfo(Environment.ProcessPath!, viaHost ? $"\"{typeof(DefaultModelColdStart).Assembly.Location}\" {ChildCommand}" : ChildCommand)
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            using var child = Process.Start(start)!;
            var line = child.StandardOutput.ReadToEnd().Trim();
            child.WaitForExit();
            var parts = line.Split(' ');
            loads.Add(double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
            firsts.Add(double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            Console.WriteLine($"run {i + 1}: load {parts[0]} ms, first prediction {parts[1]} ms");
        }

        Console.WriteLine($"median of {runs} fresh processes: load {Median(loads):F1} ms, first prediction {Median(firsts):F1} ms, load + first prediction {Median(loads.Zip(firsts, (a, b) => a + b).ToList()):F1} ms");
        return true;
    }

    private static void Child()
    {
        var watch = Stopwatch.StartNew();
        using var classifier = EmotionClassifier.LoadDefault(new EmotionClassifierOptions { Onnx = new OnnxClassifierOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = 2 } });
        var load = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        _ = classifier.Predict("I can't stop smiling, today was perfect!");
        var first = watch.Elapsed.TotalMilliseconds;
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{load:F1} {first:F1}"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
