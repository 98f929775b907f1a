using BenchmarkDotNet.Attributes;
using Emotion.ML.Tokenization;
using Microsoft.ML;

namespace Emotion.ML.Benchmarks.Tokenization;

/// <summary>
/// Vocabulary fitting and encoding throughput on the CARER training split (16,000 tweets).
/// Times are per sentence (<c>OperationsPerInvoke</c>), so sentences/s = 1 s / mean.
/// </summary>
[MemoryDiagnoser]
public class TokenizerBenchmarks
{
    private const int Sentences = 16_000;
    private string[] _texts = Array.Empty<string>();
    private string[] _tokens = Array.Empty<string>();
    private Vocabulary _vocabulary = null!;
    private Dictionary<string, int> _dictionary = null!;
    private TokenizeToIdsTransformer _transformer = null!;
    private MLContext _ml = null!;
    private IDataView _data = null!;

    [GlobalSetup]
    public void Setup()
    {
        _texts = BenchmarkData.ReadTexts(BenchmarkData.CarerTrain);
        if (_texts.Length != Sentences)
        {
            throw new InvalidOperationException($"Expected {Sentences} CARER training rows, found {_texts.Length}.");
        }

        _vocabulary = Vocabulary.Build(_texts);
        _dictionary = _vocabulary.Words.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i);
        _tokens = _texts.SelectMany(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Take(Sentences).ToArray();
        _ml = new MLContext(seed: 1);
        _data = _ml.Data.LoadFromEnumerable(_texts.Select(t => new Row { Text = t }));
        _transformer = _ml.Transforms.Text.TokenizeToIds("Tokens", "Text").Fit(_data);
    }

    /// <summary>Learning the vocabulary from raw strings.</summary>
    [Benchmark(OperationsPerInvoke = Sentences)]
    public int BuildVocabulary() => Vocabulary.Build(_texts).Count;

    /// <summary>Fitting the ML.NET estimator: one cursor pass over the column plus the vocabulary.</summary>
    [Benchmark(OperationsPerInvoke = Sentences)]
    public int FitEstimator() => _ml.Transforms.Text.TokenizeToIds("Tokens", "Text").Fit(_data).Vocabulary.Count;

    /// <summary>Encoding each sentence to an <see cref="int"/> array without ML.NET.</summary>
    [Benchmark(OperationsPerInvoke = Sentences)]
    public int Encode()
    {
        var total = 0;
        foreach (var text in _texts)
        {
            total += _transformer.Encode(text).Length;
        }

        return total;
    }

    /// <summary>Reading the token-id column through an ML.NET cursor (buffers reused per row).</summary>
    [Benchmark(OperationsPerInvoke = Sentences)]
    public int TransformCursor()
    {
        var transformed = _transformer.Transform(_data);
        var column = transformed.Schema["Tokens"];
        using var cursor = transformed.GetRowCursor(new[] { column });
        var getter = cursor.GetGetter<Microsoft.ML.Data.VBuffer<int>>(column);
        Microsoft.ML.Data.VBuffer<int> ids = default;
        var total = 0;
        while (cursor.MoveNext())
        {
            getter(ref ids);
            total += ids.Length;
        }

        return total;
    }

    /// <summary>Word look-up from a span with the vocabulary's table (no allocation); per token.</summary>
    [Benchmark(OperationsPerInvoke = Sentences)]
    public int SpanLookup()
    {
        var sum = 0;
        foreach (var token in _tokens)
        {
            sum += _vocabulary.GetId(token.AsSpan());
        }

        return sum;
    }

    /// <summary>The alternative on net8.0: a string dictionary, which needs a string per token span; per token.</summary>
    [Benchmark(OperationsPerInvoke = Sentences)]
    public int DictionaryLookupWithStringPerToken()
    {
        var sum = 0;
        foreach (var token in _tokens)
        {
            sum += _dictionary.TryGetValue(token.AsSpan().ToString(), out var id) ? id : Vocabulary.UnknownId;
        }

        return sum;
    }

    private sealed class Row
    {
        public string Text { get; set; } = "";
    }
}
