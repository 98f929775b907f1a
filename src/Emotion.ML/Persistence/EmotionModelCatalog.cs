using Emotion.ML.Persistence;
using Microsoft.ML;

namespace Emotion.ML;

/// <summary>
/// Saves and loads fitted pipelines holding Emotion.ML transformers, which
/// <c>mlContext.Model.Save</c> cannot write. Reached as <c>ml.Model.SaveEmotionModel</c> and
/// <c>ml.Model.LoadEmotionModel</c>.
/// </summary>
/// <remarks>
/// The archive is one zip: <c>manifest.json</c> (format version, library version, the steps in
/// order), the input schema, each run of ML.NET transformers saved by ML.NET itself as a nested
/// model, and each Emotion.ML transformer's options, vocabulary, vectors or network weights.
/// A TorchSharp classifier step also stores its network in ONNX form (<c>model.onnx</c>): an
/// application without the Emotion.ML.TorchSharp package loads it as an
/// <see cref="Onnx.OnnxTextClassificationTransformer"/> run by ONNX Runtime. Archives saved before
/// that entry existed need Emotion.ML.TorchSharp to load.
/// </remarks>
public static class EmotionModelCatalog
{
    /// <summary>
    /// Saves <paramref name="model"/> and its input schema to <paramref name="path"/>. The archive is
    /// written to a temporary file in the same folder and then moved over <paramref name="path"/>, so
    /// a failure never leaves a partial model and an existing file is replaced only on success.
    /// </summary>
    /// <param name="catalog">The model catalog, <c>mlContext.Model</c>.</param>
    /// <param name="model">The fitted pipeline: ML.NET and Emotion.ML transformers in any order, nested chains included.</param>
    /// <param name="inputSchema">The schema of the data the model reads, e.g. <c>trainingData.Schema</c>.</param>
    /// <param name="path">The archive file to write.</param>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="NotSupportedException">A step can be saved neither by ML.NET nor by Emotion.ML.</exception>
    public static void SaveEmotionModel(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Cannot save the model to '{full}': folder '{folder}' does not exist.");
        }

        var temp = Path.Combine(folder, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                EmotionModelWriter.Write(catalog, model, inputSchema, stream);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Saves <paramref name="model"/> and its input schema as an archive written to <paramref name="stream"/>.
    /// Unlike the path overload this cannot be atomic: on failure the stream may hold a partial archive.
    /// </summary>
    /// <param name="catalog">The model catalog, <c>mlContext.Model</c>.</param>
    /// <param name="model">The fitted pipeline: ML.NET and Emotion.ML transformers in any order, nested chains included.</param>
    /// <param name="inputSchema">The schema of the data the model reads, e.g. <c>trainingData.Schema</c>.</param>
    /// <param name="stream">A writable stream; left open.</param>
    /// <exception cref="NotSupportedException">A step can be saved neither by ML.NET nor by Emotion.ML.</exception>
    public static void SaveEmotionModel(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentNullException.ThrowIfNull(stream);
        EmotionModelWriter.Write(catalog, model, inputSchema, stream);
    }

    /// <summary>
    /// Loads a model saved by <see cref="SaveEmotionModel(ModelOperationsCatalog, ITransformer, DataViewSchema, string)"/>.
    /// Entries are read from the zip in memory, never extracted.
    /// </summary>
    /// <param name="catalog">The model catalog, <c>mlContext.Model</c>.</param>
    /// <param name="path">The archive file.</param>
    /// <param name="inputSchema">The schema of the data the model reads, as saved.</param>
    /// <returns>The pipeline as one flat <c>TransformerChain</c>.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EmotionModelFormatException">The archive is truncated or corrupt, has a newer format version, lacks an entry, or holds an unsafe entry name; the message names the file and entry.</exception>
    /// <exception cref="InvalidOperationException">A step needs a package the application does not reference (e.g. Emotion.ML.TorchSharp for a classifier saved without its ONNX form); the message names it.</exception>
    public static ITransformer LoadEmotionModel(this ModelOperationsCatalog catalog, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Emotion.ML model '{path}' was not found.", path);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return EmotionModelReader.Read(catalog, stream, path, out inputSchema);
    }

    /// <summary>Loads a model saved by <see cref="SaveEmotionModel(ModelOperationsCatalog, ITransformer, DataViewSchema, Stream)"/>.</summary>
    /// <param name="catalog">The model catalog, <c>mlContext.Model</c>.</param>
    /// <param name="stream">A readable stream (a non-seekable one is buffered in memory); left open.</param>
    /// <param name="inputSchema">The schema of the data the model reads, as saved.</param>
    /// <returns>The pipeline as one flat <c>TransformerChain</c>.</returns>
    /// <exception cref="EmotionModelFormatException">The archive is truncated or corrupt, has a newer format version, lacks an entry, or holds an unsafe entry name.</exception>
    /// <exception cref="InvalidOperationException">A step needs a package the application does not reference (e.g. Emotion.ML.TorchSharp for a classifier saved without its ONNX form); the message names it.</exception>
    public static ITransformer LoadEmotionModel(this ModelOperationsCatalog catalog, Stream stream, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(stream);
        return EmotionModelReader.Read(catalog, stream, "stream", out inputSchema);
    }
}
