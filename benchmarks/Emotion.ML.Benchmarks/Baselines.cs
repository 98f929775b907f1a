using Emotion.ML.Embeddings;
using Microsoft.ML;

namespace Emotion.ML.Benchmarks;

/// <summary>The classic ML.NET pipelines the deep networks are measured against, as docs/benchmarks.md describes them.</summary>
public static class Baselines
{
    /// <summary>ML.NET's own text featurizer (defaults: word 1-2-grams and character 1-3-grams) + SdcaMaximumEntropy (defaults).</summary>
    public static IEstimator<ITransformer> FeaturizeTextSdca(MLContext ml) =>
        ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.FeaturizeText("Features", "Text"))
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());

    /// <summary>Emotion.ML's normalizer and tokenizer, mean+max pooled GloVe vectors, min-max scaling + SdcaMaximumEntropy (defaults): the demo's baseline.</summary>
    public static IEstimator<ITransformer> PooledGloveSdca(MLContext ml, WordEmbeddings glove) =>
        ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.NormalizeEmotionText("Clean", "Text"))
            .Append(ml.Transforms.Text.TokenizeToIds("Tokens", "Clean"))
            .Append(ml.Transforms.Text.ApplyEmbeddings("Features", "Tokens", glove, EmbeddingPooling.MeanMax))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
}
