using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Emotion.ML.Embeddings;
using Microsoft.ML;

namespace Emotion.ML.Benchmarks.Training;

/// <summary>
/// The classic ML.NET baselines trained on the slice <see cref="TrainingEpochBenchmarks"/> uses, from
/// raw text: ML.NET's <c>FeaturizeText</c> + <c>SdcaMaximumEntropy</c> (defaults) and pooled GloVe
/// (<c>NormalizeEmotionText</c>, <c>TokenizeToIds</c>, mean+max <c>ApplyEmbeddings</c>) + SDCA. One
/// operation is one training sample of a whole fit (SDCA runs to its own convergence, not one epoch;
/// the featurization is inside the timing, while the networks' epochs start from cached token ids).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class BaselineTrainingBenchmarks
{
    private MLContext _ml = null!;
    private IDataView _slice = null!;
    private WordEmbeddings _glove = null!;

    /// <summary>Caches the slice's text and loads GloVe.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _ml = new MLContext(seed: 1);
        _slice = TrainingEpochBenchmarks.Slice(_ml);
        _glove = WordEmbeddings.Load(BenchmarkData.Glove);
    }

    /// <summary>ML.NET FeaturizeText (word and character n-grams) + SdcaMaximumEntropy, from raw text.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = TrainingEpochBenchmarks.Samples)]
    public object FeaturizeTextSdca() => Baselines.FeaturizeTextSdca(_ml).Fit(_slice);

    /// <summary>Mean+max pooled GloVe 100d + SdcaMaximumEntropy, from raw text.</summary>
    [Benchmark(OperationsPerInvoke = TrainingEpochBenchmarks.Samples)]
    public object PooledGloveSdca() => Baselines.PooledGloveSdca(_ml, _glove).Fit(_slice);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new PerSecondColumn("Samples/s", "Training samples per second over a whole fit, 2 threads (1 / Mean)"));
    }
}
