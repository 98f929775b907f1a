using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;

namespace Emotion.ML;

/// <summary>Deep classifiers of images on ML.NET's multiclass trainer catalog.</summary>
public static class ImageClassifierCatalog
{
    /// <summary>
    /// A convolutional classifier of single-channel images (seed 003's 48x48 face network by default:
    /// four blocks of two 3x3 convolutions, BatchNorm and max pooling, then a dense head), trained
    /// with TorchSharp on augmented batches.
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog (<c>ml.MulticlassClassification.Trainers</c>).</param>
    /// <param name="options">Network and training options; the defaults fit FER2013.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    /// <example>
    /// <code>
    /// var rows = Fer2013.Read("fer2013.csv.gz");
    /// var train = ml.Data.LoadFromEnumerable(rows.Where(r => r.Usage == Fer2013.Training));
    /// var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", keyData: Fer2013.ClassNameData(ml))
    ///     .Append(ml.MulticlassClassification.Trainers.ImageCnn(new ImageCnnOptions
    ///     {
    ///         ValidationSet = ml.Data.LoadFromEnumerable(rows.Where(r => r.Usage == Fer2013.PublicTest)),
    ///     }))
    ///     .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
    /// </code>
    /// </example>
    public static ImageCnnTrainer ImageCnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, ImageCnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new ImageCnnTrainer(options);
    }
}
