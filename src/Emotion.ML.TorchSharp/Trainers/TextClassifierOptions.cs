using Emotion.ML.Embeddings;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Options every deep text classifier shares: the token-id column and the embeddings, on top of
/// the training options of every classifier (<see cref="ClassifierTrainingOptions"/>).
/// </summary>
public abstract class TextClassifierOptions : ClassifierTrainingOptions
{
    /// <summary>The token-id column from <c>TokenizeToIds</c> (variable-length vector of Int32 carrying its vocabulary). Default <c>Tokens</c>.</summary>
    public string TokensColumnName { get; set; } = "Tokens";

    /// <summary>Pretrained word vectors (GloVe, word2vec, fastText) to initialise the embedding table; null for random vectors of <see cref="EmbeddingDimension"/>.</summary>
    public WordEmbeddings? Embeddings { get; set; }

    /// <summary>Vectors for vocabulary words missing from <see cref="Embeddings"/>. Default <see cref="OovPolicy.Zeros"/>, as the seed report.</summary>
    public OovPolicy OutOfVocabulary { get; set; } = OovPolicy.Zeros;

    /// <summary>Embedding width when <see cref="Embeddings"/> is null. Default 100.</summary>
    public int EmbeddingDimension { get; set; } = 100;

    /// <summary>Whether the embedding table is trained. Default <see cref="EmbeddingTraining.FineTune"/>.</summary>
    public EmbeddingTraining EmbeddingTraining { get; set; } = EmbeddingTraining.FineTune;

    /// <summary>Frozen epochs for <see cref="EmbeddingTraining.FrozenThenFineTune"/>. Default 2.</summary>
    public int FrozenEmbeddingEpochs { get; set; } = 2;
}
