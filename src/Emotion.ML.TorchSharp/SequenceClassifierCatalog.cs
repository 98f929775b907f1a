using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;

namespace Emotion.ML;

/// <summary>Deep classifiers of numeric frame sequences on ML.NET's multiclass trainer catalog.</summary>
public static class SequenceClassifierCatalog
{
    /// <summary>
    /// A recurrent classifier of numeric frame sequences (stacked SimpleRnn, LSTM or GRU layers over
    /// normalized frames; one bidirectional GRU layer of 64 units per direction by default) trained with TorchSharp.
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog (<c>ml.MulticlassClassification.Trainers</c>).</param>
    /// <param name="options">Network and training options; <see cref="SequenceRnnOptions.FrameSize"/> is required.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    /// <example>
    /// <code>
    /// var train = SequenceData.LoadJsonLines(ml, "train.jsonl", out var frameSize);
    /// var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
    ///     .Append(ml.MulticlassClassification.Trainers.SequenceRnn(new SequenceRnnOptions { FrameSize = frameSize }))
    ///     .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
    /// </code>
    /// </example>
    public static SequenceRnnTrainer SequenceRnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, SequenceRnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new SequenceRnnTrainer(options);
    }
}
