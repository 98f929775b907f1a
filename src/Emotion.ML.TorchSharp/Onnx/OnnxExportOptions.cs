namespace Emotion.ML.TorchSharp.Onnx;

/// <summary>Options of <see cref="OnnxExportExtensions.ExportToOnnx(Microsoft.ML.ITransformer, string, OnnxExportOptions?)"/>.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>
    /// Stores the word-embedding table as int8 with one float scale per word (symmetric, per row)
    /// instead of float32: the table, usually most of the file, shrinks to a quarter, and each
    /// looked-up vector differs from the trained one by at most half a quantization step
    /// (max |w| / 254 of its row). The rest of the network stays float32. Default false.
    /// </summary>
    public bool QuantizeEmbeddings { get; set; }
}
