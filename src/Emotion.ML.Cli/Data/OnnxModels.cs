using Emotion.ML.Classification;
using Emotion.ML.Onnx;

namespace Emotion.ML.Cli.Data;

/// <summary>
/// Opens the ONNX form of a model for the commands that score text: an <c>.onnx</c> file, the entry
/// inside a model archive, or (no path) the pretrained English emotion model.
/// </summary>
internal static class OnnxModels
{
    /// <summary>Whether <paramref name="path"/> names an exported <c>.onnx</c> file rather than a model archive.</summary>
    public static bool IsOnnxFile(string path) => string.Equals(Path.GetExtension(path), ".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>What the commands call the model at <paramref name="path"/>.</summary>
    public static string Describe(string? path) => path is null ? "the default English emotion model" : Path.GetFileName(path);

    /// <summary>
    /// Loads <paramref name="path"/> (an .onnx file or an archive's ONNX form), or the default English
    /// model when it is null, with ONNX Runtime (CUDA when available, else the CPU, said on stderr).
    /// </summary>
    public static EmotionClassifier Load(string? path)
    {
        var options = new EmotionClassifierOptions { Onnx = new OnnxClassifierOptions { Log = line => Console.Error.WriteLine($"note: {line}") } };
        return path is null ? EmotionClassifier.LoadDefault(options) : EmotionClassifier.Load(path, options);
    }
}
