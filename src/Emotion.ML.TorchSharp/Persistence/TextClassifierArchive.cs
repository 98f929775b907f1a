using System.Text;
using Emotion.ML.Persistence;
using Emotion.ML.Tokenization;
using Emotion.ML.TorchSharp.Onnx.Protobuf;
using Emotion.ML.TorchSharp.Trainers;
using Emotion.ML.TorchSharp.Training;
using Google.Protobuf;
using Microsoft.ML;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Persistence;

/// <summary>
/// Archive entries of <see cref="TextClassificationTransformer"/>: <c>classifier.json</c> (class
/// names, tokens column, minimum padded steps), <c>network.json</c> (<see cref="NetworkConfig"/>),
/// <c>vocabulary.txt</c>, <c>weights.bin</c> (TorchSharp's state-dict format), <c>model.onnx</c> (the
/// network in ONNX form, optional when reading) and <c>history.json</c>.
/// </summary>
/// <remarks>Emotion.ML finds this reader through the assembly-qualified name recorded in the manifest.</remarks>
internal sealed class TextClassifierArchive : IArchivedTransformerReader
{
    public const string Kind = OnnxArchiveReader.ClassifierKind;
    public const string Package = "Emotion.ML.TorchSharp";

    private const string ClassifierEntry = "classifier.json";
    private const string NetworkEntry = "network.json";
    private const string WeightsEntry = "weights.bin";
    private const string HistoryEntry = "history.json";

    public static void Write(TextClassificationTransformer transformer, nn.Module<Tensor, Tensor, Tensor> network, int minSteps, ArchiveStepWriter writer)
    {
        var config = (network as IConfiguredNetwork)?.Config
            ?? throw new NotSupportedException($"The {network.GetType().Name} network cannot be written to an Emotion.ML model archive.");
        writer.WriteJson(ClassifierEntry, new Classifier
        {
            ClassNames = transformer.ClassNames.ToArray(),
            TokensColumnName = transformer.TokensColumnName,
            MinSteps = minSteps,
        });
        writer.WriteJson(NetworkEntry, config);
        VocabularyEntry.Write(writer, transformer.Vocabulary);
        WriteWeights(writer, network);

        // The ONNX form lets Emotion.ML load the classifier without TorchSharp; readers treat it as optional.
        ModelProto? onnx;
        try
        {
            onnx = transformer.OnnxModel(text: null);
        }
        catch (NotSupportedException)
        {
            onnx = null; // A network the export cannot write is saved without its ONNX form.
        }

        if (onnx is not null)
        {
            using var stream = writer.Create(OnnxArchiveReader.EntryName);
            onnx.WriteTo(stream);
        }

        WriteHistory(writer, transformer.History);
    }

    /// <summary>Writes the <c>history.json</c> entry every trained classifier's step holds.</summary>
    internal static void WriteHistory(ArchiveStepWriter writer, TrainingHistory history) =>
        writer.WriteJson(HistoryEntry, new History { Epochs = history.Epochs.ToArray(), BestEpoch = history.BestEpoch, StopReason = history.StopReason });

    public ITransformer Read(ArchiveStepReader reader)
    {
        TorchRuntime.EnsureAvailable();
        var classifier = reader.ReadJson<Classifier>(ClassifierEntry);
        if (classifier.ClassNames is not { Length: >= 2 } || classifier.ClassNames.Any(string.IsNullOrEmpty) ||
            string.IsNullOrEmpty(classifier.TokensColumnName) || classifier.MinSteps < 1)
        {
            throw reader.Fail(ClassifierEntry, "the class names, tokens column or minimum steps are missing or invalid.");
        }

        var config = reader.ReadJson<NetworkConfig>(NetworkEntry);
        var vocabulary = VocabularyEntry.Read(reader);
        if (config.VocabularySize != vocabulary.Count || config.Classes != classifier.ClassNames.Length)
        {
            throw reader.Fail(NetworkEntry, $"the network expects {config.VocabularySize} words and {config.Classes} classes; the step holds {vocabulary.Count} words and {classifier.ClassNames.Length} classes.");
        }

        var network = BuildWithWeights(reader, config);

        return new TextClassificationTransformer(network, vocabulary, classifier.ClassNames, classifier.TokensColumnName, classifier.MinSteps, CPU, ReadHistory(reader));
    }

    /// <summary>Writes the network's <c>weights.bin</c> entry (TorchSharp's state-dict format).</summary>
    internal static void WriteWeights(ArchiveStepWriter writer, nn.Module network)
    {
        using var stream = writer.Create(WeightsEntry, compress: false);
        using var output = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        network.save(output);
    }

    /// <summary>Builds the network <paramref name="config"/> describes and loads its <c>weights.bin</c> entry.</summary>
    internal static nn.Module<Tensor, Tensor, Tensor> BuildWithWeights(ArchiveStepReader reader, NetworkConfig config)
    {
        var network = Build(reader, config);
        try
        {
            reader.Read(WeightsEntry, stream =>
            {
                using var input = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
                return network.load(input, strict: true);
            });
        }
        catch (Exception ex) when (ex is ArgumentException or EndOfStreamException or InvalidOperationException or IOException)
        {
            network.Dispose();
            throw reader.Fail(WeightsEntry, $"the weights do not fit the network or are truncated: {ex.Message}", ex);
        }
        catch
        {
            network.Dispose();
            throw;
        }

        return network;
    }

    /// <summary>Builds the network <paramref name="config"/> describes, failing with a message naming the entry.</summary>
    private static nn.Module<Tensor, Tensor, Tensor> Build(ArchiveStepReader reader, NetworkConfig config)
    {
        try
        {
            return config.Build();
        }
        catch (Exception ex) when (ex is ArgumentException or OverflowException)
        {
            throw reader.Fail(NetworkEntry, ex.Message, ex);
        }
    }

    /// <summary>Reads what <see cref="WriteHistory"/> wrote.</summary>
    internal static TrainingHistory ReadHistory(ArchiveStepReader reader)
    {
        var history = reader.ReadJson<History>(HistoryEntry);
        if (history.Epochs is null || history.Epochs.Any(e => e is null) || !Enum.IsDefined(history.StopReason))
        {
            throw reader.Fail(HistoryEntry, "the epochs or stop reason are missing or invalid.");
        }

        return new TrainingHistory(history.Epochs, history.BestEpoch, history.StopReason);
    }

    private sealed class Classifier
    {
        public string[] ClassNames { get; set; } = Array.Empty<string>();

        public string TokensColumnName { get; set; } = "";

        public int MinSteps { get; set; }
    }

    private sealed class History
    {
        public EpochRecord[] Epochs { get; set; } = Array.Empty<EpochRecord>();

        public int BestEpoch { get; set; }

        public StopReason StopReason { get; set; }
    }
}
