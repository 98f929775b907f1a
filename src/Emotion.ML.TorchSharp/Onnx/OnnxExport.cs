using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Emotion.ML.Onnx;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Onnx.Protobuf;
using Emotion.ML.TorchSharp.Persistence;
using Google.Protobuf;
using TorchSharp;
using TorchSharp.Modules;
using static Emotion.ML.TorchSharp.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;
using DataType = Emotion.ML.TorchSharp.Onnx.Protobuf.TensorProto.Types.DataType;

namespace Emotion.ML.TorchSharp.Onnx;

/// <summary>
/// Writes a trained text network as an ONNX model: inputs <c>token_ids</c> int64 [batch, sequence]
/// and <c>lengths</c> int64 [batch], output <c>probabilities</c> float [batch, classes] (softmax of
/// the logits), with the class names and vocabulary in the metadata.
/// </summary>
/// <remarks>
/// Padding after each row's length never changes its probabilities, as in the network. Each
/// architecture is a sequence of <see cref="OnnxLayers"/> / <see cref="OnnxRecurrentLayers"/> calls
/// that mirrors its forward pass; a new architecture adds one such method.
/// </remarks>
internal static class OnnxExport
{
    /// <summary>ONNX Runtime 1.17+ runs opset 17, which needs IR version 8.</summary>
    public const long Opset = 17;
    public const long IrVersion = 8;

    // The contract lives in Emotion.ML, which reads what is written here.
    public const string TokenIdsInput = OnnxModelContract.TokenIdsInput;
    public const string LengthsInput = OnnxModelContract.LengthsInput;
    public const string ProbabilitiesOutput = OnnxModelContract.ProbabilitiesOutput;
    public const string BatchAxis = OnnxModelContract.BatchAxis;
    public const string SequenceAxis = OnnxModelContract.SequenceAxis;
    public const string FormatVersion = OnnxModelContract.FormatVersion;
    public const string FormatVersionKey = OnnxModelContract.FormatVersionKey;
    public const string ArchitectureKey = OnnxModelContract.ArchitectureKey;
    public const string NetworkKey = OnnxModelContract.NetworkKey;
    public const string ClassNamesKey = OnnxModelContract.ClassNamesKey;
    public const string VocabularyKey = OnnxModelContract.VocabularyKey;

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The ONNX model of <paramref name="network"/> in evaluation mode; the network is not changed.</summary>
    /// <param name="network">The trained network.</param>
    /// <param name="config">Its configuration.</param>
    /// <param name="classNames">The class names in output order.</param>
    /// <param name="vocabulary">The words in id order.</param>
    /// <param name="minSteps">The fewest steps a batch is padded to, recorded for readers (1: none).</param>
    /// <param name="text">The text preprocessing of the pipeline, recorded when known.</param>
    /// <exception cref="NotSupportedException">The network has a layer the export cannot write.</exception>
    public static ModelProto Export(nn.Module network, NetworkConfig config, IReadOnlyList<string> classNames, IReadOnlyList<string> vocabulary, int minSteps = 1, TextPreprocessing? text = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (classNames.Count != config.Classes)
        {
            throw new ArgumentException($"The network has {config.Classes} outputs but {classNames.Count} class names were given.", nameof(classNames));
        }

        if (vocabulary.Count != config.VocabularySize)
        {
            throw new ArgumentException($"The network embeds {config.VocabularySize} words but the vocabulary has {vocabulary.Count}.", nameof(vocabulary));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var g = new OnnxGraphBuilder("emotion_ml_text_classifier");
        var ids = g.AddInput(TokenIdsInput, DataType.Int64, BatchAxis, SequenceAxis);
        var lengths = g.AddInput(LengthsInput, DataType.Int64, BatchAxis);
        var parts = new NetworkParts(network);
        var logits = config.Architecture switch
        {
            NetworkConfig.TextCnn => TextCnn(g, parts, config, ids, lengths),
            NetworkConfig.Recurrent or NetworkConfig.BiLstm => Recurrent(g, parts, config, ids, lengths),
            _ => throw new NotSupportedException($"The ONNX export does not know the '{config.Architecture}' architecture."),
        };
        OnnxLayers.Softmax(g, logits, ProbabilitiesOutput);
        g.AddOutput(ProbabilitiesOutput, DataType.Float, BatchAxis, (long)config.Classes);

        var model = NewModel(g, "Text classifier: token ids and lengths in, class probabilities out.", config.Architecture, config, classNames);
        AddMetadata(model, VocabularyKey, JsonSerializer.Serialize(vocabulary));
        if (minSteps > 1)
        {
            AddMetadata(model, OnnxModelContract.MinSequenceLengthKey, minSteps.ToString(CultureInfo.InvariantCulture));
        }

        if (text is not null)
        {
            AddMetadata(model, OnnxModelContract.TextPipelineKey, text.ToJson());
        }

        return model;
    }

    /// <summary>
    /// The ONNX model of a frame-sequence network: input <c>frames</c> float [batch, sequence, frame
    /// size] (raw: the graph applies the fitted per-feature normalization) and <c>lengths</c>;
    /// output <c>probabilities</c>; class names and frame size in the metadata.
    /// </summary>
    /// <exception cref="NotSupportedException">The network has a layer the export cannot write.</exception>
    public static ModelProto ExportSequence(nn.Module network, NetworkConfig config, IReadOnlyList<string> classNames, float[] offsets, float[] scales)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count != config.Classes)
        {
            throw new ArgumentException($"The network has {config.Classes} outputs but {classNames.Count} class names were given.", nameof(classNames));
        }

        if (config.FrameSize < 1 || offsets.Length != config.FrameSize || scales.Length != config.FrameSize)
        {
            throw new ArgumentException($"The network reads frames of {config.FrameSize} features; the normalization has {offsets.Length} offsets and {scales.Length} scales.", nameof(offsets));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var g = new OnnxGraphBuilder("emotion_ml_sequence_classifier");
        var frames = g.AddInput(OnnxModelContract.FramesInput, DataType.Float, BatchAxis, SequenceAxis, (long)config.FrameSize);
        var lengths = g.AddInput(LengthsInput, DataType.Int64, BatchAxis);
        var normalized = g.NamedNode("Mul", new[] { g.Node("Sub", new[] { frames, g.Floats("feature_offsets", offsets, config.FrameSize) }), g.Floats("feature_scales", scales, config.FrameSize) }, "normalized_frames");
        var logits = Recurrent(g, new NetworkParts(network), config, frames, lengths, normalized);
        OnnxLayers.Softmax(g, logits, ProbabilitiesOutput);
        g.AddOutput(ProbabilitiesOutput, DataType.Float, BatchAxis, (long)config.Classes);

        var model = NewModel(g, "Sequence classifier: raw frames and lengths in, class probabilities out.", "SequenceRnn", config, classNames);
        AddMetadata(model, OnnxModelContract.FrameSizeKey, config.FrameSize.ToString(CultureInfo.InvariantCulture));
        return model;
    }

    /// <summary>Writes <see cref="Export"/>'s model to <paramref name="stream"/> (left open).</summary>
    public static void Write(nn.Module network, NetworkConfig config, IReadOnlyList<string> classNames, IReadOnlyList<string> vocabulary, Stream stream, int minSteps = 1, TextPreprocessing? text = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Export(network, config, classNames, vocabulary, minSteps, text).WriteTo(stream);
    }

    /// <summary>
    /// <see cref="TextCnnNetwork"/>: embedding, then per kernel-size branch [Conv1d, ReLU, BatchNorm,
    /// zero padded steps] per block, the branch pooled over its valid steps; branches concatenated, dense head.
    /// </summary>
    private static string TextCnn(OnnxGraphBuilder g, NetworkParts parts, NetworkConfig config, string ids, string lengths)
    {
        var convolutions = parts.List<Conv1d>("convolutions");
        var norms = parts.List<BatchNorm1d>("convolutionNorms");
        var kernels = config.KernelSizes.Length > 0 ? config.KernelSizes : new[] { config.KernelSize };
        var blocks = config.ConvolutionBlocks;
        if (convolutions.Count != kernels.Length * blocks || norms.Count != convolutions.Count)
        {
            throw new NotSupportedException($"The TextCnn network has {convolutions.Count} convolutions and {norms.Count} batch norms; its configuration asks for {kernels.Length} branches of {blocks} blocks.");
        }

        var stride = Math.Max(config.Stride, 1);
        var embedded = g.Node("Transpose", new[] { OnnxLayers.Embedding(g, parts.Get<TokenEmbedding>("embedding"), ids) }, Ints("perm", 0, 2, 1));
        var pooled = new List<string>();
        for (var b = 0; b < kernels.Length; b++)
        {
            var x = embedded;
            var valid = lengths;
            StepMask mask = default;
            for (var i = 0; i < blocks; i++)
            {
                var index = b * blocks + i;
                x = OnnxLayers.Conv1d(g, convolutions[index], x, $"convolutions.{index}");
                x = OnnxLayers.Relu(g, x);
                x = OnnxLayers.BatchNorm(g, norms[index], x, $"convolutionNorms.{index}");
                if (stride > 1)
                {
                    // ceil(length / stride) valid steps remain after each strided block.
                    valid = g.Node("Div", new[] { g.Node("Add", new[] { valid, g.Int64s("stride_minus_one", new[] { stride - 1L }, scalar: true) }), g.Int64s("stride", new[] { (long)stride }, scalar: true) });
                }

                mask = OnnxLayers.StepsMask(g, OnnxLayers.Dimension(g, x, 2), valid);
                x = OnnxLayers.ApplyMask(g, x, mask);
            }

            pooled.Add(config.ConvolutionPooling switch
            {
                ConvolutionPooling.Max => OnnxLayers.MaxOverValidSteps(g, x, mask),
                ConvolutionPooling.Average => OnnxLayers.MeanOverValidSteps(g, x, mask),
                ConvolutionPooling.KMax => OnnxLayers.KMaxOverValidSteps(g, x, mask, Math.Max(config.PoolingK, 1)),
                _ => throw new NotSupportedException($"The ONNX export does not write {config.ConvolutionPooling} pooling."),
            });
        }

        var features = pooled.Count == 1 ? pooled[0] : g.Node("Concat", pooled, Int("axis", 1));
        return OnnxLayers.DenseHead(g, parts, "head", DenseLayers(config), features);
    }

    /// <summary>
    /// <see cref="RecurrentNetwork"/>: embedding, optional convolution blocks, per layer a forward and
    /// (bidirectional) a reverse node with their outputs concatenated, pooling of the last layer, dense head.
    /// </summary>
    /// <param name="g">The graph.</param>
    /// <param name="parts">The network's layers.</param>
    /// <param name="config">The network's shape.</param>
    /// <param name="ids">The batch input whose axis 1 counts the steps (token ids, or frames).</param>
    /// <param name="lengths">Valid steps per row.</param>
    /// <param name="input">[batch, steps, features] replacing the embedding lookup (frame networks); null for token ids.</param>
    private static string Recurrent(OnnxGraphBuilder g, NetworkParts parts, NetworkConfig config, string ids, string lengths, string? input = null)
    {
        var pooling = config.Pooling;
        var forward = parts.List<nn.Module>("forwardLayers");
        var backward = parts.List<nn.Module>("backwardLayers");
        if (forward.Count == 0 || (backward.Count != 0 && backward.Count != forward.Count))
        {
            throw new NotSupportedException($"The recurrent network has {forward.Count} forward and {backward.Count} backward layers; the ONNX export expects at least one forward layer and none or as many backward layers.");
        }

        var bidirectional = backward.Count > 0;
        var sequenceLengths = OnnxRecurrentLayers.SequenceLengths(g, lengths);
        var embedded = input ?? OnnxLayers.Embedding(g, parts.Get<TokenEmbedding>("embedding"), ids);
        var convolutions = parts.List<Conv1d>("convolutions");
        var convolutionNorms = parts.List<BatchNorm1d>("convolutionNorms");
        if (convolutions.Count != convolutionNorms.Count)
        {
            throw new NotSupportedException($"The recurrent network has {convolutions.Count} convolutions but {convolutionNorms.Count} batch norms.");
        }

        if (convolutions.Count > 0)
        {
            // The CNN+BiLSTM front end: blocks over [batch, channels, steps], padding re-zeroed after each.
            var mask = OnnxLayers.ValidSteps(g, ids, lengths);
            var features = g.Node("Transpose", new[] { embedded }, Ints("perm", 0, 2, 1));
            for (var i = 0; i < convolutions.Count; i++)
            {
                features = OnnxLayers.Conv1d(g, convolutions[i], features, $"convolutions.{i}");
                features = OnnxLayers.Relu(g, features);
                features = OnnxLayers.BatchNorm(g, convolutionNorms[i], features, $"convolutionNorms.{i}");
                features = OnnxLayers.ApplyMask(g, features, mask);
            }

            embedded = g.Node("Transpose", new[] { features }, Ints("perm", 0, 2, 1));
        }

        var x = OnnxRecurrentLayers.SwapBatchAndTime(g, embedded);
        string? pooled = null;
        for (var i = 0; i < forward.Count; i++)
        {
            var (ahead, aheadFinal) = OnnxRecurrentLayers.Layer(g, forward[i], x, sequenceLengths, reverse: false, $"forwardLayers.{i}");
            var behind = bidirectional ? OnnxRecurrentLayers.Layer(g, backward[i], x, sequenceLengths, reverse: true, $"backwardLayers.{i}") : default;
            if (i == forward.Count - 1 && pooling == SequencePooling.FinalStates)
            {
                pooled = bidirectional ? g.Node("Concat", new[] { aheadFinal, behind.Final }, Int("axis", 1)) : aheadFinal;
                break;
            }

            // Dropout between layers is the identity in evaluation.
            x = bidirectional ? g.Node("Concat", new[] { ahead, behind.Outputs }, Int("axis", 2)) : ahead;
        }

        if (pooled is null && pooling == SequencePooling.Attention)
        {
            // Lengths clamped to 1, as the network does: an empty row attends to its one padding step.
            var clamped = g.Node("Max", new[] { lengths, g.Int64s("one", new[] { 1L }, scalar: true) });
            var valid = OnnxLayers.ValidSteps(g, ids, clamped);
            var batchFirst = g.Node("Transpose", new[] { x }, Ints("perm", 1, 0, 2));            // [steps, batch, units] to [batch, steps, units]
            var rows = g.Node("Squeeze", new[] { valid.Valid, g.Int64s("axes", new[] { 1L }) });   // [batch, steps]
            pooled = OnnxLayers.AttentionPooling(g, parts, "attention", batchFirst, rows);
        }
        else if (pooled is null)
        {
            var mask = OnnxLayers.ValidSteps(g, ids, lengths);
            var channels = g.Node("Transpose", new[] { x }, Ints("perm", 1, 2, 0));   // [steps, batch, units] to [batch, units, steps]
            pooled = pooling switch
            {
                SequencePooling.Max => OnnxLayers.MaxOverValidSteps(g, channels, mask),
                SequencePooling.Mean => OnnxLayers.MeanOverValidSteps(g, channels, mask),
                _ => throw new NotSupportedException($"The ONNX export does not write {pooling} pooling."),
            };
        }

        return OnnxLayers.DenseHead(g, parts, "head", DenseLayers(config), pooled);
    }

    /// <summary>The dense layers of <paramref name="config"/>, older archives' shared-dropout form included.</summary>
    private static IReadOnlyList<DenseLayer> DenseLayers(NetworkConfig config) =>
        config.DenseLayers ?? (config.DenseUnits ?? Array.Empty<int>()).Select(u => new DenseLayer(u)).ToArray();

    /// <summary>The model around graph <paramref name="g"/>: opset, producer and the metadata every export carries.</summary>
    internal static ModelProto NewModel(OnnxGraphBuilder g, string description, string architecture, NetworkConfig config, IReadOnlyList<string> classNames)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Emotion.ML",
            ProducerVersion = typeof(OnnxExport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
            DocString = description,
            Graph = g.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        AddMetadata(model, FormatVersionKey, FormatVersion);
        AddMetadata(model, ArchitectureKey, architecture);
        AddMetadata(model, NetworkKey, JsonSerializer.Serialize(config, Json));
        AddMetadata(model, ClassNamesKey, JsonSerializer.Serialize(classNames));
        return model;
    }

    internal static void AddMetadata(ModelProto model, string key, string value) =>
        model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
}
