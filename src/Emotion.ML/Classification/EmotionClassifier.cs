using Emotion.ML.Onnx;

namespace Emotion.ML.Classification;

/// <summary>
/// Reads emotions in text of any length with an exported Emotion.ML classifier, or with the
/// pretrained English model (<see cref="LoadDefault"/>: sadness, joy, love, anger, fear, surprise)
/// and no training at all. Runs on ONNX Runtime only (CPU, or CUDA when its runtime is present); no
/// TorchSharp.
/// </summary>
/// <remarks>
/// <para>
/// Long texts: a text whose normalized form has at most
/// <see cref="EmotionClassifierOptions.MaxSegmentTokens"/> tokens is scored whole. A longer text is
/// split into sentences (a sentence still too long, at commas, then every
/// <see cref="EmotionClassifierOptions.MaxSegmentTokens"/> words); each segment is scored, and the
/// text's probabilities are the weighted mean of the segments' probabilities, with weight
/// <c>tokens × (confidence − 1/classes)</c>: long and decided segments count, a neutral filler
/// sentence whose probabilities are nearly flat counts for little. (When every weight is zero the
/// weights are the token counts.) <see cref="EmotionPrediction.Drivers"/> lists the segments by
/// their contribution to the result.
/// </para>
/// <para>Thread-safe: any number of threads may predict at once. Dispose it to release the ONNX Runtime session.</para>
/// </remarks>
/// <example>
/// <code>
/// using var classifier = EmotionClassifier.LoadDefault();
/// var prediction = classifier.Predict("I can't stop smiling!");
/// Console.WriteLine($"{prediction.Label} {prediction.Confidence:P0}");   // joy
/// </code>
/// </example>
public sealed class EmotionClassifier : IDisposable
{
    private readonly OnnxTextClassifier _model;
    private readonly EmotionClassifierOptions _options;
    private readonly string[] _labels;

    private EmotionClassifier(OnnxTextClassifier model, EmotionClassifierOptions options)
    {
        _model = model;
        _options = options;
        _labels = model.ClassNames.ToArray();
    }

    /// <summary>The emotions (class names) in the order of every <c>Scores</c> list.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>The underlying ONNX Runtime classifier: token ids, batches without splitting, the vocabulary.</summary>
    public OnnxTextClassifier Model => _model;

    /// <summary>
    /// Loads the pretrained English emotion model (six emotions: sadness, joy, love, anger, fear,
    /// surprise) from the <c>Emotion.ML.Models.English</c> package, which the application must
    /// reference; see docs/model-card.md for its data, accuracy and limits.
    /// </summary>
    /// <param name="options">Long-text and ONNX Runtime options; defaults when null.</param>
    /// <exception cref="InvalidOperationException">The package is not referenced (the message says how to add it), or CUDA was required and is not available.</exception>
    public static EmotionClassifier LoadDefault(EmotionClassifierOptions? options = null) =>
        Create(DefaultEmotionModel.Read(), "the default English emotion model", options);

    /// <summary>Loads an exported classifier: an <c>.onnx</c> file, or an Emotion.ML model archive (<c>.zip</c>) that holds the ONNX form.</summary>
    /// <param name="path">The file written by <c>ExportToOnnx</c>, <c>emotion-ml export-onnx</c> or <c>SaveEmotionModel</c>.</param>
    /// <param name="options">Long-text and ONNX Runtime options; defaults when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OnnxModelFormatException">The ONNX model is damaged or not an Emotion.ML text classifier.</exception>
    /// <exception cref="Persistence.EmotionModelFormatException">The archive is damaged or holds no ONNX classifier.</exception>
    public static EmotionClassifier Load(string path, EmotionClassifierOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Emotion model '{path}' was not found.", path);
        }

        var settings = Settings(options);
        if (IsZip(path))
        {
            return new EmotionClassifier(OnnxTextClassifier.LoadFromArchive(path, settings.Onnx), settings);
        }

        return new EmotionClassifier(OnnxTextClassifier.Load(path, settings.Onnx), settings);
    }

    /// <summary>Loads an exported classifier from the bytes of its ONNX model.</summary>
    /// <param name="onnxModel">The ONNX model bytes.</param>
    /// <param name="options">Long-text and ONNX Runtime options; defaults when null.</param>
    /// <exception cref="OnnxModelFormatException">The bytes are not an Emotion.ML text classifier.</exception>
    public static EmotionClassifier Load(byte[] onnxModel, EmotionClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(onnxModel);
        return Create(onnxModel, "bytes", options);
    }

    /// <summary>Reads the emotion of one text of any length.</summary>
    /// <param name="text">The raw text: a sentence, a review, a chat message, paragraphs.</param>
    public EmotionPrediction Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PredictBatch(new[] { text })[0];
    }

    /// <summary>Reads the emotions of many texts, all of their segments scored together in length-sorted ONNX Runtime runs.</summary>
    /// <param name="texts">The raw texts; none may be null.</param>
    /// <returns>One prediction per text, in order.</returns>
    public IReadOnlyList<EmotionPrediction> PredictBatch(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var plans = new List<(int Start, int Length, int[] Ids)>[texts.Count];
        var rows = new List<int[]>();
        for (var t = 0; t < texts.Count; t++)
        {
            var text = texts[t] ?? throw new ArgumentNullException(nameof(texts), $"Text {t} is null.");
            plans[t] = Plan(text);
            rows.AddRange(plans[t].Select(s => s.Ids));
        }

        var probabilities = _model.PredictIds(rows);
        var results = new EmotionPrediction[texts.Count];
        var next = 0;
        for (var t = 0; t < texts.Count; t++)
        {
            var segments = plans[t]
                .Select((s, i) => new TextSegment(texts[t].Substring(s.Start, s.Length), s.Start, s.Ids.Length, _labels, probabilities[next + i]))
                .ToArray();
            next += segments.Length;
            results[t] = Combine(texts[t], segments);
        }

        return results;
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _model.Dispose();

    /// <summary>The segments a text is scored in: the whole text, or its sentences and clauses as the remarks describe.</summary>
    private List<(int Start, int Length, int[] Ids)> Plan(string text)
    {
        var whole = _model.Tokenize(text);
        var limit = _options.MaxSegmentTokens;
        if (whole.Length <= limit && !_options.AlwaysSplitSentences)
        {
            return new() { (0, text.Length, whole) };
        }

        var segments = new List<(int Start, int Length, int[] Ids)>();
        foreach (var sentence in SentenceSplitter.Split(text))
        {
            var ids = _model.Tokenize(text.Substring(sentence.Start, sentence.Length));
            if (ids.Length <= limit)
            {
                segments.Add((sentence.Start, sentence.Length, ids));
                continue;
            }

            // Clauses, merged back while they fit, so a long sentence becomes few segments.
            (int Start, int End)? open = null;
            foreach (var clause in SentenceSplitter.SplitClauses(text, sentence, limit))
            {
                var end = clause.Start + clause.Length;
                if (open is { } current && _model.Tokenize(text[current.Start..end]).Length <= limit)
                {
                    open = (current.Start, end);
                    continue;
                }

                if (open is { } done)
                {
                    segments.Add((done.Start, done.End - done.Start, _model.Tokenize(text[done.Start..done.End])));
                }

                open = (clause.Start, end);
            }

            if (open is { } last)
            {
                segments.Add((last.Start, last.End - last.Start, _model.Tokenize(text[last.Start..last.End])));
            }
        }

        segments.RemoveAll(s => s.Ids.Length == 0);
        return segments.Count == 0 ? new() { (0, text.Length, whole) } : segments;
    }

    private EmotionPrediction Combine(string text, TextSegment[] segments)
    {
        var classes = _labels.Length;
        var weights = segments.Select(s => s.TokenCount * Math.Max(0f, s.Confidence - (1f / classes))).ToArray();
        if (weights.Sum() <= 0f)
        {
            weights = segments.Select(s => (float)Math.Max(1, s.TokenCount)).ToArray();
        }

        var total = weights.Sum();
        var scores = new float[classes];
        for (var s = 0; s < segments.Length; s++)
        {
            segments[s].Weight = weights[s] / total;
            for (var c = 0; c < classes; c++)
            {
                scores[c] += segments[s].Weight * segments[s].Scores[c];
            }
        }

        var label = ClassPrediction.ArgMax(scores);
        foreach (var segment in segments)
        {
            segment.Contribution = segment.Weight * segment.Scores[label];
        }

        return new EmotionPrediction(text, _labels, scores, segments);
    }

    private static EmotionClassifier Create(byte[] model, string source, EmotionClassifierOptions? options)
    {
        var settings = Settings(options);
        var onnx = OnnxTextClassifier.Create(model, source, settings.Onnx, null);
        return new EmotionClassifier(onnx, settings);
    }

    private static EmotionClassifierOptions Settings(EmotionClassifierOptions? options)
    {
        var settings = options?.Clone() ?? new EmotionClassifierOptions();
        settings.Validate(nameof(options));
        return settings;
    }

    private static bool IsZip(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> magic = stackalloc byte[4];
        return file.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K' && magic[2] == 3 && magic[3] == 4;
    }
}
