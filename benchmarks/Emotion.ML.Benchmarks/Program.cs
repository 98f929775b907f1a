using BenchmarkDotNet.Running;

namespace Emotion.ML.Benchmarks;

/// <summary>Runs the BenchmarkDotNet suite (<c>./run.sh bench [filter] [--full]</c>), or the pretrained model's cold start (<c>cold-start [runs]</c>).</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (!Inference.DefaultModelColdStart.TryRun(args))
        {
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        }
    }
}
