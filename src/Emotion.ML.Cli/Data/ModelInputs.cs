using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace Emotion.ML.Cli.Data;

/// <summary>What a saved model reads: text, numeric frame sequences or images.</summary>
internal enum ModelInput
{
    /// <summary>Sentences (TSV/CSV data, <c>--text</c>).</summary>
    Text,

    /// <summary>Numeric frame sequences (JSON Lines data).</summary>
    Sequences,

    /// <summary>48x48 grayscale images (FER2013 CSV data, <c>--image</c>).</summary>
    Images,
}

/// <summary>Tells from a model file, without loading the network, which kind of input it reads.</summary>
internal static class ModelInputs
{
    /// <summary>
    /// The input of the model at <paramref name="path"/>: from an <c>.onnx</c> file's input names, or from
    /// the step kinds in an archive's manifest. A file that cannot be read that way counts as a text model,
    /// whose loader then reports the problem.
    /// </summary>
    public static ModelInput Of(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        }

        try
        {
            return OnnxModels.IsOnnxFile(path) ? OfOnnx(path) : OfArchive(path);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or OnnxRuntimeException or IOException)
        {
            return ModelInput.Text;
        }
    }

    private static ModelInput OfOnnx(string path)
    {
        using var session = new InferenceSession(File.ReadAllBytes(path));
        var inputs = session.InputMetadata.Keys;
        return inputs.Contains(Emotion.ML.Onnx.OnnxModelContract.PixelsInput) ? ModelInput.Images
            : inputs.Contains(Emotion.ML.Onnx.OnnxModelContract.FramesInput) ? ModelInput.Sequences
            : ModelInput.Text;
    }

    private static ModelInput OfArchive(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        using var manifest = zip.GetEntry("manifest.json")?.Open();
        if (manifest is null)
        {
            return ModelInput.Text;
        }

        using var document = JsonDocument.Parse(manifest);
        var kinds = document.RootElement.TryGetProperty("steps", out var steps) && steps.ValueKind == JsonValueKind.Array
            ? steps.EnumerateArray().Select(s => s.TryGetProperty("kind", out var kind) ? kind.GetString() : null).ToArray()
            : Array.Empty<string?>();
        return kinds.Contains("ImageClassifier") ? ModelInput.Images
            : kinds.Contains("SequenceClassifier") ? ModelInput.Sequences
            : ModelInput.Text;
    }
}
