using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Persistence;

/// <summary>
/// Reads an Emotion.ML model archive from a stream, never extracting to disk: checks every entry
/// name, the manifest and its format version, then rebuilds the steps in order.
/// </summary>
internal static class EmotionModelReader
{
    /// <summary>The readers of the kinds Emotion.ML itself owns.</summary>
    internal static readonly Dictionary<string, IArchivedTransformerReader> BuiltIn = new(StringComparer.Ordinal)
    {
        [TextNormalizerArchive.Kind] = new TextNormalizerArchive(),
        [TokenizerArchive.Kind] = new TokenizerArchive(),
        [EmbeddingsArchive.Kind] = new EmbeddingsArchive(),
    };

    public static ITransformer Read(ModelOperationsCatalog catalog, Stream stream, string source, out DataViewSchema inputSchema)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new EmotionModelFormatException(source, null, $"not a complete zip archive (truncated or corrupt): {ex.Message}", ex);
        }

        using (zip)
        {
            try
            {
                CheckEntryNames(zip, source);
                var manifest = ReadManifest(zip, source);
                ReadMLNet(catalog, zip, source, manifest.InputSchema, out inputSchema);
                var transformers = new List<ITransformer>();
                for (var i = 0; i < manifest.Steps.Count; i++)
                {
                    ReadStep(catalog, zip, source, i, manifest.Steps[i], transformers);
                }

                var model = new TransformerChain<ITransformer>(transformers.ToArray());
                CheckBinds(model, inputSchema, source);
                return model;
            }
            catch (InvalidDataException ex)
            {
                // Deflate and CRC errors of a damaged entry.
                throw new EmotionModelFormatException(source, null, $"the archive data is corrupt: {ex.Message}", ex);
            }
            catch (EndOfStreamException ex)
            {
                throw new EmotionModelFormatException(source, null, $"the archive data ends early: {ex.Message}", ex);
            }
        }
    }

    /// <summary>
    /// Opens <paramref name="stream"/> as a zip and runs <paramref name="read"/> over it, turning a
    /// truncated or corrupt archive into an <see cref="EmotionModelFormatException"/> naming <paramref name="source"/>.
    /// </summary>
    internal static T ReadZip<T>(Stream stream, string source, Func<ZipArchive, T> read)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new EmotionModelFormatException(source, null, $"not a complete zip archive (truncated or corrupt): {ex.Message}", ex);
        }

        using (zip)
        {
            try
            {
                return read(zip);
            }
            catch (InvalidDataException ex)
            {
                throw new EmotionModelFormatException(source, null, $"the archive data is corrupt: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Rejects entry names that would escape a folder if extracted: absolute, rooted, drive or <c>..</c> paths.</summary>
    internal static void CheckEntryNames(ZipArchive zip, string source)
    {
        foreach (var entry in zip.Entries)
        {
            var name = entry.FullName;
            var segments = name.Split('/', '\\');
            if (name.Length == 0 || name[0] is '/' or '\\' || name.Contains(':') || Path.IsPathRooted(name) ||
                segments.Any(s => s == ".."))
            {
                throw new EmotionModelFormatException(source, name, "the entry name is an absolute or parent-relative path, which a model archive never holds.");
            }
        }
    }

    internal static ArchiveManifest ReadManifest(ZipArchive zip, string source)
    {
        const string Name = ArchiveManifest.EntryName;
        var entry = zip.GetEntry(Name) ?? throw new EmotionModelFormatException(source, Name, "the manifest is missing; the file is not an Emotion.ML model archive.");
        ArchiveManifest? manifest;
        try
        {
            manifest = CheckedEntryStream.Read(
                entry,
                (detail, inner) => new EmotionModelFormatException(source, Name, detail, inner),
                stream => JsonSerializer.Deserialize<ArchiveManifest>(stream, ArchiveJson.Options));
        }
        catch (JsonException ex)
        {
            throw new EmotionModelFormatException(source, Name, $"the manifest is not valid JSON: {ex.Message}", ex);
        }

        if (manifest is null || manifest.FormatVersion < 1)
        {
            throw new EmotionModelFormatException(source, Name, "the manifest has no format version.");
        }

        if (manifest.FormatVersion > ArchiveManifest.CurrentFormatVersion)
        {
            throw new EmotionModelFormatException(source, Name, $"format version {manifest.FormatVersion} was written by a newer Emotion.ML ({manifest.LibraryVersion}); this version reads format {ArchiveManifest.CurrentFormatVersion} and older. Update the Emotion.ML packages.");
        }

        if (string.IsNullOrEmpty(manifest.InputSchema) || manifest.Steps is null || manifest.Steps.Any(s => s is null || string.IsNullOrEmpty(s.Kind) || s.Entries is null))
        {
            throw new EmotionModelFormatException(source, Name, "the manifest lacks the input schema entry or a step's kind or entries.");
        }

        foreach (var name in manifest.Steps.SelectMany(s => s.Entries).Append(manifest.InputSchema))
        {
            if (zip.GetEntry(name) is null)
            {
                throw new EmotionModelFormatException(source, name, "the manifest lists this entry but the archive does not hold it.");
            }
        }

        return manifest;
    }

    private static void ReadStep(ModelOperationsCatalog catalog, ZipArchive zip, string source, int index, ArchiveStep step, List<ITransformer> transformers)
    {
        if (step.Kind == ArchiveManifest.MLNetKind)
        {
            if (step.Entries.Count != 1)
            {
                throw new EmotionModelFormatException(source, ArchiveManifest.EntryName, $"step {index} ({step.Kind}) must list exactly one entry.");
            }

            var model = EmotionModelWriter.Flatten(ReadMLNet(catalog, zip, source, step.Entries[0], out _)).ToList();
            if (step.Transformers is { } count && count != model.Count)
            {
                throw new EmotionModelFormatException(source, step.Entries[0], $"step {index} should hold {count} ML.NET transformers but holds {model.Count}.");
            }

            transformers.AddRange(model);
            return;
        }

        var reader = ResolveReader(source, index, step);
        var folder = EmotionModelWriter.StepFolder(index, step.Kind);
        try
        {
            transformers.Add(reader.Read(new ArchiveStepReader(zip, folder, source, step.Kind)));
        }
        catch (ArgumentException ex)
        {
            throw new EmotionModelFormatException(source, folder, $"step {index} ({step.Kind}) could not be rebuilt: {ex.Message}", ex);
        }
    }

    /// <summary>Binds the loaded steps to the saved input schema, so a model whose steps do not fit together fails here.</summary>
    private static void CheckBinds(ITransformer model, DataViewSchema inputSchema, string source)
    {
        try
        {
            model.GetOutputSchema(inputSchema);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new EmotionModelFormatException(source, ArchiveManifest.EntryName, $"the steps do not fit the saved input schema: {ex.Message}", ex);
        }
    }

    private static IArchivedTransformerReader ResolveReader(string source, int index, ArchiveStep step)
    {
        if (step.Reader is null)
        {
            return BuiltIn.TryGetValue(step.Kind, out var builtIn)
                ? builtIn
                : throw new EmotionModelFormatException(source, ArchiveManifest.EntryName, $"step {index} has kind '{step.Kind}', which this version of Emotion.ML does not know.");
        }

        // Only Emotion.ML packages provide readers: a manifest never makes the loader touch other assemblies.
        var comma = step.Reader.IndexOf(',');
        var assembly = comma < 0 ? "" : step.Reader[(comma + 1)..].Trim();
        if (!assembly.StartsWith("Emotion.ML", StringComparison.Ordinal))
        {
            throw new EmotionModelFormatException(source, ArchiveManifest.EntryName, $"step {index} names reader '{step.Reader}'; only Emotion.ML packages provide archive readers.");
        }

        var package = string.IsNullOrEmpty(step.Package) ? "the package that wrote it" : $"the {step.Package} package";
        var type = Type.GetType(step.Reader, throwOnError: false);
        if (type is null && OnnxArchiveReader.HasOnnxForm(step))
        {
            // Without the TorchSharp package, the classifier runs from its ONNX form.
            return new OnnxArchiveReader();
        }

        if (type is null && OnnxImageArchiveReader.HasOnnxForm(step))
        {
            return new OnnxImageArchiveReader();
        }

        if (type is null)
        {
            throw new InvalidOperationException($"Emotion.ML model '{source}': step {index} ({step.Kind}, {step.Component}) is read by {step.Reader}, which was not found. Reference {package} from the application that loads the model.");
        }

        if (!typeof(IArchivedTransformerReader).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new EmotionModelFormatException(source, ArchiveManifest.EntryName, $"step {index} names reader {step.Reader}, which is not an Emotion.ML archive reader.");
        }

        return (IArchivedTransformerReader)Activator.CreateInstance(type)!;
    }

    private static ITransformer ReadMLNet(ModelOperationsCatalog catalog, ZipArchive zip, string source, string entryName, out DataViewSchema schema)
    {
        var entry = zip.GetEntry(entryName) ?? throw new EmotionModelFormatException(source, entryName, "the entry is missing.");
        // ML.NET reads a zip of its own, which needs a seekable stream.
        using var buffer = new MemoryStream();
        CheckedEntryStream.Read(entry, (detail, inner) => new EmotionModelFormatException(source, entryName, detail, inner), stream =>
        {
            stream.CopyTo(buffer);
            return buffer;
        });

        buffer.Position = 0;
        try
        {
            return catalog.Load(buffer, out schema);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new EmotionModelFormatException(source, entryName, $"ML.NET could not load the nested model: {ex.Message}", ex);
        }
    }
}
