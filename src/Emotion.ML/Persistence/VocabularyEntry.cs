using Emotion.ML.Tokenization;

namespace Emotion.ML.Persistence;

/// <summary>The <c>vocabulary.txt</c> entry of a step: <see cref="Vocabulary.Save(Stream)"/>'s format, one word per line in id order.</summary>
internal static class VocabularyEntry
{
    public const string Name = "vocabulary.txt";

    public static void Write(ArchiveStepWriter writer, Vocabulary vocabulary)
    {
        using var stream = writer.Create(Name);
        vocabulary.Save(stream);
    }

    public static Vocabulary Read(ArchiveStepReader reader)
    {
        try
        {
            return reader.Read(Name, Vocabulary.Load);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException)
        {
            throw reader.Fail(Name, ex.Message, ex);
        }
    }
}
