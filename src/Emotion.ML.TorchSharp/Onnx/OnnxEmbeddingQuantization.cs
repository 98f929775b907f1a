using System.Runtime.InteropServices;
using Emotion.ML.TorchSharp.Onnx.Protobuf;
using Google.Protobuf;
using DataType = Emotion.ML.TorchSharp.Onnx.Protobuf.TensorProto.Types.DataType;

namespace Emotion.ML.TorchSharp.Onnx;

/// <summary>
/// Rewrites an exported text model so its embedding table is int8 with a float scale per row:
/// <c>Gather(table, ids)</c> becomes <c>Cast(Gather(table_int8, ids)) * Gather(scales, ids)</c>.
/// </summary>
internal static class OnnxEmbeddingQuantization
{
    /// <summary>Metadata key saying how the embedding table is stored, when it is not float32.</summary>
    public const string MetadataKey = "emotion_ml.embedding_quantization";

    public const string Scheme = "int8, symmetric, one float32 scale per row";

    /// <summary>Quantizes the table read by the Gather of <c>token_ids</c> in place.</summary>
    /// <exception cref="NotSupportedException">The graph has no float32 embedding lookup of <c>token_ids</c>.</exception>
    public static void Apply(ModelProto model)
    {
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var index = -1;
        TensorProto? table = null;
        for (var i = 0; i < graph.Node.Count; i++)
        {
            var node = graph.Node[i];
            if (node.OpType == "Gather" && node.Input.Count == 2 && node.Input[1] == OnnxExport.TokenIdsInput
                && initializers.TryGetValue(node.Input[0], out var t) && t.DataType == (int)DataType.Float && t.Dims.Count == 2)
            {
                index = i;
                table = t;
                break;
            }
        }

        if (table is null)
        {
            throw new NotSupportedException($"The model has no float32 embedding lookup of '{OnnxExport.TokenIdsInput}' to quantize.");
        }

        var rows = checked((int)table.Dims[0]);
        var columns = checked((int)table.Dims[1]);
        var values = Values(table, rows * columns);
        var quantized = new sbyte[values.Length];
        var scales = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = values.AsSpan(r * columns, columns);
            var max = 0f;
            foreach (var v in row)
            {
                max = Math.Max(max, Math.Abs(v));
            }

            var scale = max / 127f;
            scales[r] = scale;
            if (scale == 0f)
            {
                continue;
            }

            for (var c = 0; c < columns; c++)
            {
                quantized[(r * columns) + c] = (sbyte)Math.Clamp(MathF.Round(row[c] / scale, MidpointRounding.ToEven), -127, 127);
            }
        }

        var gather = graph.Node[index];
        var output = gather.Output[0];
        var qName = table.Name + "_int8";
        var scaleName = table.Name + "_scale";
        var qTensor = new TensorProto { Name = qName, DataType = (int)DataType.Int8, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(quantized.AsSpan())) };
        qTensor.Dims.AddRange(new long[] { rows, columns });
        var scaleTensor = new TensorProto { Name = scaleName, DataType = (int)DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(scales.AsSpan())) };
        scaleTensor.Dims.AddRange(new long[] { rows, 1 });
        graph.Initializer.Remove(table);
        graph.Initializer.Add(qTensor);
        graph.Initializer.Add(scaleTensor);

        graph.Node.RemoveAt(index);
        var nodes = new[]
        {
            Node("Gather", output + "_int8", new[] { qName, OnnxExport.TokenIdsInput }, OnnxGraphBuilder.Int("axis", 0)),
            Node("Cast", output + "_dequantized", new[] { output + "_int8" }, OnnxGraphBuilder.Int("to", (long)DataType.Float)),
            Node("Gather", output + "_scale", new[] { scaleName, OnnxExport.TokenIdsInput }, OnnxGraphBuilder.Int("axis", 0)),
            Node("Mul", output, new[] { output + "_dequantized", output + "_scale" }),
        };
        for (var i = 0; i < nodes.Length; i++)
        {
            graph.Node.Insert(index + i, nodes[i]);
        }

        model.MetadataProps.Add(new StringStringEntryProto { Key = MetadataKey, Value = Scheme });
    }

    private static float[] Values(TensorProto table, int count)
    {
        if (table.FloatData.Count == count)
        {
            return table.FloatData.ToArray();
        }

        if (table.RawData.Length != count * sizeof(float) || !BitConverter.IsLittleEndian)
        {
            throw new NotSupportedException($"The embedding table '{table.Name}' holds {table.RawData.Length} bytes for {count} floats.");
        }

        return MemoryMarshal.Cast<byte, float>(table.RawData.Span).ToArray();
    }

    private static NodeProto Node(string opType, string output, string[] inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }
}
