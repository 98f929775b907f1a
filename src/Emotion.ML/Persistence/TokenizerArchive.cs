using Emotion.ML.Tokenization;
using Microsoft.ML;

namespace Emotion.ML.Persistence;

/// <summary>Archive entries of <see cref="TokenizeToIdsTransformer"/>: columns and options as JSON, and the vocabulary.</summary>
internal sealed class TokenizerArchive : IArchivedTransformerReader
{
    public const string Kind = "TokenizeToIds";

    private const string OptionsEntry = "options.json";

    public static void Write(TokenizeToIdsTransformer transformer, ArchiveStepWriter writer)
    {
        writer.WriteJson(OptionsEntry, new Entry
        {
            InputColumnName = transformer.InputColumnName,
            OutputColumnName = transformer.OutputColumnName,
            Options = transformer.Options,
        });
        VocabularyEntry.Write(writer, transformer.Vocabulary);
    }

    public ITransformer Read(ArchiveStepReader reader)
    {
        var entry = reader.ReadJson<Entry>(OptionsEntry);
        if (string.IsNullOrEmpty(entry.InputColumnName) || string.IsNullOrEmpty(entry.OutputColumnName) || entry.Options is null)
        {
            throw reader.Fail(OptionsEntry, "the column names or options are missing.");
        }

        var vocabulary = VocabularyEntry.Read(reader);
        try
        {
            return new TokenizeToIdsTransformer(vocabulary, entry.OutputColumnName, entry.InputColumnName, entry.Options);
        }
        catch (ArgumentException ex)
        {
            throw reader.Fail(OptionsEntry, $"the options are not valid: {ex.Message}", ex);
        }
    }

    private sealed class Entry
    {
        public string InputColumnName { get; set; } = "";

        public string OutputColumnName { get; set; } = "";

        public TokenizeToIdsOptions? Options { get; set; }
    }
}
