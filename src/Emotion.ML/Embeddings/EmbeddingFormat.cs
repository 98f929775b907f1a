namespace Emotion.ML.Embeddings;

/// <summary>The file formats <see cref="WordEmbeddings.Load"/> reads; each may be gzip-compressed.</summary>
public enum EmbeddingFormat
{
    /// <summary>Detect the format from the content (and, for fastText, the <c>.vec</c> extension). Also the format of embeddings made in memory.</summary>
    Auto = 0,

    /// <summary>GloVe text: <c>word v1 … vn</c> per line, no header.</summary>
    GloVe = 1,

    /// <summary>word2vec text: a first line <c>count dimension</c>, then <c>word v1 … vn</c> per line.</summary>
    Word2VecText = 2,

    /// <summary>word2vec binary: a text line <c>count dimension</c>, then per word its UTF-8 bytes, a space and <c>dimension</c> little-endian 32-bit floats.</summary>
    Word2VecBinary = 3,

    /// <summary>fastText <c>.vec</c>: the word2vec text layout (header line, then one word per line).</summary>
    FastText = 4,
}
