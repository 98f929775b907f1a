using BenchmarkDotNet.Running;

namespace Emotion.ML.Benchmarks;

/// <summary>Runs the BenchmarkDotNet suite: <c>./run.sh bench [filter] [--full]</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
