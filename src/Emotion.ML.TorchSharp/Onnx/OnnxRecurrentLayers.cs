using Emotion.ML.TorchSharp.Onnx.Protobuf;
using TorchSharp;
using TorchSharp.Modules;
using static Emotion.ML.TorchSharp.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;
using DataType = Emotion.ML.TorchSharp.Onnx.Protobuf.TensorProto.Types.DataType;

namespace Emotion.ML.TorchSharp.Onnx;

/// <summary>
/// One-direction, one-layer TorchSharp RNN / LSTM / GRU modules as ONNX RNN / LSTM / GRU nodes,
/// on time-major values [steps, batch, features] (ONNX Runtime runs only the time-major layout).
/// </summary>
/// <remarks>
/// With <c>sequence_lens</c>, an ONNX node reads each row only up to its length: forward from
/// step 0, reverse from step length-1 down to 0, with outputs written back at the original steps
/// (zeros after the length) and <c>Y_h</c> the state after the last step read. A network layer that
/// reads each sentence reversed within its length, re-reversed afterwards, is therefore exactly a
/// reverse node, and its final state is the reverse node's <c>Y_h</c>.
/// </remarks>
internal static class OnnxRecurrentLayers
{
    /// <summary>Lengths as ONNX recurrent nodes take them: int32, at least 1 (an empty row reads its first, padding, step).</summary>
    public static string SequenceLengths(OnnxGraphBuilder g, string lengths)
    {
        var atLeastOne = g.Node("Max", new[] { lengths, g.Int64s("one", new[] { 1L }, scalar: true) });
        return g.NamedNode("Cast", new[] { atLeastOne }, "sequence_lens", Int("to", (long)DataType.Int32));
    }

    /// <summary>[batch, steps, features] to [steps, batch, features] and back (the same permutation).</summary>
    public static string SwapBatchAndTime(OnnxGraphBuilder g, string x) => g.Node("Transpose", new[] { x }, Ints("perm", 1, 0, 2));

    /// <summary>
    /// One recurrent layer over <paramref name="x"/> [steps, batch, features]. Returns its outputs
    /// [steps, batch, units] (zeros after each row's length) and final states [batch, units].
    /// </summary>
    public static (string Outputs, string Final) Layer(OnnxGraphBuilder g, nn.Module layer, string x, string sequenceLengths, bool reverse, string name)
    {
        (string opType, int[] gateOrder, AttributeProto[] attributes) = layer switch
        {
            // PyTorch stacks gates i,f,g,o; ONNX i,o,f,c.
            LSTM => ("LSTM", new[] { 0, 3, 1, 2 }, Array.Empty<AttributeProto>()),

            // PyTorch r,z,n; ONNX z,r,h. PyTorch applies the reset gate after the hidden projection.
            GRU => ("GRU", new[] { 1, 0, 2 }, new[] { Int("linear_before_reset", 1) }),

            // The text networks build their simple RNN layers with tanh.
            RNN => ("RNN", new[] { 0 }, new[] { Strings("activations", "Tanh") }),
            _ => throw new NotSupportedException($"Recurrent layer '{name}' is a {layer.GetType().Name}; the ONNX export writes RNN, LSTM and GRU layers."),
        };

        var tensors = NetworkParts.Tensors(layer);
        if (tensors.Keys.Any(k => !k.EndsWith("_l0", StringComparison.Ordinal)))
        {
            throw new NotSupportedException($"Recurrent layer '{name}' stacks layers or directions inside one module; the ONNX export expects one layer, one direction per module.");
        }

        var inputWeights = Require(tensors, "weight_ih_l0", name);
        var hiddenWeights = Require(tensors, "weight_hh_l0", name);
        var units = hiddenWeights.shape[1];
        var gates = gateOrder.Length;
        var bias = tensors.TryGetValue("bias_ih_l0", out var inputBias) && tensors.TryGetValue("bias_hh_l0", out var hiddenBias)
            ? cat(new[] { Reorder(inputBias, gateOrder), Reorder(hiddenBias, gateOrder) }, 0)
            : zeros(2 * gates * units);

        var inputs = new[]
        {
            x,
            g.Weight(name + ".W", Reorder(inputWeights, gateOrder).unsqueeze(0)),
            g.Weight(name + ".R", Reorder(hiddenWeights, gateOrder).unsqueeze(0)),
            g.Weight(name + ".B", bias.unsqueeze(0)),
            sequenceLengths,
        };
        var all = attributes.Append(Int("hidden_size", units)).Append(String("direction", reverse ? "reverse" : "forward")).ToArray();
        var outputs = g.Node(opType, inputs, outputs: 2, name, all);

        // Y is [steps, directions, batch, units] and Y_h [directions, batch, units]; there is one direction.
        var sequence = g.NamedNode("Squeeze", new[] { outputs[0], g.Int64s("axes", new[] { 1L }) }, name + ".outputs");
        var final = g.NamedNode("Squeeze", new[] { outputs[1], g.Int64s("axes", new[] { 0L }) }, name + ".final");
        return (sequence, final);
    }

    private static Tensor Require(IReadOnlyDictionary<string, Tensor> tensors, string key, string name) =>
        tensors.TryGetValue(key, out var tensor) ? tensor : throw new NotSupportedException($"Recurrent layer '{name}' has no '{key}'.");

    /// <summary>Splits the stacked gate blocks along the first axis and puts them in ONNX order.</summary>
    private static Tensor Reorder(Tensor stacked, int[] order)
    {
        if (order.Length == 1)
        {
            return stacked;
        }

        var blocks = stacked.chunk(order.Length, 0);
        return cat(order.Select(i => blocks[i]).ToArray(), 0);
    }
}
