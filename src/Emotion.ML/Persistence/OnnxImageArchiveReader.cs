using System.IO.Compression;
using Emotion.ML.Onnx;
using Microsoft.ML;

namespace Emotion.ML.Persistence;

/// <summary>
/// Reads the ONNX form of a model archive's image classifier (the <see cref="OnnxArchiveReader.EntryName"/>
/// entry of its step, which Emotion.ML.TorchSharp always writes) without rebuilding the TorchSharp network,
/// and the step's <c>classifier.json</c>, which both readers share.
/// </summary>
internal sealed class OnnxImageArchiveReader : IArchivedTransformerReader
{
    /// <summary>The step kind of an image classifier.</summary>
    public const string ClassifierKind = "ImageClassifier";

    /// <summary>The step entry with the class names, pixels column and image size.</summary>
    public const string ClassifierEntry = "classifier.json";

    /// <summary>Rebuilds an archived image classifier step from its ONNX form: an <see cref="OnnxImageClassificationTransformer"/>.</summary>
    public ITransformer Read(ArchiveStepReader reader)
    {
        var classifier = ReadClassifier(reader);
        return new OnnxImageClassificationTransformer(Open(reader, classifier, null), classifier.PixelsColumnName);
    }

    /// <summary>Whether a step is an image classifier with an ONNX form.</summary>
    public static bool HasOnnxForm(ArchiveStep step) =>
        step.Kind == ClassifierKind && step.Entries.Any(e => e.EndsWith("/" + OnnxArchiveReader.EntryName, StringComparison.Ordinal));

    /// <summary>Reads and checks <c>classifier.json</c>.</summary>
    /// <exception cref="EmotionModelFormatException">The entry is missing, not valid JSON, or its values are missing or out of range.</exception>
    public static Classifier ReadClassifier(ArchiveStepReader reader)
    {
        var classifier = reader.ReadJson<Classifier>(ClassifierEntry);
        if (classifier.ClassNames is not { Length: >= 2 } || classifier.ClassNames.Any(string.IsNullOrEmpty) || string.IsNullOrEmpty(classifier.PixelsColumnName)
            || classifier.ImageWidth is < 1 or > 4096 || classifier.ImageHeight is < 1 or > 4096)
        {
            throw reader.Fail(ClassifierEntry, "the class names, pixels column or image size are missing or invalid.");
        }

        return classifier;
    }

    /// <summary>The ONNX classifier of the archive's single image classifier step.</summary>
    /// <exception cref="EmotionModelFormatException">The archive is damaged or holds no single image classifier.</exception>
    /// <exception cref="OnnxModelFormatException">The stored ONNX model does not follow the image contract.</exception>
    public static OnnxImageClassifier Load(Stream stream, string source, OnnxClassifierOptions? options) =>
        EmotionModelReader.ReadZip(stream, source, zip => Load(zip, source, options));

    private static OnnxImageClassifier Load(ZipArchive zip, string source, OnnxClassifierOptions? options)
    {
        EmotionModelReader.CheckEntryNames(zip, source);
        var manifest = EmotionModelReader.ReadManifest(zip, source);
        var steps = Enumerable.Range(0, manifest.Steps.Count).Where(i => manifest.Steps[i].Kind == ClassifierKind).ToArray();
        if (steps.Length != 1)
        {
            throw new EmotionModelFormatException(source, ArchiveManifest.EntryName, steps.Length == 0
                ? "the archive holds no image classifier step."
                : $"steps {steps[0]} and {steps[1]} are both image classifiers; load the archive with LoadEmotionModel instead.");
        }

        var reader = new ArchiveStepReader(zip, EmotionModelWriter.StepFolder(steps[0], ClassifierKind), source, ClassifierKind);
        return Open(reader, ReadClassifier(reader), options);
    }

    private static OnnxImageClassifier Open(ArchiveStepReader reader, Classifier classifier, OnnxClassifierOptions? options)
    {
        var model = reader.Read(OnnxArchiveReader.EntryName, OnnxArchiveReader.ReadAll);
        OnnxImageClassifier onnx;
        try
        {
            onnx = OnnxImageClassifier.Create(model, $"{reader.Source}!{reader.EntryPath(OnnxArchiveReader.EntryName)}", options);
        }
        catch (OnnxModelFormatException ex)
        {
            throw reader.Fail(OnnxArchiveReader.EntryName, ex.Detail, ex);
        }

        if (!classifier.ClassNames.SequenceEqual(onnx.ClassNames) || classifier.ImageWidth != onnx.ImageWidth || classifier.ImageHeight != onnx.ImageHeight)
        {
            onnx.Dispose();
            throw reader.Fail(OnnxArchiveReader.EntryName, $"the ONNX model ({onnx.ImageWidth}x{onnx.ImageHeight} images; classes {string.Join(", ", onnx.ClassNames)}) differs from {ClassifierEntry} ({classifier.ImageWidth}x{classifier.ImageHeight}; {string.Join(", ", classifier.ClassNames)}).");
        }

        return onnx;
    }

    /// <summary>The <c>classifier.json</c> entry of an image classifier step.</summary>
    internal sealed class Classifier
    {
        public string[] ClassNames { get; set; } = Array.Empty<string>();

        public string PixelsColumnName { get; set; } = "";

        public int ImageWidth { get; set; }

        public int ImageHeight { get; set; }
    }
}
