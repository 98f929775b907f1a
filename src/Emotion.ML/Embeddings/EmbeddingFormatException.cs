namespace Emotion.ML.Embeddings;

/// <summary>
/// An embedding file is not in the expected format. The message names the file, the line (text
/// formats) or record (word2vec binary) and what was wrong.
/// </summary>
public sealed class EmbeddingFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file being read.</param>
    /// <param name="location">The 1-based line (text) or 0-based record index (binary).</param>
    /// <param name="isRecord">Whether <paramref name="location"/> is a binary record index rather than a line.</param>
    /// <param name="detail">What was wrong.</param>
    public EmbeddingFormatException(string filePath, long location, bool isRecord, string detail)
        : base($"{filePath}, {(isRecord ? "record" : "line")} {location}: {detail}")
    {
        FilePath = filePath;
        Detail = detail;
        if (isRecord)
        {
            Record = location;
        }
        else
        {
            Line = location;
        }
    }

    /// <summary>The file being read.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line of a text file where the problem is, or null for a binary record.</summary>
    public long? Line { get; }

    /// <summary>The 0-based record index in a word2vec binary file, or null for a text line.</summary>
    public long? Record { get; }

    /// <summary>What was wrong, without the location.</summary>
    public string Detail { get; }
}
