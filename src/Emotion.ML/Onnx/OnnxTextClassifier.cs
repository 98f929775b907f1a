using System.Buffers;
using Emotion.ML.Persistence;
using Emotion.ML.Text;
using Emotion.ML.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace Emotion.ML.Onnx;

/// <summary>
/// Scores text with a classifier exported to ONNX (see <see cref="OnnxModelContract"/>), through
/// ONNX Runtime alone: no TorchSharp and no ML.NET pipeline. Text goes through the normalizer
/// options and truncation stored in the model, then the model's vocabulary.
/// </summary>
/// <remarks>
/// Thread-safe: any number of threads may predict at once (each call uses its own pooled
/// buffers). Dispose it to release the ONNX Runtime session.
/// </remarks>
/// <example>
/// <code>
/// using var classifier = OnnxTextClassifier.Load("emotion.onnx");
/// var prediction = classifier.Predict("I can't stop smiling today!");
/// Console.WriteLine($"{prediction.Label} {prediction.Confidence:P0}");
/// </code>
/// </example>
public sealed class OnnxTextClassifier : IDisposable
{
    /// <summary>The default number of texts per ONNX Runtime run of <see cref="Predict(IEnumerable{string}, int)"/>.</summary>
    public const int DefaultBatchSize = 256;

    /// <summary>Rows of one ONNX Runtime run; more rows are split by length (see <see cref="PredictIds"/>).</summary>
    public const int RunRows = 128;

    private static readonly string[] InputNames = { OnnxModelContract.TokenIdsInput, OnnxModelContract.LengthsInput };
    private static readonly string[] OutputNames = { OnnxModelContract.ProbabilitiesOutput };

    private readonly InferenceSession _session;
    private readonly string[] _classNames;
    private readonly int _minSteps;
    private readonly EmotionTextNormalizer? _normalizer;
    private readonly TokenizeToIdsTransformer _tokenizer;
    private readonly TextPreprocessing? _text;
    private volatile bool _disposed;

    private OnnxTextClassifier(InferenceSession session, OnnxExecutionProvider provider, OnnxModelInfo info, TextPreprocessing? text, string source)
    {
        _session = session;
        _classNames = info.ClassNames;
        _minSteps = Math.Max(info.MinSteps, 1);
        _text = text;
        _normalizer = text?.Normalizer is { } normalizer ? new EmotionTextNormalizer(normalizer) : null;
        _tokenizer = new TokenizeToIdsTransformer(
            info.Vocabulary,
            "Tokens",
            options: new TokenizeToIdsOptions { MaxLength = text?.MaxLength ?? 0, Truncation = text?.Truncation ?? TruncationMode.KeepStart });
        ExecutionProvider = provider;
        Architecture = info.Architecture;
        Source = source;
    }

    /// <summary>The class names, in the order of <see cref="TextPrediction.Scores"/> and <see cref="PredictIds"/>'s columns.</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>The vocabulary the model's token ids follow.</summary>
    public Vocabulary Vocabulary => _tokenizer.Vocabulary;

    /// <summary>The number of token ids, the padding and unknown ids included.</summary>
    public int VocabularySize => _tokenizer.Vocabulary.Count;

    /// <summary>The network family recorded by the exporter, e.g. <c>TextCnn</c> or <c>Recurrent</c>.</summary>
    public string Architecture { get; }

    /// <summary>Where the session runs: <see cref="OnnxExecutionProvider.Cpu"/> or <see cref="OnnxExecutionProvider.Cuda"/>.</summary>
    public OnnxExecutionProvider ExecutionProvider { get; }

    /// <summary>The model's file path, or a description of the stream or bytes it came from.</summary>
    public string Source { get; }

    /// <summary>
    /// A copy of the text preprocessing applied by <see cref="Predict(string)"/>; <see langword="null"/>
    /// when the model holds none and none was given, in which case text is only split on white space.
    /// </summary>
    public TextPreprocessing? TextPreprocessing => _text?.Clone();

    /// <summary>Loads an exported classifier from an <c>.onnx</c> file.</summary>
    /// <param name="path">The file written by <c>ExportToOnnx</c> or <c>emotion-ml export-onnx</c>.</param>
    /// <param name="options">Threads, execution provider and logging; defaults when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OnnxModelFormatException">The file is truncated or not ONNX, or its inputs, output or metadata do not follow <see cref="OnnxModelContract"/>; the message names the file and the problem.</exception>
    /// <exception cref="InvalidOperationException"><see cref="OnnxExecutionProvider.Cuda"/> was required and is not available.</exception>
    public static OnnxTextClassifier Load(string path, OnnxClassifierOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"ONNX model '{path}' was not found.", path);
        }

        return Create(File.ReadAllBytes(path), path, options, null);
    }

    /// <summary>Loads an exported classifier from a stream (read to its end; left open).</summary>
    /// <param name="stream">A readable stream holding the ONNX model.</param>
    /// <param name="options">Threads, execution provider and logging; defaults when null.</param>
    /// <exception cref="OnnxModelFormatException">The data is truncated or not ONNX, or does not follow <see cref="OnnxModelContract"/>.</exception>
    /// <exception cref="InvalidOperationException"><see cref="OnnxExecutionProvider.Cuda"/> was required and is not available.</exception>
    public static OnnxTextClassifier Load(Stream stream, OnnxClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Create(buffer.ToArray(), "stream", options, null);
    }

    /// <summary>Loads an exported classifier from the bytes of an ONNX model.</summary>
    /// <param name="model">The model bytes.</param>
    /// <param name="options">Threads, execution provider and logging; defaults when null.</param>
    /// <exception cref="OnnxModelFormatException">The bytes are truncated or not ONNX, or do not follow <see cref="OnnxModelContract"/>.</exception>
    /// <exception cref="InvalidOperationException"><see cref="OnnxExecutionProvider.Cuda"/> was required and is not available.</exception>
    public static OnnxTextClassifier Load(byte[] model, OnnxClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Create(model, "bytes", options, null);
    }

    /// <summary>
    /// Loads the ONNX form of the classifier stored inside an Emotion.ML model archive (saved by
    /// <c>SaveEmotionModel</c>), with the archive's normalizer and tokenizer settings; needs no TorchSharp.
    /// </summary>
    /// <param name="path">The model archive (<c>.zip</c>).</param>
    /// <param name="options">Threads, execution provider and logging; defaults when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EmotionModelFormatException">The archive is damaged, holds no classifier, or was saved without the ONNX form (by an older Emotion.ML).</exception>
    /// <exception cref="OnnxModelFormatException">The stored ONNX model does not follow <see cref="OnnxModelContract"/>.</exception>
    public static OnnxTextClassifier LoadFromArchive(string path, OnnxClassifierOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Emotion.ML model '{path}' was not found.", path);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var (model, entry, text) = OnnxArchiveReader.Read(stream, path);
        return Create(model, $"{path}!{entry}", options, text);
    }

    /// <summary>Classifies one text.</summary>
    /// <param name="text">The raw text; normalized and tokenized as the model's pipeline did.</param>
    public TextPrediction Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PredictBatch(new[] { text })[0];
    }

    /// <summary>Classifies texts: one ONNX Runtime run for up to <see cref="RunRows"/> texts, groups of similar lengths for more.</summary>
    /// <param name="texts">The raw texts; none may be null.</param>
    /// <returns>One prediction per text, in order.</returns>
    public IReadOnlyList<TextPrediction> PredictBatch(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var ids = new int[texts.Count][];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = Tokenize(texts[i] ?? throw new ArgumentNullException(nameof(texts), $"Text {i} is null."));
        }

        return PredictIds(ids).Select(p => new TextPrediction(_classNames, p)).ToArray();
    }

    /// <summary>Classifies a stream of texts lazily, <paramref name="batchSize"/> texts per ONNX Runtime run.</summary>
    /// <param name="texts">The raw texts; none may be null.</param>
    /// <param name="batchSize">Texts per run (at least 1).</param>
    /// <returns>One prediction per text, in order, produced as the texts are read.</returns>
    public IEnumerable<TextPrediction> Predict(IEnumerable<string> texts, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return Stream(texts, batchSize);
    }

    /// <summary>
    /// Class probabilities for rows of token ids (ids of <see cref="Vocabulary"/>, no padding). Up to
    /// <see cref="RunRows"/> rows go in one ONNX Runtime run, padded to the longest; more rows are
    /// sorted by length and run in groups of similar lengths, so little time goes into padding.
    /// </summary>
    /// <param name="tokenIds">One array of ids per text.</param>
    /// <returns>One array of probabilities per row, in <see cref="ClassNames"/> order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside the vocabulary; the message names the row.</exception>
    public float[][] PredictIds(IReadOnlyList<int[]> tokenIds)
    {
        ArgumentNullException.ThrowIfNull(tokenIds);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var rows = tokenIds.Count;
        if (rows == 0)
        {
            return Array.Empty<float[]>();
        }

        for (var r = 0; r < rows; r++)
        {
            var row = tokenIds[r] ?? throw new ArgumentNullException(nameof(tokenIds), $"Row {r} is null.");
            foreach (var id in row)
            {
                if ((uint)id >= (uint)VocabularySize)
                {
                    throw new ArgumentOutOfRangeException(nameof(tokenIds), $"Row {r} has token id {id}, outside the vocabulary of {VocabularySize} words.");
                }
            }
        }

        if (rows <= RunRows)
        {
            return RunRowsPadded(tokenIds, Enumerable.Range(0, rows).ToArray());
        }

        // Sorted by length (stable, so equal lengths keep their order), in groups of similar lengths.
        var order = Enumerable.Range(0, rows).OrderBy(r => tokenIds[r].Length).ToArray();
        var result = new float[rows][];
        for (var start = 0; start < rows; start += RunRows)
        {
            var group = order[start..Math.Min(start + RunRows, rows)];
            var probabilities = RunRowsPadded(tokenIds, group);
            for (var i = 0; i < group.Length; i++)
            {
                result[group[i]] = probabilities[i];
            }
        }

        return result;
    }

    /// <summary>The rows <paramref name="group"/> of <paramref name="tokenIds"/> in one run, padded to the longest.</summary>
    private float[][] RunRowsPadded(IReadOnlyList<int[]> tokenIds, int[] group)
    {
        var rows = group.Length;
        var steps = _minSteps;
        foreach (var r in group)
        {
            steps = Math.Max(steps, tokenIds[r].Length);
        }

        var idCount = checked(rows * steps);
        var ids = ArrayPool<long>.Shared.Rent(idCount);
        var lengths = ArrayPool<long>.Shared.Rent(rows);
        try
        {
            Array.Clear(ids, 0, idCount);
            for (var r = 0; r < rows; r++)
            {
                var row = tokenIds[group[r]];
                lengths[r] = row.Length;
                var offset = r * steps;
                for (var t = 0; t < row.Length; t++)
                {
                    ids[offset + t] = row[t];
                }
            }

            return Run(ids.AsMemory(0, idCount), lengths.AsMemory(0, rows), rows, steps);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(lengths);
        }
    }

    /// <summary>The token ids <see cref="Predict(string)"/> feeds the model for <paramref name="text"/>: normalized, split, looked up and truncated.</summary>
    /// <param name="text">The raw text.</param>
    public int[] Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _tokenizer.Encode(_normalizer is null ? text : _normalizer.Normalize(text.AsSpan()));
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose()
    {
        _disposed = true;
        _session.Dispose();
    }

    internal static OnnxTextClassifier Create(byte[] model, string source, OnnxClassifierOptions? options, TextPreprocessing? stored)
    {
        var settings = options?.Clone() ?? new OnnxClassifierOptions();
        settings.Validate(nameof(options));

        // The normalizer's tables (WordNet, emoji) load once per process; on a first load that
        // overlaps with ONNX Runtime starting its session instead of following it.
        var tables = Task.Run(() => (WordNetLemmatizer.Default.LemmaCount, EmojiTable.Default));
        var (session, provider) = OnnxSessions.Open(model, source, settings);
        tables.GetAwaiter().GetResult();
        try
        {
            var info = OnnxModelInfo.Read(session, source);
            return new OnnxTextClassifier(session, provider, info, settings.TextPreprocessing ?? stored ?? info.Text, source);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private float[][] Run(Memory<long> ids, Memory<long> lengths, int rows, int steps)
    {
        using var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids, new long[] { rows, steps });
        using var lengthsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, lengths, new long[] { rows });
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, InputNames, new[] { idsValue, lengthsValue }, OutputNames);
        var probabilities = outputs[0].GetTensorDataAsSpan<float>();
        var classes = _classNames.Length;
        if (probabilities.Length != rows * classes)
        {
            throw new InvalidOperationException($"ONNX model '{Source}' returned {probabilities.Length} probabilities for {rows} rows of {classes} classes.");
        }

        var result = new float[rows][];
        for (var r = 0; r < rows; r++)
        {
            result[r] = probabilities.Slice(r * classes, classes).ToArray();
        }

        return result;
    }

    private IEnumerable<TextPrediction> Stream(IEnumerable<string> texts, int batchSize)
    {
        var batch = new List<string>(batchSize);
        foreach (var text in texts)
        {
            batch.Add(text ?? throw new ArgumentNullException(nameof(texts), "A text is null."));
            if (batch.Count == batchSize)
            {
                foreach (var prediction in PredictBatch(batch))
                {
                    yield return prediction;
                }

                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            foreach (var prediction in PredictBatch(batch))
            {
                yield return prediction;
            }
        }
    }
}
