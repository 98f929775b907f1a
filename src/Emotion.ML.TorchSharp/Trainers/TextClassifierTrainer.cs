using Emotion.ML.Embeddings;
using Emotion.ML.Pipeline;
using Emotion.ML.Tokenization;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Base of the deep text classifiers: an ML.NET estimator that reads token ids and a key label,
/// trains a TorchSharp network with the shared training loop and returns a
/// <see cref="TextClassificationTransformer"/> producing ML.NET's multiclass columns
/// <c>Score</c> and <c>PredictedLabel</c>.
/// </summary>
/// <typeparam name="TOptions">The network's options.</typeparam>
public abstract class TextClassifierTrainer<TOptions> : IEstimator<TextClassificationTransformer>
    where TOptions : TextClassifierOptions
{
    private protected TextClassifierTrainer(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        Options = options;
    }

    /// <summary>The options this trainer was created with.</summary>
    public TOptions Options { get; }

    /// <summary>
    /// Checks the input columns and describes the output: <c>Score</c> (one probability per class) and
    /// <c>PredictedLabel</c> (the label's key type).
    /// </summary>
    /// <param name="inputSchema">The shape of the data the trainer will see.</param>
    /// <exception cref="ArgumentOutOfRangeException">The label or tokens column is missing or of the wrong type; the message names it.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var label = SchemaShapes.Find(inputSchema, Options.LabelColumnName, "a key-typed label column (apply MapValueToKey first)");
        if (!label.IsKey || label.Kind != SchemaShape.Column.VectorKind.Scalar)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Label column '{label.Name}' has type {label.ItemType} ({label.Kind}); expected a scalar key type (apply MapValueToKey first).");
        }

        var tokens = SchemaShapes.Find(inputSchema, Options.TokensColumnName, "a vector of Int32 token ids from TokenizeToIds");
        if (tokens.Kind == SchemaShape.Column.VectorKind.Scalar || tokens.ItemType != NumberDataViewType.Int32)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Tokens column '{tokens.Name}' has type {tokens.ItemType} ({tokens.Kind}); expected a vector of Int32 token ids from TokenizeToIds.");
        }

        var text = TextDataViewType.Instance;
        var slotNames = new SchemaShape(new[] { SchemaShapes.Column(AnnotationKinds.SlotNames, SchemaShape.Column.VectorKind.Vector, text) });
        var keyValues = new SchemaShape(new[] { SchemaShapes.Column(AnnotationKinds.KeyValues, SchemaShape.Column.VectorKind.Vector, text) });
        return SchemaShapes.Append(
            inputSchema,
            SchemaShapes.Column(TextClassificationTransformer.ScoreColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false, slotNames),
            SchemaShapes.Column(TextClassificationTransformer.PredictedLabelColumnName, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, true, keyValues));
    }

    /// <summary>Trains the network on <paramref name="input"/>.</summary>
    /// <param name="input">Data with the label and token-id columns.</param>
    /// <returns>The trained model as a transformer.</returns>
    /// <exception cref="ArgumentException">The data is empty, has a single class, or its validation set has labels the training data lacks.</exception>
    /// <exception cref="InvalidOperationException">The loss became NaN or infinite (the message names the epoch) or TorchSharp's native runtime is missing.</exception>
    public TextClassificationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TorchRuntime.EnsureAvailable();
        var schema = input.Schema;
        var labelColumn = schema.GetColumnOrNull(Options.LabelColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(input), $"Input column '{Options.LabelColumnName}' was not found; expected a key-typed label column.");
        var tokensColumn = schema.GetColumnOrNull(Options.TokensColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(input), $"Input column '{Options.TokensColumnName}' was not found; expected token ids from TokenizeToIds.");
        TextClassificationData.CheckTokens(tokensColumn);
        var classNames = TextClassificationData.ClassNames(labelColumn);
        var vocabulary = Vocabulary.FromColumn(tokensColumn);
        var seed = Options.Seed ?? 1;

        var all = TextClassificationData.Read(input, Options.TokensColumnName, Options.LabelColumnName, vocabulary.Count, classNames, "training data");
        if (all.Count == 0)
        {
            throw new ArgumentException("The training data has no labelled rows.", nameof(input));
        }

        if (all.Labels.Distinct().Count() < 2)
        {
            throw new ArgumentException($"The training data has a single class ('{classNames[all.Labels[0]]}'); a classifier needs at least two.", nameof(input));
        }

        TrainingData train = all, validation;
        if (Options.ValidationSet is not null)
        {
            var prepared = TextClassificationData.PrepareValidation(Options.ValidationSet, input, Options.TokensColumnName);
            validation = TextClassificationData.Read(prepared, Options.TokensColumnName, Options.LabelColumnName, vocabulary.Count, classNames, "validation set");
        }
        else if (Options.ValidationFraction > 0)
        {
            (train, validation) = all.StratifiedSplit(Options.ValidationFraction, seed);
        }
        else
        {
            validation = new TrainingData(Array.Empty<int[]>(), Array.Empty<int>());
        }

        if (Options.Resampling != Resampling.None)
        {
            train = train.Resample(Options.Resampling == Resampling.OverSample, seed);
        }

        var classWeights = ClassWeights(train, classNames);
        if (Options.NumberOfThreads is { } threads)
        {
            torch.set_num_threads(threads);
        }

        var device = ResolveDevice(Options.Device);
        torch.manual_seed(seed);
        var pretrained = Options.Embeddings is null ? null : EmbeddingMatrix.Create(Options.Embeddings, vocabulary, Options.OutOfVocabulary, seed);
        var dimension = pretrained?.Dimension ?? Options.EmbeddingDimension;
        var embedding = new TokenEmbedding(vocabulary.Count, dimension, pretrained?.Values.ToArray());
        var network = CreateNetwork(embedding, classNames.Length);
        var settings = new LoopSettings
        {
            MaxEpochs = Options.MaxEpochs,
            BatchSize = Options.BatchSize,
            LearningRate = Options.LearningRate,
            Optimizer = Options.Optimizer,
            WeightDecay = Options.WeightDecay,
            Momentum = Options.Momentum,
            Nesterov = Options.Nesterov,
            GradientClipNorm = Options.GradientClipNorm,
            Schedule = Options.LearningRateSchedule,
            DecayFactor = Options.LearningRateDecay,
            StepDecayEpochs = Options.StepDecayEpochs,
            PlateauPatience = Options.PlateauPatience,
            MinLearningRate = Options.MinLearningRate,
            WarmupFraction = Options.WarmupFraction,
            ConvergenceTolerance = Options.ConvergenceTolerance,
            ClassWeights = classWeights,
            Monitor = Options.EarlyStoppingMetric,
            Patience = Options.EarlyStoppingPatience,
            MinDelta = Options.EarlyStoppingMinDelta,
            RestoreBestWeights = Options.RestoreBestWeights,
            TrainEmbeddings = Options.EmbeddingTraining != EmbeddingTraining.Frozen,
            FrozenEmbeddingEpochs = Options.EmbeddingTraining == EmbeddingTraining.FrozenThenFineTune ? Options.FrozenEmbeddingEpochs : 0,
            MinSteps = MinSteps,
            Seed = seed,
            Device = device,
            CheckpointDirectory = Options.CheckpointDirectory,
            CheckpointEveryEpochs = Options.CheckpointEveryEpochs,
            CheckpointEveryBatches = Options.CheckpointEveryBatches,
            L2Regularization = Options.L2Regularization is { Count: > 0 } l2 ? new Dictionary<LayerGroup, double>(l2) : null,
            Resume = Options.Resume,
        };
        var history = ClassifierLoop.Fit(network, embedding, train, validation.Count > 0 ? validation : null, classNames, settings, Options.Progress, Options.CancellationToken);
        return new TextClassificationTransformer(network, vocabulary, classNames, Options.TokensColumnName, MinSteps, device, history);
    }

    /// <summary>The fewest padded steps a batch needs (a convolution's kernel width).</summary>
    private protected virtual int MinSteps => 1;

    /// <summary>Builds the network over <paramref name="embedding"/> with <paramref name="classes"/> outputs.</summary>
    private protected abstract nn.Module<Tensor, Tensor, Tensor> CreateNetwork(TokenEmbedding embedding, int classes);

    /// <summary>The loss weight of each class from the options, or null when every class weighs 1.</summary>
    private float[]? ClassWeights(TrainingData train, string[] classNames)
    {
        if (Options.ClassWeighting == ClassWeighting.None && (Options.ClassWeights is null || Options.ClassWeights.Count == 0))
        {
            return null;
        }

        var weights = Enumerable.Repeat(1f, classNames.Length).ToArray();
        if (Options.ClassWeighting == ClassWeighting.Balanced)
        {
            var counts = train.ClassCounts(classNames.Length);
            var present = counts.Count(c => c > 0);
            for (var c = 0; c < weights.Length; c++)
            {
                weights[c] = counts[c] == 0 ? 1f : (float)train.Count / (present * counts[c]);
            }
        }

        foreach (var (name, weight) in Options.ClassWeights ?? new Dictionary<string, float>())
        {
            var index = Array.IndexOf(classNames, name);
            if (index < 0)
            {
                throw new ArgumentException($"ClassWeights names class '{name}', which the training data does not have (classes: {string.Join(", ", classNames)}).", nameof(Options));
            }

            if (!(weight >= 0) || float.IsInfinity(weight))
            {
                throw new ArgumentOutOfRangeException(nameof(Options), $"ClassWeights['{name}'] is {weight}; expected a finite number >= 0.");
            }

            weights[index] = weight;
        }

        return weights;
    }

    private static Device ResolveDevice(ComputeDevice device) => device switch
    {
        ComputeDevice.Cpu => CPU,
        ComputeDevice.Cuda when !cuda.is_available() => throw new InvalidOperationException("Device Cuda was requested but TorchSharp reports no usable CUDA device; reference a TorchSharp-cuda runtime package and check the driver."),
        ComputeDevice.Cuda => CUDA,
        _ => cuda.is_available() ? CUDA : CPU,
    };

    private static void Validate(TextClassifierOptions options)
    {
        if (options.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.BatchSize)} is {options.BatchSize}; expected at least 1.");
        }

        if (options.MaxEpochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.MaxEpochs)} is {options.MaxEpochs}; expected at least 1.");
        }

        if (!(options.LearningRate > 0) || double.IsInfinity(options.LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.LearningRate)} is {options.LearningRate}; expected a positive number.");
        }

        if (options.ValidationFraction is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.ValidationFraction)} is {options.ValidationFraction}; expected 0 (none) up to but not including 1.");
        }

        if (options.Nesterov && !(options.Momentum > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.Nesterov)} needs {nameof(options.Momentum)} > 0 (it is {options.Momentum}).");
        }

        if (!(options.LearningRateDecay > 0 && options.LearningRateDecay <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.LearningRateDecay)} is {options.LearningRateDecay}; expected a factor in (0, 1].");
        }

        if (options.WarmupFraction is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.WarmupFraction)} is {options.WarmupFraction}; expected 0 up to but not including 1.");
        }

        if (options.CheckpointEveryBatches < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.CheckpointEveryBatches)} is {options.CheckpointEveryBatches}; expected 0 (between epochs only) or more.");
        }

        foreach (var (group, strength) in options.L2Regularization ?? new Dictionary<LayerGroup, double>())
        {
            if (!(strength >= 0) || double.IsInfinity(strength))
            {
                throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.L2Regularization)}[{group}] is {strength}; expected a finite number >= 0.");
            }
        }

        if (options.Embeddings is null && options.EmbeddingDimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.EmbeddingDimension)} is {options.EmbeddingDimension}; expected at least 1 when no pretrained embeddings are given.");
        }
    }
}
