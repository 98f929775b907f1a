namespace Emotion.ML.Embeddings;

/// <summary>Options of <see cref="WordEmbeddings.Load"/>.</summary>
public sealed class WordEmbeddingsLoadOptions
{
    /// <summary>The maximum number of words to keep, in file order (files are usually sorted by frequency). Default 0: all.</summary>
    public int MaxWords { get; set; }

    /// <summary>
    /// When set, only these words are kept, e.g. a vocabulary's <c>Words</c>; this keeps memory small
    /// and skips parsing the vectors of other words. Default null: every word.
    /// </summary>
    public IEnumerable<string>? RestrictTo { get; set; }

    /// <summary>The file format. Default <see cref="EmbeddingFormat.Auto"/>: detected from the content.</summary>
    public EmbeddingFormat Format { get; set; } = EmbeddingFormat.Auto;
}
