namespace Emotion.ML.Persistence;

/// <summary>
/// A transformer that writes itself into an Emotion.ML model archive. Each Emotion.ML transformer
/// implements it; a package outside Emotion.ML (such as Emotion.ML.TorchSharp) names the reader
/// type that rebuilds its transformers, so Emotion.ML itself needs no reference to that package.
/// </summary>
internal interface IArchivedTransformer
{
    /// <summary>The step kind recorded in the manifest, e.g. <c>TokenizeToIds</c>.</summary>
    string ArchiveKind { get; }

    /// <summary>
    /// The reader of this kind: a type implementing <see cref="IArchivedTransformerReader"/> with a
    /// parameterless constructor. <see langword="null"/> for the kinds Emotion.ML reads itself.
    /// </summary>
    Type? ArchiveReaderType { get; }

    /// <summary>The package an application must reference to load this kind (recorded in the manifest for the error message).</summary>
    string ArchivePackage { get; }

    /// <summary>Writes the transformer's state as entries of <paramref name="writer"/>.</summary>
    void WriteTo(ArchiveStepWriter writer);
}
