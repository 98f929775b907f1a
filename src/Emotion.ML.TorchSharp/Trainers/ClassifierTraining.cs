using Emotion.ML.Pipeline;
using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// What every classifier trainer does the same way, whatever its input: checking the shared
/// options, the label column and the output schema, class weights, the compute device and the
/// training loop's settings.
/// </summary>
internal static class ClassifierTraining
{
    /// <summary>
    /// Checks the label column of <paramref name="inputSchema"/> and appends ML.NET's multiclass
    /// outputs: <c>Score</c> (one probability per class) and <c>PredictedLabel</c> (the label's key type).
    /// </summary>
    public static SchemaShape OutputSchema(SchemaShape inputSchema, string labelColumnName)
    {
        var label = SchemaShapes.Find(inputSchema, labelColumnName, "a key-typed label column (apply MapValueToKey first)");
        if (!label.IsKey || label.Kind != SchemaShape.Column.VectorKind.Scalar)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Label column '{label.Name}' has type {label.ItemType} ({label.Kind}); expected a scalar key type (apply MapValueToKey first).");
        }

        var text = TextDataViewType.Instance;
        var slotNames = new SchemaShape(new[] { SchemaShapes.Column(AnnotationKinds.SlotNames, SchemaShape.Column.VectorKind.Vector, text) });
        var keyValues = new SchemaShape(new[] { SchemaShapes.Column(AnnotationKinds.KeyValues, SchemaShape.Column.VectorKind.Vector, text) });
        return SchemaShapes.Append(
            inputSchema,
            SchemaShapes.Column(TextClassificationTransformer.ScoreColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false, slotNames),
            SchemaShapes.Column(TextClassificationTransformer.PredictedLabelColumnName, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, true, keyValues));
    }

    /// <summary>Checks that the labelled training rows are not empty and hold at least two classes.</summary>
    public static void CheckClasses(int[] labels, string[] classNames, string argument)
    {
        if (labels.Length == 0)
        {
            throw new ArgumentException("The training data has no labelled rows.", argument);
        }

        if (labels.Distinct().Count() < 2)
        {
            throw new ArgumentException($"The training data has a single class ('{classNames[labels[0]]}'); a classifier needs at least two.", argument);
        }
    }

    /// <summary>The loop's settings from <paramref name="options"/>; the caller adds what its input needs (embedding training).</summary>
    public static LoopSettings Settings(ClassifierTrainingOptions options, float[]? classWeights, int minSteps, int seed, Device device) => new()
    {
        MaxEpochs = options.MaxEpochs,
        BatchSize = options.BatchSize,
        LearningRate = options.LearningRate,
        Optimizer = options.Optimizer,
        WeightDecay = options.WeightDecay,
        Momentum = options.Momentum,
        Nesterov = options.Nesterov,
        GradientClipNorm = options.GradientClipNorm,
        Schedule = options.LearningRateSchedule,
        DecayFactor = options.LearningRateDecay,
        StepDecayEpochs = options.StepDecayEpochs,
        PlateauPatience = options.PlateauPatience,
        MinLearningRate = options.MinLearningRate,
        WarmupFraction = options.WarmupFraction,
        ConvergenceTolerance = options.ConvergenceTolerance,
        ClassWeights = classWeights,
        Monitor = options.EarlyStoppingMetric,
        Patience = options.EarlyStoppingPatience,
        MinDelta = options.EarlyStoppingMinDelta,
        RestoreBestWeights = options.RestoreBestWeights,
        MinSteps = minSteps,
        Seed = seed,
        Device = device,
        CheckpointDirectory = options.CheckpointDirectory,
        CheckpointEveryEpochs = options.CheckpointEveryEpochs,
        CheckpointEveryBatches = options.CheckpointEveryBatches,
        L2Regularization = options.L2Regularization is { Count: > 0 } l2 ? new Dictionary<LayerGroup, double>(l2) : null,
        Resume = options.Resume,
    };

    /// <summary>The loss weight of each class from the options, or null when every class weighs 1.</summary>
    public static float[]? ClassWeights(ClassifierTrainingOptions options, int[] labels, string[] classNames)
    {
        if (options.ClassWeighting == ClassWeighting.None && (options.ClassWeights is null || options.ClassWeights.Count == 0))
        {
            return null;
        }

        var weights = Enumerable.Repeat(1f, classNames.Length).ToArray();
        if (options.ClassWeighting == ClassWeighting.Balanced)
        {
            var counts = LabelSampling.ClassCounts(labels, classNames.Length);
            var present = counts.Count(c => c > 0);
            for (var c = 0; c < weights.Length; c++)
            {
                weights[c] = counts[c] == 0 ? 1f : (float)labels.Length / (present * counts[c]);
            }
        }

        foreach (var (name, weight) in options.ClassWeights ?? new Dictionary<string, float>())
        {
            var index = Array.IndexOf(classNames, name);
            if (index < 0)
            {
                throw new ArgumentException($"ClassWeights names class '{name}', which the training data does not have (classes: {string.Join(", ", classNames)}).", "Options");
            }

            if (!(weight >= 0) || float.IsInfinity(weight))
            {
                throw new ArgumentOutOfRangeException("Options", $"ClassWeights['{name}'] is {weight}; expected a finite number >= 0.");
            }

            weights[index] = weight;
        }

        return weights;
    }

    /// <summary>Applies the thread count and returns the device to train on.</summary>
    public static Device PrepareTorch(ClassifierTrainingOptions options)
    {
        if (options.NumberOfThreads is { } threads)
        {
            torch.set_num_threads(threads);
        }

        return options.Device switch
        {
            ComputeDevice.Cpu => CPU,
            ComputeDevice.Cuda when !cuda.is_available() => throw new InvalidOperationException("Device Cuda was requested but TorchSharp reports no usable CUDA device; reference a TorchSharp-cuda runtime package and check the driver."),
            ComputeDevice.Cuda => CUDA,
            _ => cuda.is_available() ? CUDA : CPU,
        };
    }

    /// <summary>Checks the options every classifier shares.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public static void Validate(ClassifierTrainingOptions options)
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

        if (options.ConvergenceTolerance < 0 || double.IsNaN(options.ConvergenceTolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.ConvergenceTolerance)} is {options.ConvergenceTolerance}; expected 0 (off) or a positive number.");
        }

        foreach (var (group, strength) in options.L2Regularization ?? new Dictionary<LayerGroup, double>())
        {
            if (!(strength >= 0) || double.IsInfinity(strength))
            {
                throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.L2Regularization)}[{group}] is {strength}; expected a finite number >= 0.");
            }
        }
    }
}
