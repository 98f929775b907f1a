using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using Emotion.ML.Pipeline;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Persistence;

/// <summary>
/// Writes a fitted pipeline as an Emotion.ML model archive: nested chains are flattened, each run
/// of ML.NET-native transformers is saved by ML.NET as one nested zip, and each Emotion.ML
/// transformer writes its own entries.
/// </summary>
internal static class EmotionModelWriter
{
    public const string InputSchemaEntry = "input-schema.zip";

    public static void Write(ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, Stream destination)
    {
        var steps = Flatten(model).ToList();
        var manifest = new ArchiveManifest
        {
            FormatVersion = ArchiveManifest.CurrentFormatVersion,
            LibraryVersion = LibraryVersion(),
            InputSchema = InputSchemaEntry,
        };

        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);

        // An empty ML.NET chain saved with the schema records the schema, whatever the first step is.
        WriteMLNet(catalog, zip, InputSchemaEntry, Array.Empty<ITransformer>(), inputSchema);

        var schema = inputSchema;
        var run = new List<ITransformer>();
        foreach (var step in steps)
        {
            if (step is IArchivedTransformer archived)
            {
                schema = FlushRun(catalog, zip, manifest, run, schema);
                var prefix = StepFolder(manifest.Steps.Count, archived.ArchiveKind);
                var writer = new ArchiveStepWriter(zip, prefix);
                archived.WriteTo(writer);
                manifest.Steps.Add(new ArchiveStep
                {
                    Kind = archived.ArchiveKind,
                    Component = step.GetType().FullName,
                    Reader = archived.ArchiveReaderType is { } reader ? $"{reader.FullName}, {reader.Assembly.GetName().Name}" : null,
                    Package = archived.ArchivePackage,
                    Entries = writer.Entries.ToList(),
                });
                schema = step.GetOutputSchema(schema);
            }
            else if (step is RowMappingTransformerBase)
            {
                throw new NotSupportedException($"{step.GetType().FullName} cannot be written to an Emotion.ML model archive.");
            }
            else
            {
                run.Add(step);
            }
        }

        FlushRun(catalog, zip, manifest, run, schema);
        using var manifestStream = zip.CreateEntry(ArchiveManifest.EntryName, CompressionLevel.Fastest).Open();
        JsonSerializer.Serialize(manifestStream, manifest, ArchiveJson.Options);
    }

    /// <summary>The steps of <paramref name="model"/> in order, nested transformer chains expanded.</summary>
    internal static IEnumerable<ITransformer> Flatten(ITransformer model)
    {
        if (model is IEnumerable<ITransformer> chain && IsChain(model))
        {
            foreach (var inner in chain)
            {
                foreach (var step in Flatten(inner))
                {
                    yield return step;
                }
            }
        }
        else
        {
            yield return model;
        }
    }

    internal static string StepFolder(int index, string kind) => $"steps/{index:D2}-{kind}/";

    private static bool IsChain(ITransformer model) =>
        model.GetType().IsGenericType && model.GetType().GetGenericTypeDefinition() == typeof(TransformerChain<>);

    /// <summary>Saves the pending ML.NET run (if any) as one nested entry; returns the schema after it.</summary>
    private static DataViewSchema FlushRun(ModelOperationsCatalog catalog, ZipArchive zip, ArchiveManifest manifest, List<ITransformer> run, DataViewSchema schema)
    {
        if (run.Count == 0)
        {
            return schema;
        }

        var entry = StepFolder(manifest.Steps.Count, ArchiveManifest.MLNetKind) + "model.zip";
        WriteMLNet(catalog, zip, entry, run, schema);
        manifest.Steps.Add(new ArchiveStep { Kind = ArchiveManifest.MLNetKind, Transformers = run.Count, Entries = { entry } });
        foreach (var transformer in run)
        {
            schema = transformer.GetOutputSchema(schema);
        }

        run.Clear();
        return schema;
    }

    private static void WriteMLNet(ModelOperationsCatalog catalog, ZipArchive zip, string entryName, IReadOnlyCollection<ITransformer> run, DataViewSchema schema)
    {
        // ML.NET writes a zip of its own, which needs a seekable stream.
        using var buffer = new MemoryStream();
        catalog.Save(new TransformerChain<ITransformer>(run.ToArray()), schema, buffer);
        buffer.Position = 0;
        using var entry = zip.CreateEntry(entryName, CompressionLevel.NoCompression).Open();
        buffer.CopyTo(entry);
    }

    private static string LibraryVersion() =>
        typeof(EmotionModelWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(EmotionModelWriter).Assembly.GetName().Version?.ToString() ?? "";
}
