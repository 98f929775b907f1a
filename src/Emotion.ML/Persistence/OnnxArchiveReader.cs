using System.IO.Compression;
using System.Text.Json;
using Emotion.ML.Onnx;

namespace Emotion.ML.Persistence;

/// <summary>
/// Reads the ONNX form of a model archive's text classifier (the optional <see cref="EntryName"/>
/// entry of its step) and the text preprocessing of the archive's normalizer and tokenizer steps,
/// without rebuilding the TorchSharp network.
/// </summary>
internal static class OnnxArchiveReader
{
    /// <summary>The entry, in the classifier step's folder, holding the network in ONNX form.</summary>
    public const string EntryName = "model.onnx";

    /// <summary>The step kind of a text classifier.</summary>
    public const string ClassifierKind = "TextClassifier";

    private const string ClassifierEntry = "classifier.json";

    /// <exception cref="EmotionModelFormatException">The archive is damaged, holds no single classifier, or has no ONNX form of it.</exception>
    public static (byte[] Model, string Entry, TextPreprocessing? Text) Read(Stream stream, string source)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new EmotionModelFormatException(source, null, $"not a complete zip archive (truncated or corrupt): {ex.Message}", ex);
        }

        using (zip)
        {
            try
            {
                return Read(zip, source);
            }
            catch (InvalidDataException ex)
            {
                throw new EmotionModelFormatException(source, null, $"the archive data is corrupt: {ex.Message}", ex);
            }
        }
    }

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

        var model = stepReader.Read(EntryName, s =>
        {
            using var buffer = new MemoryStream();
            s.CopyTo(buffer);
            return buffer.ToArray();
        });
        string? tokens;
        try
        {
            tokens = stepReader.Read(ClassifierEntry, s =>
            {
                using var document = JsonDocument.Parse(s);
                return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("tokensColumnName", out var name) && name.ValueKind == JsonValueKind.String
                    ? name.GetString()
                    : null;
            });
        }
        catch (JsonException ex)
        {
            throw stepReader.Fail(ClassifierEntry, $"the JSON is not valid: {ex.Message}", ex);
        }

        if (string.IsNullOrEmpty(tokens))
        {
            throw stepReader.Fail(ClassifierEntry, "the tokens column is missing.");
        }

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
}
