using BenchmarkDotNet.Attributes;
using Emotion.ML.Classification;
using Emotion.ML.Onnx;

namespace Emotion.ML.Benchmarks.Inference;

/// <summary>
/// The pretrained English model of Emotion.ML.Models.English as an application uses it: loading it
/// (<see cref="EmotionClassifier.LoadDefault"/>, after the first load in the process), one sentence
/// per call, a paragraph split into sentences, and a batch of CARER test sentences. 2 threads.
/// </summary>
[MemoryDiagnoser]
public class DefaultModelBenchmarks
{
    private const string Sentence = "I can't stop smiling, today was perfect!";

    private const string Paragraph =
        "I've worked at the same office for eleven years and today they told me my position is being cut. " +
        "I packed my desk into a cardboard box while everyone avoided looking at me. " +
        "The drive home felt endless. I sat in the car outside the house for half an hour because I couldn't face telling my kids. " +
        "Tonight I keep going through old photos from the company picnics and I can't stop crying.";

    private static readonly EmotionClassifierOptions Options = new() { Onnx = new OnnxClassifierOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = 2 } };

    private EmotionClassifier _classifier = null!;
    private string[] _batch = null!;

    /// <summary>Loads the model and reads 2,000 CARER test sentences.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _classifier = EmotionClassifier.LoadDefault(Options);
        _batch = File.ReadLines(BenchmarkData.CarerTest).Skip(1).Select(line => line[..line.LastIndexOf('\t')]).ToArray();
    }

    /// <summary>Releases the session.</summary>
    [GlobalCleanup]
    public void Cleanup() => _classifier.Dispose();

    /// <summary>Reads the embedded model and opens an ONNX Runtime session on it.</summary>
    [Benchmark]
    public int Load()
    {
        using var classifier = EmotionClassifier.LoadDefault(Options);
        return classifier.Labels.Count;
    }

    /// <summary>One sentence, from raw text to the six probabilities.</summary>
    [Benchmark]
    public float OneSentence() => _classifier.Predict(Sentence).Confidence;

    /// <summary>A five-sentence paragraph, longer than the model's window: split, scored in one run, combined.</summary>
    [Benchmark]
    public float Paragraph_split_into_sentences() => _classifier.Predict(Paragraph).Confidence;

    /// <summary>2,000 CARER test sentences in one call.</summary>
    [Benchmark(OperationsPerInvoke = 2_000)]
    public int Batch_of_2000_sentences() => _classifier.PredictBatch(_batch).Count;
}
