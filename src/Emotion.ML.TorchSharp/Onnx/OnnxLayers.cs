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
    public static StepMask ValidSteps(OnnxGraphBuilder g, string ids, string lengths) =>
        StepsMask(g, Dimension(g, ids, 1), lengths);

    /// <summary>Dimension <paramref name="axis"/> of <paramref name="x"/> as an int64 scalar.</summary>
    public static string Dimension(OnnxGraphBuilder g, string x, long axis)
    {
        var shape = g.Node("Shape", new[] { x });
        return g.NamedNode("Gather", new[] { shape, g.Int64s("axis" + axis, new[] { axis }, scalar: true) }, "steps", Int("axis", 0));
    }

    /// <summary>The valid-step masks for <paramref name="steps"/> steps (an int64 scalar) and <paramref name="lengths"/> [batch] (int64).</summary>
    public static StepMask StepsMask(OnnxGraphBuilder g, string steps, string lengths)
    {
        var positions = g.NamedNode("Range", new[] { g.Int64s("zero", new[] { 0L }, scalar: true), steps, g.Int64s("one", new[] { 1L }, scalar: true) }, "positions");
        var row = g.Node("Unsqueeze", new[] { positions, g.Int64s("axes", new[] { 0L }) });
        var column = g.Node("Unsqueeze", new[] { lengths, g.Int64s("axes", new[] { 1L }) });
        var valid = g.NamedNode("Less", new[] { row, column }, "valid_steps");
        var valid3 = g.NamedNode("Unsqueeze", new[] { valid, g.Int64s("axes", new[] { 1L }) }, "valid_mask");
        var weights = g.NamedNode("Cast", new[] { valid3 }, "step_weights", Int("to", (long)DataType.Float));
        return new StepMask(valid3, weights);
    }

    /// <summary>
    /// A block's Conv1d over [batch, channels, steps]: the network pads (k-1)/2 zero steps before and
    /// the rest after, then convolves with the module's stride (the module itself pads nothing).
    /// </summary>
    public static string Conv1d(OnnxGraphBuilder g, Conv1d conv, string x, string name)
    {
        if (conv.padding_type is not null || conv.padding_mode != PaddingModes.Zeros || conv.padding is not { Length: 1 } padding || padding[0] != 0 || conv.dilation[0] != 1)
        {
            throw new NotSupportedException($"Convolution '{name}' pads or dilates in a way the ONNX export does not write; it expects the block's explicit \"same\" padding and no dilation.");
        }

        var inputs = new List<string> { x, g.Weight(name + ".weight", conv.weight!) };
        if (conv.bias is not null)
        {
            inputs.Add(g.Weight(name + ".bias", conv.bias));
        }

        var kernel = conv.kernel_size[0];
        var before = (kernel - 1) / 2;
        return g.NamedNode(
            "Conv",
            inputs,
            name,
            Ints("kernel_shape", kernel),
            Ints("pads", before, kernel - 1 - before),
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

    /// <summary>
    /// k-max pooling of [batch, channels, steps] to [batch, channels * k]: the k largest values over the
    /// valid steps (the earliest of ties, as the network's stable sort picks), in step order, 0 where a
    /// row has fewer than k valid steps.
    /// </summary>
    public static string KMaxOverValidSteps(OnnxGraphBuilder g, string x, StepMask mask, int k)
    {
        var minusInfinity = g.Scalar("minus_infinity", float.NegativeInfinity);
        var filled = g.Node("Where", new[] { mask.Valid, x, minusInfinity });
        // Pad the step axis with -inf up to k steps, so TopK always has k candidates.
        var steps = Dimension(g, filled, 2);
        var missing = g.Node("Max", new[] { g.Node("Sub", new[] { g.Int64s("k", new[] { (long)k }, scalar: true), steps }), g.Int64s("zero", new[] { 0L }, scalar: true) });
        var pads = g.Node("Concat", new[] { g.Int64s("no_padding", new[] { 0L, 0L, 0L, 0L, 0L }), g.Node("Unsqueeze", new[] { missing, g.Int64s("axes", new[] { 0L }) }) }, Int("axis", 0));
        var padded = g.Node("Pad", new[] { filled, pads, minusInfinity }, String("mode", "constant"));
        var kTensor = g.Int64s("k_list", new[] { (long)k });
        var top = g.Node("TopK", new[] { padded, kTensor }, 2, "kmax", Int("axis", 2), Int("largest", 1), Int("sorted", 1));
        // Back to step order: the k positions sorted ascending (as floats, exact for any sentence length).
        var positions = g.Node("Cast", new[] { top[1] }, Int("to", (long)DataType.Float));
        var ordered = g.Node("TopK", new[] { positions, kTensor }, 2, "kmax_order", Int("axis", 2), Int("largest", 0), Int("sorted", 1));
        var index = g.Node("Cast", new[] { ordered[0] }, Int("to", (long)DataType.Int64));
        var values = g.Node("GatherElements", new[] { padded, index }, Int("axis", 2));
        var empty = g.Node("IsInf", new[] { values }, Int("detect_positive", 0), Int("detect_negative", 1));
        var cleaned = g.Node("Where", new[] { empty, g.Scalar("zero_float", 0f), values });
        return g.NamedNode("Flatten", new[] { cleaned }, "kmax_pooled", Int("axis", 1));
    }

    /// <summary>
    /// Additive attention over [batch, steps, features] to [batch, features]: scores v · tanh(W x + b),
    /// softmax over the steps where <paramref name="valid"/> [batch, steps] is true, weighted sum.
    /// </summary>
    public static string AttentionPooling(OnnxGraphBuilder g, NetworkParts parts, string path, string x, string valid)
    {
        var projection = parts.Get<Linear>(path + ".projection");
        var context = parts.Get<Linear>(path + ".context");
        var projected = g.Node("MatMul", new[] { x, g.Weight(path + ".projection.weight_t", projection.weight!.t()) });
        if (projection.bias is not null)
        {
            projected = g.Node("Add", new[] { projected, g.Weight(path + ".projection.bias", projection.bias) });
        }

        var scores = g.Node("MatMul", new[] { g.Node("Tanh", new[] { projected }), g.Weight(path + ".context.weight_t", context.weight!.t()) });
        scores = g.Node("Squeeze", new[] { scores, g.Int64s("axes2", new[] { 2L }) });
        var masked = g.Node("Where", new[] { valid, scores, g.Scalar("minus_infinity", float.NegativeInfinity) });
        var weights = g.NamedNode("Softmax", new[] { masked }, "attention_weights", Int("axis", 1));
        var summed = g.Node("MatMul", new[] { g.Node("Unsqueeze", new[] { weights, g.Int64s("axes", new[] { 1L }) }), x });
        return g.NamedNode("Squeeze", new[] { summed, g.Int64s("axes", new[] { 1L }) }, "attention_pooled");
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
    /// BatchNorm when the spec has it, the activation (dropout is the identity here), then the output
    /// layer. Returns the logits.
    /// </summary>
    public static string DenseHead(OnnxGraphBuilder g, NetworkParts parts, string path, IReadOnlyList<DenseLayer> specs, string x)
    {
        var layers = parts.List<Linear>(path + ".layers");
        if (layers.Count != specs.Count)
        {
            throw new NotSupportedException($"The dense head '{path}' has {layers.Count} layers but its configuration lists {specs.Count}.");
        }

        for (var i = 0; i < layers.Count; i++)
        {
            x = Linear(g, layers[i], x, $"{path}.layers.{i}");
            if (specs[i].BatchNorm)
            {
                x = BatchNorm(g, parts.Get<BatchNorm1d>($"{path}.norms.{i}"), x, $"{path}.norms.{i}");
            }

            x = Activation(g, specs[i].Activation, x);
        }

        return Linear(g, parts.Get<Linear>(path + ".output"), x, "logits");
    }

    /// <summary>A dense layer's non-linearity, as <see cref="Networks.DenseHead.Activate"/> computes it.</summary>
    public static string Activation(OnnxGraphBuilder g, DenseActivation activation, string x) => activation switch
    {
        DenseActivation.Relu => Relu(g, x),
        DenseActivation.Tanh => g.Node("Tanh", new[] { x }),
        DenseActivation.Sigmoid => g.Node("Sigmoid", new[] { x }),
        // Gelu is an operator only from opset 20: x * (1 + erf(x / sqrt 2)) / 2.
        DenseActivation.Gelu => g.Node("Mul", new[]
        {
            g.Node("Mul", new[] { x, g.Scalar("half", 0.5f) }),
            g.Node("Add", new[] { g.Node("Erf", new[] { g.Node("Mul", new[] { x, g.Scalar("inverse_sqrt2", (float)(1 / Math.Sqrt(2))) }) }), g.Scalar("one_float", 1f) }),
        }),
        DenseActivation.Elu => g.Node("Elu", new[] { x }, Float("alpha", 1f)),
        DenseActivation.LeakyRelu => g.Node("LeakyRelu", new[] { x }, Float("alpha", 0.01f)),
        DenseActivation.Linear => x,
        _ => throw new NotSupportedException($"The ONNX export does not write the {activation} activation."),
    };

    /// <summary>Class probabilities [batch, classes] from logits, as the named graph output.</summary>
    public static string Softmax(OnnxGraphBuilder g, string logits, string outputName) =>
        g.NamedNode("Softmax", new[] { logits }, outputName, Int("axis", 1));
}
