using System.Runtime.InteropServices;
using Emotion.ML.TorchSharp.Onnx.Protobuf;
using Google.Protobuf;
using static TorchSharp.torch;
using DataType = Emotion.ML.TorchSharp.Onnx.Protobuf.TensorProto.Types.DataType;

namespace Emotion.ML.TorchSharp.Onnx;

/// <summary>
/// Appends nodes, weights and typed inputs/outputs to an ONNX graph. Every value gets a name no
/// other value has (a readable hint plus a counter when needed), so layer writers never coordinate names.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> hintCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> constants = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string graphName)
    {
        Graph = new GraphProto { Name = graphName };
    }

    /// <summary>The graph written so far; nodes are in the order they were added, which is a valid evaluation order.</summary>
    public GraphProto Graph { get; }

    /// <summary>A value name based on <paramref name="hint"/> that no other value in the graph has.</summary>
    public string UniqueName(string hint)
    {
        if (names.Add(hint))
        {
            return hint;
        }

        hintCounts.TryGetValue(hint, out var count);
        string name;
        do
        {
            name = $"{hint}_{++count}";
        }
        while (!names.Add(name));
        hintCounts[hint] = count;
        return name;
    }

    /// <summary>Declares a graph input. A dimension is a fixed size (<see cref="long"/>) or a free size named by a <see cref="string"/>.</summary>
    public string AddInput(string name, DataType type, params object[] dims)
    {
        Graph.Input.Add(ValueInfo(Claim(name), type, dims));
        return name;
    }

    /// <summary>Declares <paramref name="name"/>, already produced by a node, as a graph output.</summary>
    public void AddOutput(string name, DataType type, params object[] dims) => Graph.Output.Add(ValueInfo(name, type, dims));

    /// <summary>A float32 weight holding a copy of <paramref name="tensor"/> (any device, any float type).</summary>
    public string Weight(string hint, Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var values = tensor.detach().to_type(ScalarType.Float32).cpu().contiguous();
        return Floats(hint, values.data<float>().ToArray(), values.shape);
    }

    /// <summary>A float32 constant of shape <paramref name="dims"/> (empty: a scalar).</summary>
    public string Floats(string hint, float[] values, params long[] dims)
    {
        var proto = new TensorProto { Name = UniqueName(hint), DataType = (int)DataType.Float };
        proto.Dims.AddRange(dims);
        if (BitConverter.IsLittleEndian)
        {
            // raw_data is little-endian by definition; one block copy instead of a packed repeated field.
            proto.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            proto.FloatData.AddRange(values);
        }

        Graph.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>A float32 scalar constant (one initializer per distinct value).</summary>
    public string Scalar(string hint, float value) =>
        Shared($"f32:{BitConverter.SingleToInt32Bits(value)}", () => Floats(hint, new[] { value }));

    /// <summary>An int64 constant: a 1-D list, or a scalar when <paramref name="scalar"/> is set (one initializer per distinct value).</summary>
    public string Int64s(string hint, long[] values, bool scalar = false)
    {
        if (scalar && values.Length != 1)
        {
            throw new ArgumentException("A scalar holds exactly one value.", nameof(values));
        }

        return Shared($"i64:{(scalar ? "scalar" : "list")}:{string.Join(',', values)}", () => NewInt64s(hint, values, scalar));
    }

    private string NewInt64s(string hint, long[] values, bool scalar)
    {

        var proto = new TensorProto { Name = UniqueName(hint), DataType = (int)DataType.Int64 };
        if (!scalar)
        {
            proto.Dims.Add(values.Length);
        }

        proto.Int64Data.AddRange(values);
        Graph.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    public string Node(string opType, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        Node(opType, inputs, outputs: 1, opType.ToLowerInvariant(), attributes)[0];

    /// <summary>Adds a node with one output named after <paramref name="hint"/> (exactly that name when free) and returns the name.</summary>
    public string NamedNode(string opType, IEnumerable<string> inputs, string hint, params AttributeProto[] attributes) =>
        Node(opType, inputs, outputs: 1, hint, attributes)[0];

    /// <summary>
    /// Adds a node with <paramref name="outputs"/> outputs and returns their names. An empty input
    /// name skips an optional input, as ONNX defines.
    /// </summary>
    public string[] Node(string opType, IEnumerable<string> inputs, int outputs, string hint, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = UniqueName("node_" + hint) };
        node.Input.AddRange(inputs);
        var results = new string[outputs];
        for (var i = 0; i < outputs; i++)
        {
            results[i] = UniqueName(outputs == 1 ? hint : $"{hint}_out{i}");
        }

        node.Output.AddRange(results);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return results;
    }

    /// <summary>An integer attribute (written even when 0).</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float attribute.</summary>
    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A UTF-8 string attribute.</summary>
    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>An integer list attribute (a one-element list stays a list, unlike <see cref="Int"/>).</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A string list attribute.</summary>
    public static AttributeProto Strings(string name, params string[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        attribute.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return attribute;
    }

    private string Shared(string key, Func<string> create)
    {
        if (!constants.TryGetValue(key, out var name))
        {
            name = create();
            constants[key] = name;
        }

        return name;
    }

    private string Claim(string name) => names.Add(name) ? name : throw new InvalidOperationException($"The graph already has a value named '{name}'.");

    private static ValueInfoProto ValueInfo(string name, DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim switch
            {
                long size => new TensorShapeProto.Types.Dimension { DimValue = size },
                int size => new TensorShapeProto.Types.Dimension { DimValue = size },
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                _ => throw new ArgumentException($"A dimension is a size or a name, not {dim?.GetType().Name ?? "null"}.", nameof(dims)),
            });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
