using Emotion.ML.Pipeline;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Trains the recurrent classifier of numeric frame sequences (<see cref="SequenceRnnOptions"/>)
/// with the same training loop as the text networks, and returns a
/// <see cref="SequenceClassificationTransformer"/> producing ML.NET's multiclass columns
/// <c>Score</c> and <c>PredictedLabel</c>. Reached as <c>ml.MulticlassClassification.Trainers.SequenceRnn(options)</c>.
/// </summary>
public sealed class SequenceRnnTrainer : IEstimator<SequenceClassificationTransformer>
{
    internal SequenceRnnTrainer(SequenceRnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ClassifierTraining.Validate(options);
        if (options.FrameSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.FrameSize)} is {options.FrameSize}; set it to the number of features per frame (at least 1).");
        }

        if (!Enum.IsDefined(options.Normalization) || !Enum.IsDefined(options.Cell))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.Normalization)} ({options.Normalization}) or {nameof(options.Cell)} ({options.Cell}) is not a defined value.");
        }

        RecurrentTrainer<LstmOptions>.ValidateRecurrent(options.Units, options.Pooling, options.AttentionUnits, options.Dropout, options.DenseLayers);
        Options = options;
    }

    /// <summary>The options this trainer was created with.</summary>
    public SequenceRnnOptions Options { get; }

    /// <summary>
    /// Checks the input columns and describes the output: <c>Score</c> (one probability per class) and
    /// <c>PredictedLabel</c> (the label's key type).
    /// </summary>
    /// <param name="inputSchema">The shape of the data the trainer will see.</param>
    /// <exception cref="ArgumentOutOfRangeException">The label or frames column is missing or of the wrong type; the message names it.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var output = ClassifierTraining.OutputSchema(inputSchema, Options.LabelColumnName);
        var frames = SchemaShapes.Find(inputSchema, Options.FramesColumnName, "a vector of Single holding each row's frames");
        if (frames.Kind == SchemaShape.Column.VectorKind.Scalar || frames.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Frames column '{frames.Name}' has type {frames.ItemType} ({frames.Kind}); expected a vector of Single holding each row's frames one after another.");
        }

        return output;
    }

    /// <summary>Fits the normalization on the training frames and trains the network on <paramref name="input"/>.</summary>
    /// <param name="input">Data with the key-typed label column and the frames column.</param>
    /// <returns>The trained model as a transformer.</returns>
    /// <exception cref="ArgumentException">The data is empty, has a single class, or its validation set has labels the training data lacks.</exception>
    /// <exception cref="InvalidDataException">A row is not a whole number of frames or holds a NaN or infinite value; the message names the row.</exception>
    /// <exception cref="InvalidOperationException">The loss became NaN or infinite (the message names the epoch) or TorchSharp's native runtime is missing.</exception>
    public SequenceClassificationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TorchRuntime.EnsureAvailable();
        var labelColumn = input.Schema.GetColumnOrNull(Options.LabelColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(input), $"Input column '{Options.LabelColumnName}' was not found; expected a key-typed label column.");
        var classNames = TextClassificationData.ClassNames(labelColumn);
        var frameSize = Options.FrameSize;
        var seed = Options.Seed ?? 1;

        var (rows, labels) = SequenceClassificationData.Read(input, Options.FramesColumnName, Options.LabelColumnName, frameSize, classNames, "training data");
        ClassifierTraining.CheckClasses(labels, classNames, nameof(input));
        var train = new FrameSequences(rows, frameSize, labels);
        FrameSequences? validation = null;
        if (Options.ValidationSet is not null)
        {
            var prepared = TextClassificationData.PrepareValidation(Options.ValidationSet, input, Options.FramesColumnName);
            var (validationRows, validationLabels) = SequenceClassificationData.Read(prepared, Options.FramesColumnName, Options.LabelColumnName, frameSize, classNames, "validation set");
            validation = new FrameSequences(validationRows, frameSize, validationLabels);
        }
        else if (Options.ValidationFraction > 0)
        {
            (train, validation) = train.StratifiedSplit(Options.ValidationFraction, seed);
        }

        // The statistics come from the rows the network trains on, before any resampling repeats some of them.
        var normalizer = FrameNormalizer.Fit(Options.Normalization, train.Frames, frameSize);
        train = Normalize(train, normalizer);
        validation = validation is { Count: > 0 } ? Normalize(validation, normalizer) : null;
        if (Options.Resampling != Resampling.None)
        {
            train = train.Resample(Options.Resampling == Resampling.OverSample, seed);
        }

        var classWeights = ClassifierTraining.ClassWeights(Options, train.Labels, classNames);
        var device = ClassifierTraining.PrepareTorch(Options);
        torch.manual_seed(seed);
        var network = new RecurrentNetwork(
            new FrameInput(frameSize), Options.Cell, Options.Bidirectional, Options.Units, Options.Dropout, Options.Pooling, Options.DenseLayers, classNames.Length, Options.AttentionUnits);
        var settings = ClassifierTraining.Settings(Options, classWeights, minSteps: 1, seed, device) with { TrainEmbeddings = false };
        var history = ClassifierLoop.Fit(network, null, train, validation, classNames, settings, Options.Progress, Options.CancellationToken);
        return new SequenceClassificationTransformer(network, normalizer, classNames, Options.FramesColumnName, device, history);
    }

    private static FrameSequences Normalize(FrameSequences rows, FrameNormalizer normalizer) =>
        new(rows.Frames.Select(normalizer.Apply).ToArray(), rows.FrameSize, rows.Labels);
}
