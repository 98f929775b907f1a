namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>Whether training updates the word-embedding table.</summary>
public enum EmbeddingTraining
{
    /// <summary>Updated with the rest of the network from the first epoch (the seed reports' setting).</summary>
    FineTune,

    /// <summary>Never updated: the pretrained vectors stay as loaded.</summary>
    Frozen,

    /// <summary>Frozen for <see cref="TextClassifierOptions.FrozenEmbeddingEpochs"/> epochs, then fine-tuned, so the randomly initialised layers settle before they can distort the pretrained vectors.</summary>
    FrozenThenFineTune,
}
