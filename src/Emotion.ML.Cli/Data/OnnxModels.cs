using Emotion.ML.Onnx;

namespace Emotion.ML.Cli.Data;

/// <summary>Opens the ONNX form of a model for the commands that score text: an <c>.onnx</c> file, or the entry inside a model archive.</summary>
internal static class OnnxModels
{
    /// <summary>Whether <paramref name="path"/> names an exported <c>.onnx</c> file rather than a model archive.</summary>
    public static bool IsOnnxFile(string path) => string.Equals(Path.GetExtension(path), ".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Loads <paramref name="path"/> with ONNX Runtime (CUDA when available, else the CPU, said on stderr).</summary>
    public static OnnxTextClassifier Load(string path)
    {
        var options = new OnnxClassifierOptions { Log = line => Console.Error.WriteLine($"note: {line}") };
        return IsOnnxFile(path) ? OnnxTextClassifier.Load(path, options) : OnnxTextClassifier.LoadFromArchive(path, options);
    }
}
