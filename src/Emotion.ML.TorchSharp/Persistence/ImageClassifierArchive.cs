using Emotion.ML.Persistence;
using Emotion.ML.TorchSharp.Trainers;
using Google.Protobuf;
using Microsoft.ML;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Persistence;

/// <summary>
/// Archive entries of <see cref="ImageClassificationTransformer"/>: <c>classifier.json</c> (class
/// names, pixels column, image size), <c>network.json</c> (<see cref="NetworkConfig"/>),
/// <c>weights.bin</c>, <c>model.onnx</c> (the network in ONNX form, which lets Emotion.ML score the
/// model without TorchSharp) and <c>history.json</c>.
/// </summary>
/// <remarks>Emotion.ML finds this reader through the assembly-qualified name recorded in the manifest.</remarks>
internal sealed class ImageClassifierArchive : IArchivedTransformerReader
{
    public const string Kind = OnnxImageArchiveReader.ClassifierKind;
    public const string Package = TextClassifierArchive.Package;

    private const string ClassifierEntry = OnnxImageArchiveReader.ClassifierEntry;
    private const string NetworkEntry = "network.json";

    public static void Write(ImageClassificationTransformer transformer, nn.Module<Tensor, Tensor, Tensor> network, ArchiveStepWriter writer)
    {
        var config = (network as IConfiguredNetwork)?.Config
            ?? throw new NotSupportedException($"The {network.GetType().Name} network cannot be written to an Emotion.ML model archive.");
        writer.WriteJson(ClassifierEntry, new OnnxImageArchiveReader.Classifier
        {
            ClassNames = transformer.ClassNames.ToArray(),
            PixelsColumnName = transformer.PixelsColumnName,
            ImageWidth = transformer.ImageWidth,
            ImageHeight = transformer.ImageHeight,
        });
        writer.WriteJson(NetworkEntry, config);
        TextClassifierArchive.WriteWeights(writer, network);
        using (var stream = writer.Create(OnnxArchiveReader.EntryName))
        {
            transformer.OnnxModel().WriteTo(stream);
        }

        TextClassifierArchive.WriteHistory(writer, transformer.History);
    }

    public ITransformer Read(ArchiveStepReader reader)
    {
        TorchRuntime.EnsureAvailable();
        var classifier = OnnxImageArchiveReader.ReadClassifier(reader);
        var config = reader.ReadJson<NetworkConfig>(NetworkEntry);
        if (config.Architecture != NetworkConfig.ImageCnn || config.ImageWidth != classifier.ImageWidth || config.ImageHeight != classifier.ImageHeight || config.Classes != classifier.ClassNames.Length)
        {
            throw reader.Fail(NetworkEntry, $"the network ({config.Architecture}, {config.ImageWidth}x{config.ImageHeight} images, {config.Classes} classes) does not match {ClassifierEntry} ({classifier.ImageWidth}x{classifier.ImageHeight} images, {classifier.ClassNames.Length} classes).");
        }

        var network = TextClassifierArchive.BuildWithWeights(reader, config);
        return new ImageClassificationTransformer(network, classifier.ClassNames, classifier.PixelsColumnName, classifier.ImageWidth, classifier.ImageHeight, CPU, TextClassifierArchive.ReadHistory(reader));
    }
}
