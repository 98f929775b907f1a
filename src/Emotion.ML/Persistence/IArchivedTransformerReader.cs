using Microsoft.ML;

namespace Emotion.ML.Persistence;

/// <summary>Rebuilds one kind of transformer from the entries <see cref="IArchivedTransformer.WriteTo"/> wrote.</summary>
internal interface IArchivedTransformerReader
{
    /// <summary>Reads the transformer of one step.</summary>
    /// <param name="reader">The step's entries.</param>
    /// <exception cref="EmotionModelFormatException">An entry is missing or malformed.</exception>
    ITransformer Read(ArchiveStepReader reader);
}
