using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Emotion.ML.Text;

namespace Emotion.ML.Benchmarks.Text;

/// <summary>
/// Single-thread throughput of <see cref="EmotionTextNormalizer"/> over the CARER training split
/// (16,000 tweets). Each operation is one sentence, so the Sentences/s column is 1 / Mean.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class NormalizerBenchmarks
{
    private const int Sentences = 16_000;

    private string[] _texts = Array.Empty<string>();
    private EmotionTextNormalizer _defaults = null!;
    private EmotionTextNormalizer _noLemmas = null!;
    private EmotionTextNormalizer _everything = null!;

    /// <summary>Reads the data and builds the normalizers (their embedded tables load here, not in the timing).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _texts = BenchmarkData.ReadTexts(BenchmarkData.CarerTrain);
        if (_texts.Length != Sentences)
        {
            throw new InvalidOperationException($"Expected {Sentences} CARER training rows, found {_texts.Length}.");
        }

        _defaults = EmotionTextNormalizer.Create();
        _noLemmas = EmotionTextNormalizer.Create(new EmotionTextNormalizerOptions { Lemmatize = false });
        _everything = EmotionTextNormalizer.Create(new EmotionTextNormalizerOptions
        {
            Urls = ReplacementMode.Placeholder,
            Mentions = ReplacementMode.Placeholder,
            Numbers = ReplacementMode.Placeholder,
            RemoveStopwords = true,
            EmphasisMarkers = true,
        });
        foreach (var normalizer in new[] { _defaults, _noLemmas, _everything })
        {
            normalizer.Normalize(_texts[0]);
        }
    }

    /// <summary>The default options.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Sentences)]
    public int Defaults() => Run(_defaults);

    /// <summary>The defaults without lemmatization.</summary>
    [Benchmark(OperationsPerInvoke = Sentences)]
    public int LemmatizationOff() => Run(_noLemmas);

    /// <summary>Every step on, placeholders and emphasis markers included.</summary>
    [Benchmark(OperationsPerInvoke = Sentences)]
    public int EverythingOn() => Run(_everything);

    private int Run(EmotionTextNormalizer normalizer)
    {
        var total = 0;
        foreach (var text in _texts)
        {
            total += normalizer.Normalize(text).Length;
        }

        return total;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new PerSecondColumn("Sentences/s", "Sentences normalized per second on one thread (1 / Mean)"));
    }
}
