using Emotion.ML.Text;
using Microsoft.ML;

namespace Emotion.ML.Persistence;

/// <summary>Archive entries of <see cref="EmotionTextNormalizingTransformer"/>: its columns and options as JSON.</summary>
internal sealed class TextNormalizerArchive : IArchivedTransformerReader
{
    public const string Kind = "NormalizeEmotionText";

    private const string OptionsEntry = "options.json";

    public static void Write(EmotionTextNormalizingTransformer transformer, ArchiveStepWriter writer) =>
        writer.WriteJson(OptionsEntry, new Entry
        {
            InputColumnName = transformer.InputColumnName,
            OutputColumnName = transformer.OutputColumnName,
            Options = transformer.Options,
        });

    public ITransformer Read(ArchiveStepReader reader)
    {
        var entry = reader.ReadJson<Entry>(OptionsEntry);
        if (string.IsNullOrEmpty(entry.InputColumnName) || string.IsNullOrEmpty(entry.OutputColumnName) || entry.Options is null)
        {
            throw reader.Fail(OptionsEntry, "the column names or options are missing.");
        }

        return new EmotionTextNormalizingTransformer(entry.OutputColumnName, entry.InputColumnName, new EmotionTextNormalizer(entry.Options));
    }

    private sealed class Entry
    {
        public string InputColumnName { get; set; } = "";

        public string OutputColumnName { get; set; } = "";

        public EmotionTextNormalizerOptions? Options { get; set; }
    }
}
