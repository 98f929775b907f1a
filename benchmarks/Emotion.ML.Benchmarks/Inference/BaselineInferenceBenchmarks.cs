using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Emotion.ML.Embeddings;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Benchmarks.Inference;

/// <summary>
/// The classic ML.NET baselines scoring the sentences <see cref="InferenceBenchmarks"/> scores, end
/// to end from raw text, trained on the same 2,000 rows: ML.NET's <c>FeaturizeText</c> + SDCA and
/// pooled GloVe + SDCA. Batches through <c>Transform</c>, and one sentence through a
/// <c>PredictionEngine</c>. One operation is one sentence.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class BaselineInferenceBenchmarks
{
    private string[] _texts = null!;
    private IDataView _input = null!;
    private ITransformer _model = null!;
    private PredictionEngine<BenchmarkRow, Prediction> _engine = null!;

    /// <summary>The baseline pipeline scored.</summary>
    [Params("FeaturizeText + SDCA", "pooled GloVe + SDCA")]
    public string Pipeline { get; set; } = "";

    /// <summary>Fits the baseline and prepares the inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var ml = new MLContext(seed: 1);
        var estimator = Pipeline == "FeaturizeText + SDCA"
            ? Baselines.FeaturizeTextSdca(ml)
            : Baselines.PooledGloveSdca(ml, WordEmbeddings.Load(BenchmarkData.Glove));
        _model = estimator.Fit(InferenceBenchmarks.TrainingSlice(ml));
        _texts = InferenceBenchmarks.TestTexts();
        _input = ml.Data.LoadFromEnumerable(_texts.Select(t => new BenchmarkRow { Text = t, Label = "joy" }));
        _engine = ml.Model.CreatePredictionEngine<BenchmarkRow, Prediction>(_model);
    }

    /// <summary>All sentences through ML.NET's <c>Transform</c>, end to end from text.</summary>
    [Benchmark(OperationsPerInvoke = InferenceBenchmarks.Sentences)]
    public int TextBatches() => _model.Transform(_input).GetColumn<uint>("PredictedLabel").Count();

    /// <summary>One sentence through a <c>PredictionEngine</c> (the latency of a single prediction).</summary>
    [Benchmark]
    public uint SingleSentence() => _engine.Predict(new BenchmarkRow { Text = _texts[17] }).PredictedLabel;

    /// <summary>The predicted class key.</summary>
    public sealed class Prediction
    {
        /// <summary>The predicted class (a key).</summary>
        public uint PredictedLabel { get; set; }
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new PerSecondColumn("Sentences/s", "Sentences scored per second (1 / Mean)"));
    }
}
