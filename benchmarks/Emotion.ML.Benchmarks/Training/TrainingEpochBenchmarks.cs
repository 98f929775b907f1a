using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Emotion.ML.Embeddings;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Benchmarks.Training;

/// <summary>
/// One training epoch of each text network, side by side, on a fixed 4,000-sentence CARER slice
/// (normalized and tokenized once, cached): batch 128, Adam 1e-3, GloVe 100d fine-tuned, 2 threads.
/// One operation is one training sample, so Samples/s is 1 / Mean.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class TrainingEpochBenchmarks
{
    private const int Samples = 4_000;

    private MLContext _ml = null!;
    private IDataView _tokens = null!;
    private WordEmbeddings _glove = null!;

    /// <summary>The network trained.</summary>
    [Params("TextCnn", "Kim TextCnn", "Gru 1x128", "Lstm 1x128", "BiLstm 1x128", "BiLstm seed", "CnnBiLstm")]
    public string Network { get; set; } = "";

    /// <summary>Normalizes and tokenizes the slice once and loads GloVe.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _ml = new MLContext(seed: 1);
        var text = _ml.Data.LoadFromTextFile<Row>(BenchmarkData.CarerTrain, '\t', hasHeader: true, allowQuoting: false);
        var slice = _ml.Data.TakeRows(_ml.Data.ShuffleRows(text, seed: 1), Samples);
        var prepare = _ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(_ml.Transforms.Text.NormalizeEmotionText("Clean", "Text"))
            .Append(_ml.Transforms.Text.TokenizeToIds("Tokens", "Clean"))
            .Fit(slice);
        _tokens = _ml.Data.Cache(prepare.Transform(slice));
        _glove = WordEmbeddings.Load(BenchmarkData.Glove);
    }

    /// <summary>Trains one epoch (no validation) of the chosen network.</summary>
    [Benchmark(OperationsPerInvoke = Samples)]
    public object OneEpoch()
    {
        TextClassifierOptions options = Network switch
        {
            "TextCnn" => new TextCnnOptions(),
            "Kim TextCnn" => new TextCnnOptions { KernelSizes = new[] { 3, 4, 5 }, Filters = 100, ConvolutionBlocks = 1, Dropout = 0.5, DenseLayers = Array.Empty<DenseLayer>() },
            "Gru 1x128" => new GruOptions(),
            "Lstm 1x128" => new LstmOptions(),
            "BiLstm 1x128" => new BiLstmOptions { Units = new[] { 128 }, Pooling = SequencePooling.Max, DenseLayers = Array.Empty<DenseLayer>() },
            "CnnBiLstm" => new CnnBiLstmOptions(),
            _ => new BiLstmOptions(),
        };
        options.Embeddings = _glove;
        options.MaxEpochs = 1;
        options.ValidationFraction = 0;
        options.NumberOfThreads = 2;
        options.Seed = 1;
        var trainers = _ml.MulticlassClassification.Trainers;
        IEstimator<ITransformer> trainer = options switch
        {
            TextCnnOptions cnn => trainers.TextCnn(cnn),
            GruOptions gru => trainers.Gru(gru),
            LstmOptions lstm => trainers.Lstm(lstm),
            CnnBiLstmOptions hybrid => trainers.CnnBiLstm(hybrid),
            _ => trainers.BiLstm((BiLstmOptions)options),
        };
        return trainer.Fit(_tokens);
    }

    /// <summary>A CARER row.</summary>
    public sealed class Row
    {
        /// <summary>The sentence.</summary>
        [LoadColumn(0)]
        public string Text { get; set; } = "";

        /// <summary>The emotion.</summary>
        [LoadColumn(1)]
        public string Label { get; set; } = "";
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new PerSecondColumn("Samples/s", "Training samples per second over one epoch, 2 threads (1 / Mean)"));
    }
}
