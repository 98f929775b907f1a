using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Emotion.ML.Embeddings;
using Emotion.ML.Onnx;
using Emotion.ML.TorchSharp.Onnx;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Benchmarks.Inference;

/// <summary>
/// Scoring CARER test sentences with each network, side by side in one run: ONNX Runtime through
/// <see cref="OnnxTextClassifier"/> (end to end from text, and the network alone on token ids),
/// TorchSharp (batched network, one sentence, and ML.NET's row-by-row <c>Transform</c> end to end).
/// The classic ML.NET baselines are in <see cref="BaselineInferenceBenchmarks"/>. 2 threads
/// everywhere; one operation is one sentence.
/// </summary>
/// <remarks>
/// The networks are trained for one epoch on 2,000 sentences: scoring speed depends on the shape
/// of a network, not on how well it is trained.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class InferenceBenchmarks
{
    /// <summary>The number of test sentences scored per batched operation.</summary>
    public const int Sentences = 2_000;

    /// <summary>The training rows of the briefly trained networks and baselines.</summary>
    public const int TrainingRows = 2_000;

    private const int RowByRowSentences = 200;
    private const int BatchSize = 256;

    private MLContext _ml = null!;
    private string[] _texts = null!;
    private int[][] _ids = null!;
    private ITransformer _pipeline = null!;
    private TextClassificationTransformer _network = null!;
    private OnnxTextClassifier _onnx = null!;
    private IDataView _rowByRow = null!;

    /// <summary>The networks scored (<see cref="BenchmarkNetworks.Names"/>).</summary>
    public static IEnumerable<string> Networks => BenchmarkNetworks.Names;

    /// <summary>The network scored.</summary>
    [ParamsSource(nameof(Networks))]
    public string Network { get; set; } = "";

    /// <summary>The first <see cref="TrainingRows"/> rows of CARER train.</summary>
    public static IDataView TrainingSlice(MLContext ml) =>
        ml.Data.TakeRows(ml.Data.LoadFromTextFile<BenchmarkRow>(BenchmarkData.CarerTrain, '\t', hasHeader: true, allowQuoting: false), TrainingRows);

    /// <summary>The first <see cref="Sentences"/> CARER test sentences.</summary>
    public static string[] TestTexts() => BenchmarkData.ReadTexts(BenchmarkData.CarerTest).Take(Sentences).ToArray();

    /// <summary>Trains the network briefly, exports it to ONNX and prepares the inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _ml = new MLContext(seed: 1);
        var train = TrainingSlice(_ml);
        var glove = WordEmbeddings.Load(BenchmarkData.Glove);
        _pipeline = _ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(_ml.Transforms.Text.NormalizeEmotionText("Clean", "Text"))
            .Append(_ml.Transforms.Text.TokenizeToIds("Tokens", "Clean"))
            .Append(BenchmarkNetworks.Trainer(_ml, Network, glove, epochs: 1))
            .Fit(train);
        _network = ((IEnumerable<ITransformer>)_pipeline).OfType<TextClassificationTransformer>().Single();

        using var model = new MemoryStream();
        _pipeline.ExportToOnnx(model);
        _onnx = OnnxTextClassifier.Load(model.ToArray(), new OnnxClassifierOptions { IntraOpNumThreads = 2, ExecutionProvider = OnnxExecutionProvider.Cpu });
        Console.WriteLine($"// {Network}: ONNX file {model.Length / 1e6:F2} MB, {_network.ParameterCount:N0} parameters");

        _texts = TestTexts();
        _ids = _texts.Select(_onnx.Tokenize).ToArray();
        _rowByRow = _ml.Data.LoadFromEnumerable(_texts.Take(RowByRowSentences).Select(t => new BenchmarkRow { Text = t, Label = "joy" }));
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    [GlobalCleanup]
    public void Cleanup() => _onnx.Dispose();

    /// <summary>ONNX Runtime, end to end from raw text (normalize, tokenize, network), all sentences in one call (runs of 128 similar lengths).</summary>
    [Benchmark(OperationsPerInvoke = Sentences)]
    public int OnnxTextBatches() => _onnx.PredictBatch(_texts).Count;

    /// <summary>ONNX Runtime, end to end from raw text, streamed 256 sentences at a time in arrival order.</summary>
    [Benchmark(OperationsPerInvoke = Sentences)]
    public int OnnxTextStream()
    {
        var count = 0;
        foreach (var prediction in _onnx.Predict(_texts, BatchSize))
        {
            count += prediction.LabelIndex;
        }

        return count;
    }

    /// <summary>ONNX Runtime, the network alone on token ids, all sentences in one call (runs of 128 similar lengths).</summary>
    [Benchmark(OperationsPerInvoke = Sentences)]
    public int OnnxNetworkBatches() => _onnx.PredictIds(_ids).Length;

    /// <summary>ONNX Runtime, one sentence per call from raw text (the latency of a single prediction).</summary>
    [Benchmark]
    public int OnnxSingleSentence() => _onnx.Predict(_texts[17]).LabelIndex;

    /// <summary>TorchSharp, the network alone on token ids, all sentences in one call (sorted by length, batches of 256).</summary>
    [Benchmark(OperationsPerInvoke = Sentences)]
    public int TorchSharpNetworkBatches() => _network.PredictProbabilities(_ids, BatchSize).Length;

    /// <summary>TorchSharp, the network alone on one sentence's token ids (the latency of a single forward pass).</summary>
    [Benchmark]
    public int TorchSharpSingleSentence() => _network.PredictProbabilities(new[] { _ids[17] }, 1).Length;

    /// <summary>TorchSharp through ML.NET's row-by-row <c>Transform</c>, end to end from text.</summary>
    [Benchmark(OperationsPerInvoke = RowByRowSentences)]
    public int TorchSharpTextRowByRow() => _pipeline.Transform(_rowByRow).GetColumn<float[]>("Score").Count();

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new PerSecondColumn("Sentences/s", "Sentences scored per second, 2 threads (1 / Mean)"));
    }
}
