using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Emotion.ML.Embeddings;
using Microsoft.ML;

namespace Emotion.ML.Benchmarks.Training;

/// <summary>
/// One training epoch of each text network, side by side, on a fixed 4,000-sentence CARER slice
/// (normalized and tokenized once, cached): batch 128, Adam 1e-3, GloVe 100d fine-tuned, 2 threads.
/// One operation is one training sample, so Samples/s is 1 / Mean. The classic ML.NET baselines on
/// the same slice are in <see cref="BaselineTrainingBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class TrainingEpochBenchmarks
{
    /// <summary>The size of the training slice.</summary>
    public const int Samples = 4_000;

    private MLContext _ml = null!;
    private IDataView _tokens = null!;
    private WordEmbeddings _glove = null!;

    /// <summary>The networks trained (<see cref="BenchmarkNetworks.Names"/>).</summary>
    public static IEnumerable<string> Networks => BenchmarkNetworks.Names;

    /// <summary>The network trained.</summary>
    [ParamsSource(nameof(Networks))]
    public string Network { get; set; } = "";

    /// <summary>The fixed slice: the first <see cref="Samples"/> rows of CARER train shuffled with seed 1.</summary>
    public static IDataView Slice(MLContext ml)
    {
        var text = ml.Data.LoadFromTextFile<BenchmarkRow>(BenchmarkData.CarerTrain, '\t', hasHeader: true, allowQuoting: false);
        return ml.Data.Cache(ml.Data.TakeRows(ml.Data.ShuffleRows(text, seed: 1), Samples));
    }

    /// <summary>Normalizes and tokenizes the slice once and loads GloVe.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _ml = new MLContext(seed: 1);
        var slice = Slice(_ml);
        var prepare = _ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(_ml.Transforms.Text.NormalizeEmotionText("Clean", "Text"))
            .Append(_ml.Transforms.Text.TokenizeToIds("Tokens", "Clean"))
            .Fit(slice);
        _tokens = _ml.Data.Cache(prepare.Transform(slice));
        _glove = WordEmbeddings.Load(BenchmarkData.Glove);
    }

    /// <summary>Trains one epoch (no validation) of the chosen network.</summary>
    [Benchmark(OperationsPerInvoke = Samples)]
    public object OneEpoch() => BenchmarkNetworks.Trainer(_ml, Network, _glove, epochs: 1).Fit(_tokens);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new PerSecondColumn("Samples/s", "Training samples per second over one epoch, 2 threads (1 / Mean)"));
    }
}
