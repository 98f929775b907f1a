using Emotion.ML.Pipeline;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Trains the convolutional image classifier (<see cref="ImageCnnOptions"/>) with the same training
/// loop as the text and sequence networks, on augmented training batches, and returns an
/// <see cref="ImageClassificationTransformer"/> producing ML.NET's multiclass columns <c>Score</c>
/// and <c>PredictedLabel</c>. Reached as <c>ml.MulticlassClassification.Trainers.ImageCnn(options)</c>.
/// </summary>
public sealed class ImageCnnTrainer : IEstimator<ImageClassificationTransformer>
{
    internal ImageCnnTrainer(ImageCnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ClassifierTraining.Validate(options);
        Validate(options);
        Options = options;
    }

    /// <summary>The options this trainer was created with.</summary>
    public ImageCnnOptions Options { get; }

    /// <summary>
    /// Checks the input columns and describes the output: <c>Score</c> (one probability per class) and
    /// <c>PredictedLabel</c> (the label's key type).
    /// </summary>
    /// <param name="inputSchema">The shape of the data the trainer will see.</param>
    /// <exception cref="ArgumentOutOfRangeException">The label or pixels column is missing or of the wrong type or size; the message names it.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var output = ClassifierTraining.OutputSchema(inputSchema, Options.LabelColumnName);
        var pixels = SchemaShapes.Find(inputSchema, Options.PixelsColumnName, "a vector of Single holding each row's image");
        if (pixels.Kind == SchemaShape.Column.VectorKind.Scalar || pixels.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Pixels column '{pixels.Name}' has type {pixels.ItemType} ({pixels.Kind}); expected a vector of Single holding each row's {Options.ImageWidth}x{Options.ImageHeight} grayscale image, row-major.");
        }

        return output;
    }

    /// <summary>Trains the network on <paramref name="input"/>.</summary>
    /// <param name="input">Data with the key-typed label column and the pixels column.</param>
    /// <returns>The trained model as a transformer.</returns>
    /// <exception cref="ArgumentException">The data is empty, has a single class, or its validation set has labels the training data lacks.</exception>
    /// <exception cref="InvalidDataException">A row has the wrong number of pixels or a NaN or infinite value; the message names the row.</exception>
    /// <exception cref="InvalidOperationException">The loss became NaN or infinite (the message names the epoch) or TorchSharp's native runtime is missing.</exception>
    public ImageClassificationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TorchRuntime.EnsureAvailable();
        var labelColumn = input.Schema.GetColumnOrNull(Options.LabelColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(input), $"Input column '{Options.LabelColumnName}' was not found; expected a key-typed label column.");
        var classNames = TextClassificationData.ClassNames(labelColumn);
        var (width, height) = (Options.ImageWidth, Options.ImageHeight);
        var seed = Options.Seed ?? 1;

        var (pixels, labels) = ImageClassificationData.Read(input, Options.PixelsColumnName, Options.LabelColumnName, width, height, classNames, "training data");
        ClassifierTraining.CheckClasses(labels, classNames, nameof(input));
        var train = new ImageRows(pixels, width, height, labels);
        ImageRows? validation = null;
        if (Options.ValidationSet is not null)
        {
            var prepared = TextClassificationData.PrepareValidation(Options.ValidationSet, input, Options.PixelsColumnName);
            var (validationPixels, validationLabels) = ImageClassificationData.Read(prepared, Options.PixelsColumnName, Options.LabelColumnName, width, height, classNames, "validation set");
            validation = validationLabels.Length > 0 ? new ImageRows(validationPixels, width, height, validationLabels) : null;
        }
        else if (Options.ValidationFraction > 0)
        {
            (train, validation) = train.StratifiedSplit(Options.ValidationFraction, seed);
        }

        if (Options.Resampling != Resampling.None)
        {
            train = train.Resample(Options.Resampling == Resampling.OverSample, seed);
        }

        var classWeights = ClassifierTraining.ClassWeights(Options, train.Labels, classNames);
        var device = ClassifierTraining.PrepareTorch(Options);
        torch.manual_seed(seed);
        var network = new ImageCnnNetwork(width, height, Options.BlockFilters, Options.ConvolutionsPerBlock, Options.KernelSize, Options.BlockDropout, Options.DenseLayers, classNames.Length, Options.PixelScale);
        var settings = ClassifierTraining.Settings(Options, classWeights, minSteps: 1, seed, device) with
        {
            TrainEmbeddings = false,
            Augmentation = Options.Augmentation is { IsEnabled: true } augmentation ? new ImageAugmenter(augmentation, seed) : null,
        };
        var history = ClassifierLoop.Fit(network, null, train, validation, classNames, settings, Options.Progress, Options.CancellationToken);
        return new ImageClassificationTransformer(network, classNames, Options.PixelsColumnName, width, height, device, history);
    }

    private static void Validate(ImageCnnOptions options)
    {
        if (string.IsNullOrEmpty(options.PixelsColumnName))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.PixelsColumnName)} is empty; name the column holding the pixels.");
        }

        if (options.ImageWidth is < 1 or > 4096 || options.ImageHeight is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"The image size {options.ImageWidth}x{options.ImageHeight} is out of range; expected 1 to 4096 pixels each way.");
        }

        if (options.BlockFilters is not { Length: > 0 } || options.BlockFilters.Any(f => f < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.BlockFilters)} must list at least one block, each with at least 1 filter.");
        }

        var (width, height) = ImageCnnNetwork.FeatureMapSize(options.ImageWidth, options.ImageHeight, options.BlockFilters.Length);
        if (width < 1 || height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{options.BlockFilters.Length} blocks each halve the {options.ImageWidth}x{options.ImageHeight} image, leaving less than one pixel; use at most {Math.Floor(Math.Log2(Math.Min(options.ImageWidth, options.ImageHeight)))} blocks.");
        }

        if (options.ConvolutionsPerBlock < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.ConvolutionsPerBlock)} is {options.ConvolutionsPerBlock}; expected at least 1.");
        }

        if (options.KernelSize < 1 || options.KernelSize % 2 == 0 || options.KernelSize > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.KernelSize)} is {options.KernelSize}; expected an odd size from 1 to 31 (\"same\" padding keeps the image size).");
        }

        if (!(options.BlockDropout is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.BlockDropout)} is {options.BlockDropout}; expected a value in [0, 1).");
        }

        if (!(float.IsFinite(options.PixelScale) && options.PixelScale > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.PixelScale)} is {options.PixelScale}; expected a positive number (1/255 for 0..255 pixels).");
        }

        DenseLayer.Validate(options.DenseLayers, nameof(options.DenseLayers));
        options.Augmentation?.Validate(nameof(options.Augmentation));
    }
}
