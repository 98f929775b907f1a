using System.IO.Compression;
using System.Text.Json;

namespace Emotion.ML.Persistence;

/// <summary>Writes the entries of one pipeline step under its own folder of the archive.</summary>
internal sealed class ArchiveStepWriter
{
    private readonly ZipArchive _zip;
    private readonly string _prefix;
    private readonly List<string> _entries = new();

    internal ArchiveStepWriter(ZipArchive zip, string prefix)
    {
        _zip = zip;
        _prefix = prefix;
    }

    /// <summary>The full names of the entries written so far, in order.</summary>
    public IReadOnlyList<string> Entries => _entries;

    /// <summary>Creates entry <paramref name="name"/> (relative to the step's folder) and returns its stream, which the caller disposes.</summary>
    /// <param name="name">The entry name within the step's folder.</param>
    /// <param name="compress">Whether to deflate the entry; float tables barely shrink, so they are stored.</param>
    public Stream Create(string name, bool compress = true)
    {
        var fullName = _prefix + name;
        _entries.Add(fullName);
        return _zip.CreateEntry(fullName, compress ? CompressionLevel.Fastest : CompressionLevel.NoCompression).Open();
    }

    /// <summary>Writes <paramref name="value"/> as indented JSON to entry <paramref name="name"/>.</summary>
    public void WriteJson<T>(string name, T value)
    {
        using var stream = Create(name);
        JsonSerializer.Serialize(stream, value, ArchiveJson.Options);
    }
}
