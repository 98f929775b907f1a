using Emotion.ML.Onnx;
using Emotion.ML.Persistence;
using Emotion.ML.TorchSharp.Trainers;
using Google.Protobuf;
using Microsoft.ML;

namespace Emotion.ML.TorchSharp.Onnx;

/// <summary>
/// Exports a whole fitted text pipeline to ONNX: the classifier's network, and in the model's
/// metadata the normalizer options and tokenizer truncation that turn raw text into its input, so
/// <see cref="OnnxTextClassifier"/> scores raw text exactly as the pipeline does.
/// </summary>
public static class OnnxExportExtensions
{
    /// <summary>
    /// Writes the pipeline's text classifier as an ONNX model (see <see cref="OnnxModelContract"/>)
    /// with the pipeline's text preprocessing in its metadata (<see cref="OnnxModelContract.TextPipelineKey"/>),
    /// through a temporary file beside <paramref name="path"/>, so a failure never leaves a partial file.
    /// </summary>
    /// <param name="pipeline">A fitted pipeline holding one <see cref="TextClassificationTransformer"/>, fed by <c>TokenizeToIds</c> (and usually <c>NormalizeEmotionText</c> before it).</param>
    /// <param name="path">The destination file, usually <c>*.onnx</c>; replaced when it exists.</param>
    /// <exception cref="DirectoryNotFoundException">The destination folder does not exist.</exception>
    /// <exception cref="NotSupportedException">The pipeline has no text classifier, or none fed by a <c>TokenizeToIds</c> step, or the network has a layer the export cannot write.</exception>
    /// <example><code>
    /// var model = pipeline.Fit(train);
    /// model.ExportToOnnx("emotion.onnx");
    /// using var classifier = OnnxTextClassifier.Load("emotion.onnx");
    /// </code></example>
    public static void ExportToOnnx(this ITransformer pipeline, string path) => ExportToOnnx(pipeline, path, null);

    /// <summary>
    /// Writes the pipeline's text classifier as <see cref="ExportToOnnx(ITransformer, string)"/> does,
    /// with export options such as int8 embeddings (<see cref="OnnxExportOptions.QuantizeEmbeddings"/>).
    /// </summary>
    /// <param name="pipeline">A fitted pipeline holding one <see cref="TextClassificationTransformer"/>, fed by <c>TokenizeToIds</c>.</param>
    /// <param name="path">The destination file, usually <c>*.onnx</c>; replaced when it exists.</param>
    /// <param name="options">How to write the model; defaults (float32 everywhere) when null.</param>
    /// <exception cref="DirectoryNotFoundException">The destination folder does not exist.</exception>
    /// <exception cref="NotSupportedException">The pipeline has no text classifier, or none fed by a <c>TokenizeToIds</c> step, or the network has a layer the export cannot write.</exception>
    public static void ExportToOnnx(this ITransformer pipeline, string path, OnnxExportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var model = PipelineModel(pipeline, options);
        OnnxFile.WriteAtomically(path, model.WriteTo);
    }

    /// <summary>Writes the model described at <see cref="ExportToOnnx(ITransformer, string)"/> to <paramref name="stream"/>.</summary>
    /// <param name="pipeline">A fitted pipeline holding one <see cref="TextClassificationTransformer"/> fed by <c>TokenizeToIds</c>.</param>
    /// <param name="stream">A writable stream; left open.</param>
    /// <exception cref="NotSupportedException">The pipeline has no text classifier, or none fed by a <c>TokenizeToIds</c> step, or the network has a layer the export cannot write.</exception>
    public static void ExportToOnnx(this ITransformer pipeline, Stream stream) => ExportToOnnx(pipeline, stream, null);

    /// <summary>Writes the model described at <see cref="ExportToOnnx(ITransformer, string, OnnxExportOptions?)"/> to <paramref name="stream"/>.</summary>
    /// <param name="pipeline">A fitted pipeline holding one <see cref="TextClassificationTransformer"/> fed by <c>TokenizeToIds</c>.</param>
    /// <param name="stream">A writable stream; left open.</param>
    /// <param name="options">How to write the model; defaults when null.</param>
    /// <exception cref="NotSupportedException">The pipeline has no text classifier, or none fed by a <c>TokenizeToIds</c> step, or the network has a layer the export cannot write.</exception>
    public static void ExportToOnnx(this ITransformer pipeline, Stream stream, OnnxExportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        PipelineModel(pipeline, options).WriteTo(stream);
    }

    private static IMessage PipelineModel(ITransformer pipeline, OnnxExportOptions? options)
    {
        var steps = EmotionModelWriter.Flatten(pipeline).Cast<object>().ToList();
        var classifiers = Enumerable.Range(0, steps.Count).Where(i => steps[i] is TextClassificationTransformer).ToArray();
        if (classifiers.Length != 1)
        {
            throw new NotSupportedException(classifiers.Length == 0
                ? "The pipeline holds no TorchSharp text classifier to export."
                : $"The pipeline holds {classifiers.Length} text classifiers; export each with its own ExportToOnnx.");
        }

        var classifier = (TextClassificationTransformer)steps[classifiers[0]];
        var (text, tokenizer) = TextPreprocessing.FromSteps(steps, classifiers[0], classifier.TokensColumnName);
        if (!tokenizer.Vocabulary.Words.SequenceEqual(classifier.Vocabulary.Words))
        {
            throw new NotSupportedException($"The TokenizeToIds step writing '{classifier.TokensColumnName}' has a different vocabulary from the classifier's.");
        }

        var model = classifier.OnnxModel(text);
        if (options?.QuantizeEmbeddings == true)
        {
            OnnxEmbeddingQuantization.Apply(model);
        }

        return model;
    }
}
