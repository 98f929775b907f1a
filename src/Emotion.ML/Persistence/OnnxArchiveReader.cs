using System.IO.Compression;
using System.Text.Json;
using Emotion.ML.Onnx;
using Microsoft.ML;

namespace Emotion.ML.Persistence;

/// <summary>
/// Reads the ONNX form of a model archive's text classifier (the optional <see cref="EntryName"/>
/// entry of its step) and the text preprocessing of the archive's normalizer and tokenizer steps,
/// without rebuilding the TorchSharp network.
/// </summary>
internal sealed class OnnxArchiveReader : IArchivedTransformerReader
{
    /// <summary>The entry, in the classifier step's folder, holding the network in ONNX form.</summary>
    public const string EntryName = "model.onnx";

    /// <summary>The step kind of a text classifier.</summary>
    public const string ClassifierKind = "TextClassifier";

    private const string ClassifierEntry = "classifier.json";

    /// <summary>
    /// Rebuilds an archived classifier step from its ONNX form, for an application without
    /// Emotion.ML.TorchSharp: an <see cref="OnnxTextClassificationTransformer"/>.
    /// </summary>
    public ITransformer Read(ArchiveStepReader reader)
    {
        var model = reader.Read(EntryName, ReadAll);
        var (tokens, classNames) = ReadClassifier(reader);
        var entry = reader.EntryPath(EntryName);
        OnnxTextClassifier classifier;
        try
        {
            classifier = OnnxTextClassifier.Create(model, $"{reader.Source}!{entry}", new OnnxClassifierOptions { ExecutionProvider = OnnxExecutionProvider.Auto }, null);
        }
        catch (OnnxModelFormatException ex)
        {
            throw reader.Fail(EntryName, ex.Detail, ex);
        }

        if (classNames is not null && !classNames.SequenceEqual(classifier.ClassNames))
        {
            classifier.Dispose();
            throw reader.Fail(EntryName, $"the ONNX model's classes ({string.Join(", ", classifier.ClassNames)}) differ from {ClassifierEntry}'s ({string.Join(", ", classNames)}).");
        }

        return new OnnxTextClassificationTransformer(classifier, tokens);
    }

    /// <summary>Whether a step has an ONNX form this reader can use.</summary>
    public static bool HasOnnxForm(ArchiveStep step) =>
        step.Kind == ClassifierKind && step.Entries.Any(e => e.EndsWith("/" + EntryName, StringComparison.Ordinal));

    /// <exception cref="EmotionModelFormatException">The archive is damaged, holds no single classifier, or has no ONNX form of it.</exception>
    public static (byte[] Model, string Entry, TextPreprocessing? Text) Read(Stream stream, string source) =>
        EmotionModelReader.ReadZip(stream, source, zip => Read(zip, source));

    private static (byte[] Model, string Entry, TextPreprocessing? Text) Read(ZipArchive zip, string source)
    {
        EmotionModelReader.CheckEntryNames(zip, source);
        var manifest = EmotionModelReader.ReadManifest(zip, source);
        var steps = new List<object>();
        var classifier = -1;
        for (var i = 0; i < manifest.Steps.Count; i++)
        {
            var step = manifest.Steps[i];
            if (step.Kind == ClassifierKind)
            {
                if (classifier >= 0)
                {
                    throw new EmotionModelFormatException(source, ArchiveManifest.EntryName, $"steps {classifier} and {i} are both text classifiers; load the archive with LoadEmotionModel instead.");
                }

                classifier = i;
                steps.Add(step);
            }
            else if (step.Kind is TextNormalizerArchive.Kind or TokenizerArchive.Kind)
            {
                var reader = new ArchiveStepReader(zip, EmotionModelWriter.StepFolder(i, step.Kind), source, step.Kind);
                steps.Add(EmotionModelReader.BuiltIn[step.Kind].Read(reader));
            }
            else
            {
                steps.Add(step);
            }
        }

        if (classifier < 0)
        {
            throw new EmotionModelFormatException(source, ArchiveManifest.EntryName, "the archive holds no text classifier step.");
        }

        var folder = EmotionModelWriter.StepFolder(classifier, ClassifierKind);
        var stepReader = new ArchiveStepReader(zip, folder, source, ClassifierKind);
        if (zip.GetEntry(folder + EntryName) is null)
        {
            throw stepReader.Fail(EntryName, "the classifier has no ONNX form in this archive (it was saved by an older Emotion.ML or its network cannot be exported). Load it with LoadEmotionModel and Emotion.ML.TorchSharp and save it again, or write an .onnx file with 'emotion-ml export-onnx'.");
        }

        var model = stepReader.Read(EntryName, ReadAll);
        var (tokens, _) = ReadClassifier(stepReader);
        TextPreprocessing? text;
        try
        {
            text = TextPreprocessing.FromSteps(steps, classifier, tokens).Settings;
        }
        catch (NotSupportedException)
        {
            text = null;
        }

        return (model, folder + EntryName, text);
    }

    internal static byte[] ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>The tokens column and class names of <c>classifier.json</c>.</summary>
    private static (string Tokens, string[]? ClassNames) ReadClassifier(ArchiveStepReader reader)
    {
        try
        {
            var (tokens, classNames) = reader.Read(ClassifierEntry, s =>
            {
                using var document = JsonDocument.Parse(s);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return (null, null);
                }

                var name = root.TryGetProperty("tokensColumnName", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                var classes = root.TryGetProperty("classNames", out var c) && c.ValueKind == JsonValueKind.Array
                    ? c.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() ?? "" : "").ToArray()
                    : null;
                return (name, classes);
            });
            return string.IsNullOrEmpty(tokens) ? throw reader.Fail(ClassifierEntry, "the tokens column is missing.") : (tokens, classNames);
        }
        catch (JsonException ex)
        {
            throw reader.Fail(ClassifierEntry, $"the JSON is not valid: {ex.Message}", ex);
        }
    }
}
