namespace Emotion.ML.Persistence;

/// <summary>
/// A model archive could not be read: it is truncated or corrupt, written by a newer format
/// version, lacks an entry, or holds an unsafe entry name. The message names the file and the problem.
/// </summary>
public sealed class EmotionModelFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The archive file path, or a description of the stream read.</param>
    /// <param name="entry">The archive entry at fault, if one is.</param>
    /// <param name="detail">What is wrong.</param>
    /// <param name="innerException">The error that revealed the problem, if any.</param>
    public EmotionModelFormatException(string source, string? entry, string detail, Exception? innerException = null)
        : base(Describe(source, entry, detail), innerException)
    {
        ArchivePath = source;
        Entry = entry;
        Detail = detail;
    }

    /// <summary>The archive file path, or a description of the stream read.</summary>
    public string ArchivePath { get; }

    /// <summary>The archive entry at fault; <see langword="null"/> when the problem is the archive as a whole.</summary>
    public string? Entry { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Detail { get; }

    private static string Describe(string source, string? entry, string detail) =>
        entry is null
            ? $"Emotion.ML model '{source}' cannot be loaded: {detail}"
            : $"Emotion.ML model '{source}' cannot be loaded: entry '{entry}': {detail}";
}
