using System.IO.Compression;
using System.Text.Json;

namespace Emotion.ML.Persistence;

/// <summary>Reads the entries of one pipeline step from the archive, failing with messages that name the file and entry.</summary>
internal sealed class ArchiveStepReader
{
    private readonly ZipArchive _zip;
    private readonly string _prefix;

    internal ArchiveStepReader(ZipArchive zip, string prefix, string source, string kind)
    {
        _zip = zip;
        _prefix = prefix;
        Source = source;
        Kind = kind;
    }

    /// <summary>The archive's path, or a description of the stream read.</summary>
    public string Source { get; }

    /// <summary>The step kind being read.</summary>
    public string Kind { get; }

    /// <summary>
    /// Runs <paramref name="read"/> over entry <paramref name="name"/> (relative to the step's folder),
    /// then checks the entry's length and CRC-32. The stream must be left open by <paramref name="read"/>.
    /// </summary>
    /// <exception cref="EmotionModelFormatException">The entry is missing or its data is damaged.</exception>
    public T Read<T>(string name, Func<Stream, T> read)
    {
        var entry = _zip.GetEntry(_prefix + name) ?? throw Fail(name, $"the entry is missing (needed by the {Kind} step).");
        return CheckedEntryStream.Read(entry, (detail, inner) => Fail(name, detail, inner), read);
    }

    /// <summary>The uncompressed length the zip directory records for entry <paramref name="name"/>.</summary>
    /// <exception cref="EmotionModelFormatException">The entry is missing.</exception>
    public long Length(string name) =>
        (_zip.GetEntry(_prefix + name) ?? throw Fail(name, $"the entry is missing (needed by the {Kind} step).")).Length;

    /// <summary>Reads entry <paramref name="name"/> as JSON.</summary>
    /// <exception cref="EmotionModelFormatException">The entry is missing, is not valid JSON, or is null.</exception>
    public T ReadJson<T>(string name)
        where T : class
    {
        try
        {
            return Read(name, stream => JsonSerializer.Deserialize<T>(stream, ArchiveJson.Options)) ?? throw Fail(name, "the JSON value is null.");
        }
        catch (JsonException ex)
        {
            throw Fail(name, $"the JSON is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>The full archive path of entry <paramref name="name"/> (relative to the step's folder).</summary>
    public string EntryPath(string name) => _prefix + name;

    /// <summary>An exception naming the archive and entry <paramref name="name"/> (relative to the step's folder).</summary>
    public EmotionModelFormatException Fail(string name, string detail, Exception? inner = null) =>
        new(Source, _prefix + name, detail, inner);
}
