using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>Writes and reads tensors of a known shape as float32 (optimizer and early-stopping state in checkpoints).</summary>
internal static class TensorIO
{
    public static void Write(BinaryWriter writer, Tensor value)
    {
        // Integer buffers (BatchNorm's batch counter) go through float32: exact up to 2^24.
        var data = value.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        writer.Write(data.Length);
        foreach (var x in data)
        {
            writer.Write(x);
        }
    }

    /// <summary>Reads values into <paramref name="target"/>, which must have as many elements.</summary>
    public static void ReadInto(BinaryReader reader, Tensor target)
    {
        var count = reader.ReadInt32();
        if (count != target.numel())
        {
            throw new InvalidDataException($"The checkpoint holds {count} values where the network expects {target.numel()}; it was written for another network or vocabulary.");
        }

        var data = new float[count];
        for (var i = 0; i < count; i++)
        {
            data[i] = reader.ReadSingle();
        }

        using var noGrad = no_grad();
        using var source = tensor(data, target.shape);
        target.copy_(source);
    }
}
