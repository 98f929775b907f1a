using Emotion.ML.Text;
using Emotion.ML.Tokenization;
using Microsoft.ML;

namespace Emotion.ML.Cli.Training;

/// <summary>The pipeline every command trains: label to key, normalize, tokenize, the network, key back to label.</summary>
internal static class TextPipeline
{
    public static IEstimator<ITransformer> Build(MLContext ml, IEstimator<ITransformer> trainer, EmotionTextNormalizerOptions? normalizer = null, TokenizeToIdsOptions? tokenizer = null) =>
        ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.NormalizeEmotionText("Clean", "Text", normalizer))
            .Append(ml.Transforms.Text.TokenizeToIds("Tokens", "Clean", options: tokenizer))
            .Append(trainer)
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
}
