using Emotion.ML.Persistence;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Persistence;

/// <summary>
/// Archive entries of <see cref="SequenceClassificationTransformer"/>: <c>classifier.json</c> (class
/// names, frames column, the normalization and its per-feature statistics), <c>network.json</c>
/// (<see cref="NetworkConfig"/> with its frame size), <c>weights.bin</c> and <c>history.json</c>,
/// written as the text classifier writes them.
/// </summary>
/// <remarks>Emotion.ML finds this reader through the assembly-qualified name recorded in the manifest.</remarks>
internal sealed class SequenceClassifierArchive : IArchivedTransformerReader
{
    public const string Kind = "SequenceClassifier";
    public const string Package = TextClassifierArchive.Package;

    private const string ClassifierEntry = "classifier.json";
    private const string NetworkEntry = "network.json";

    public static void Write(SequenceClassificationTransformer transformer, nn.Module<Tensor, Tensor, Tensor> network, FrameNormalizer normalizer, ArchiveStepWriter writer)
    {
        var config = (network as IConfiguredNetwork)?.Config
            ?? throw new NotSupportedException($"The {network.GetType().Name} network cannot be written to an Emotion.ML model archive.");
        writer.WriteJson(ClassifierEntry, new Classifier
        {
            ClassNames = transformer.ClassNames.ToArray(),
            FramesColumnName = transformer.FramesColumnName,
            Normalization = normalizer.Kind,
            FeatureOffsets = normalizer.Offsets,
            FeatureScales = normalizer.Scales,
        });
        writer.WriteJson(NetworkEntry, config);
        TextClassifierArchive.WriteWeights(writer, network);
        TextClassifierArchive.WriteHistory(writer, transformer.History);
    }

    public ITransformer Read(ArchiveStepReader reader)
    {
        TorchRuntime.EnsureAvailable();
        var classifier = reader.ReadJson<Classifier>(ClassifierEntry);
        if (classifier.ClassNames is not { Length: >= 2 } || classifier.ClassNames.Any(string.IsNullOrEmpty) ||
            string.IsNullOrEmpty(classifier.FramesColumnName) || !Enum.IsDefined(classifier.Normalization))
        {
            throw reader.Fail(ClassifierEntry, "the class names, frames column or normalization are missing or invalid.");
        }

        FrameNormalizer normalizer;
        try
        {
            normalizer = new FrameNormalizer(classifier.Normalization, classifier.FeatureOffsets ?? Array.Empty<float>(), classifier.FeatureScales ?? Array.Empty<float>());
        }
        catch (ArgumentException ex)
        {
            throw reader.Fail(ClassifierEntry, $"the normalization statistics are invalid: {ex.Message}", ex);
        }

        var config = reader.ReadJson<NetworkConfig>(NetworkEntry);
        if (config.FrameSize != normalizer.FrameSize || config.Classes != classifier.ClassNames.Length)
        {
            throw reader.Fail(NetworkEntry, $"the network reads frames of {config.FrameSize} features into {config.Classes} classes; the step holds statistics for {normalizer.FrameSize} features and {classifier.ClassNames.Length} classes.");
        }

        var network = TextClassifierArchive.BuildWithWeights(reader, config);
        return new SequenceClassificationTransformer(network, normalizer, classifier.ClassNames, classifier.FramesColumnName, CPU, TextClassifierArchive.ReadHistory(reader));
    }

    private sealed class Classifier
    {
        public string[] ClassNames { get; set; } = Array.Empty<string>();

        public string FramesColumnName { get; set; } = "";

        public FrameNormalization Normalization { get; set; }

        public float[]? FeatureOffsets { get; set; }

        public float[]? FeatureScales { get; set; }
    }
}
