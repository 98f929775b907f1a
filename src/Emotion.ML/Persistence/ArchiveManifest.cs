namespace Emotion.ML.Persistence;

/// <summary>The <c>manifest.json</c> entry: format version, library version and the pipeline's steps in order.</summary>
internal sealed class ArchiveManifest
{
    /// <summary>The entry name of the manifest.</summary>
    public const string EntryName = "manifest.json";

    /// <summary>The format version this library writes and the newest it reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The step kind of a run of ML.NET-native transformers, saved by ML.NET itself.</summary>
    public const string MLNetKind = "MLNet";

    public int FormatVersion { get; set; }

    public string Library { get; set; } = "Emotion.ML";

    public string LibraryVersion { get; set; } = "";

    /// <summary>The entry holding the model's input schema (an empty ML.NET chain saved with it).</summary>
    public string InputSchema { get; set; } = "";

    public List<ArchiveStep> Steps { get; set; } = new();
}

/// <summary>One step of the manifest: an Emotion.ML component or a run of ML.NET transformers.</summary>
internal sealed class ArchiveStep
{
    /// <summary><see cref="ArchiveManifest.MLNetKind"/> or an Emotion.ML component kind.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The transformer type of an Emotion.ML step; null for ML.NET runs.</summary>
    public string? Component { get; set; }

    /// <summary>The assembly-qualified reader type of a kind Emotion.ML does not read itself.</summary>
    public string? Reader { get; set; }

    /// <summary>The package holding <see cref="Reader"/>.</summary>
    public string? Package { get; set; }

    /// <summary>The number of transformers in an ML.NET run.</summary>
    public int? Transformers { get; set; }

    /// <summary>The archive entries the step uses.</summary>
    public List<string> Entries { get; set; } = new();
}
