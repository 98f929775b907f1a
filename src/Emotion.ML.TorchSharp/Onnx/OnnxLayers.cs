using Emotion.ML.TorchSharp.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static Emotion.ML.TorchSharp.Onnx.OnnxGraphBuilder;
using DataType = Emotion.ML.TorchSharp.Onnx.Protobuf.TensorProto.Types.DataType;

namespace Emotion.ML.TorchSharp.Onnx;

/// <summary>Which steps of a padded batch are real tokens, as a graph computes it from the lengths.</summary>
/// <param name="Valid">bool [batch, 1, steps]: true before each row's length.</param>
/// <param name="Weights">float [batch, 1, steps]: 1 before each row's length, else 0.</param>
internal readonly record struct StepMask(string Valid, string Weights);

/// <summary>
/// The graph form of each building block of the text networks, evaluation mode (dropout is the
/// identity, batch norm uses its running statistics). Each takes value names and returns the name
/// of its result, so an architecture is written as the same sequence of calls as its forward pass.
/// </summary>
internal static class OnnxLayers
{
    /// <summary>Embedding lookup: token ids [batch, steps] to vectors [batch, steps, dimension].</summary>
    public static string Embedding(OnnxGraphBuilder g, TokenEmbedding embedding, string ids) =>
        g.NamedNode("Gather", new[] { g.Weight("embedding.weight", embedding.Weight), ids }, "embedded", Int("axis", 0));

    /// <summary>The valid-step masks for <paramref name="ids"/> [batch, steps] and <paramref name="lengths"/> [batch] (int64).</summary>
    public static StepMask ValidSteps(OnnxGraphBuilder g, string ids, string lengths)
    {
        var shape = g.Node("Shape", new[] { ids });
        var steps = g.NamedNode("Gather", new[] { shape, g.Int64s("one", new[] { 1L }, scalar: true) }, "steps", Int("axis", 0));
        var positions = g.NamedNode("Range", new[] { g.Int64s("zero", new[] { 0L }, scalar: true), steps, g.Int64s("one", new[] { 1L }, scalar: true) }, "positions");
        var row = g.Node("Unsqueeze", new[] { positions, g.Int64s("axes", new[] { 0L }) });
        var column = g.Node("Unsqueeze", new[] { lengths, g.Int64s("axes", new[] { 1L }) });
        var valid = g.NamedNode("Less", new[] { row, column }, "valid_steps");
        var valid3 = g.NamedNode("Unsqueeze", new[] { valid, g.Int64s("axes", new[] { 1L }) }, "valid_mask");
        var weights = g.NamedNode("Cast", new[] { valid3 }, "step_weights", Int("to", (long)DataType.Float));
        return new StepMask(valid3, weights);
    }

    /// <summary>Conv1d over [batch, channels, steps] with PyTorch's zero padding, stride, dilation and groups.</summary>
    public static string Conv1d(OnnxGraphBuilder g, Conv1d conv, string x, string name)
    {
        if (conv.padding_type is not null || conv.padding_mode != PaddingModes.Zeros || conv.padding is not { Length: 1 } padding)
        {
            throw new NotSupportedException($"Convolution '{name}' uses a padding the ONNX export does not write; only explicit zero padding is supported.");
        }

        var inputs = new List<string> { x, g.Weight(name + ".weight", conv.weight!) };
        if (conv.bias is not null)
        {
            inputs.Add(g.Weight(name + ".bias", conv.bias));
        }

        var pad = padding[0];
        return g.NamedNode(
            "Conv",
            inputs,
            name,
            Ints("kernel_shape", conv.kernel_size[0]),
            Ints("pads", pad, pad),
            Ints("strides", conv.stride[0]),
            Ints("dilations", conv.dilation[0]),
            Int("group", conv.groups));
    }

    /// <summary>BatchNorm over axis 1 of [batch, channels] or [batch, channels, steps], with the running statistics.</summary>
    public static string BatchNorm(OnnxGraphBuilder g, BatchNorm norm, string x, string name)
    {
        if (norm.running_mean is null || norm.running_var is null)
        {
            throw new NotSupportedException($"Batch norm '{name}' keeps no running statistics, so it has no evaluation form to export.");
        }

        var features = norm.num_features;
        var scale = norm.weight is null ? g.Floats(name + ".weight", Enumerable.Repeat(1f, (int)features).ToArray(), features) : g.Weight(name + ".weight", norm.weight);
        var shift = norm.bias is null ? g.Floats(name + ".bias", new float[features], features) : g.Weight(name + ".bias", norm.bias);
        return g.NamedNode(
            "BatchNormalization",
            new[] { x, scale, shift, g.Weight(name + ".running_mean", norm.running_mean), g.Weight(name + ".running_var", norm.running_var) },
            name,
            Float("epsilon", (float)norm.eps));
    }

    /// <summary>A fully connected layer on [batch, features].</summary>
    public static string Linear(OnnxGraphBuilder g, Linear linear, string x, string name)
    {
        var inputs = new List<string> { x, g.Weight(name + ".weight", linear.weight!) };
        if (linear.bias is not null)
        {
            inputs.Add(g.Weight(name + ".bias", linear.bias));
        }

        return g.NamedNode("Gemm", inputs, name, Int("transB", 1));
    }

    public static string Relu(OnnxGraphBuilder g, string x) => g.Node("Relu", new[] { x });

    /// <summary>Zeroes padded steps of [batch, channels, steps].</summary>
    public static string ApplyMask(OnnxGraphBuilder g, string x, StepMask mask) => g.NamedNode("Mul", new[] { x, mask.Weights }, "masked");

    /// <summary>Max over the valid steps of [batch, channels, steps] to [batch, channels]; 0 for rows with no valid step.</summary>
    public static string MaxOverValidSteps(OnnxGraphBuilder g, string x, StepMask mask)
    {
        var filled = g.Node("Where", new[] { mask.Valid, x, g.Scalar("minus_infinity", float.NegativeInfinity) });
        var max = g.NamedNode("ReduceMax", new[] { filled }, "max_pooled", Ints("axes", 2), Int("keepdims", 0));
        // Only an empty row reaches -inf; a NaN passes through, as in the network.
        var empty = g.Node("IsInf", new[] { max }, Int("detect_positive", 0), Int("detect_negative", 1));
        return g.Node("Where", new[] { empty, g.Scalar("zero_float", 0f), max });
    }

    /// <summary>Mean over the valid steps of [batch, channels, steps] to [batch, channels]; 0 for rows with no valid step.</summary>
    public static string MeanOverValidSteps(OnnxGraphBuilder g, string x, StepMask mask)
    {
        var axes = g.Int64s("axes", new[] { 2L });
        var sum = g.Node("ReduceSum", new[] { ApplyMask(g, x, mask), axes }, Int("keepdims", 0));
        var count = g.Node("ReduceSum", new[] { mask.Weights, axes }, Int("keepdims", 0));
        var divisor = g.Node("Max", new[] { count, g.Scalar("one_float", 1f) });
        return g.NamedNode("Div", new[] { sum, divisor }, "mean_pooled");
    }

    /// <summary>
    /// The network's <see cref="DenseHead"/> at <paramref name="path"/>: per hidden layer Linear,
    /// BatchNorm, ReLU (dropout is the identity here), then the output layer. Returns the logits.
    /// </summary>
    public static string DenseHead(OnnxGraphBuilder g, NetworkParts parts, string path, string x)
    {
        var layers = parts.List<Linear>(path + ".layers");
        var norms = parts.List<BatchNorm1d>(path + ".norms");
        if (layers.Count != norms.Count)
        {
            throw new NotSupportedException($"The dense head '{path}' has {layers.Count} layers but {norms.Count} batch norms.");
        }

        for (var i = 0; i < layers.Count; i++)
        {
            x = Linear(g, layers[i], x, $"{path}.layers.{i}");
            x = BatchNorm(g, norms[i], x, $"{path}.norms.{i}");
            x = Relu(g, x);
        }

        return Linear(g, parts.Get<Linear>(path + ".output"), x, "logits");
    }

    /// <summary>Class probabilities [batch, classes] from logits, as the named graph output.</summary>
    public static string Softmax(OnnxGraphBuilder g, string logits, string outputName) =>
        g.NamedNode("Softmax", new[] { logits }, outputName, Int("axis", 1));
}
