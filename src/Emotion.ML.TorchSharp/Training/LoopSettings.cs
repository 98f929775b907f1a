using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>The training loop's settings, resolved from a trainer's options.</summary>
internal sealed record LoopSettings
{
    public int MaxEpochs { get; init; } = 30;

    public int BatchSize { get; init; } = 128;

    public double LearningRate { get; init; } = 1e-3;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    public double WeightDecay { get; init; }

    public double Momentum { get; init; }

    public bool Nesterov { get; init; }

    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    public double DecayFactor { get; init; } = 0.5;

    public int StepDecayEpochs { get; init; } = 10;

    public int PlateauPatience { get; init; } = 2;

    public double MinLearningRate { get; init; }

    public double WarmupFraction { get; init; } = 0.1;

    /// <summary>Without validation: stop when the mean epoch training loss changes by less than this; 0 turns the rule off.</summary>
    public double ConvergenceTolerance { get; init; }

    /// <summary>Maximum global gradient norm; 0 turns clipping off.</summary>
    public double GradientClipNorm { get; init; }

    public EarlyStoppingMetric Monitor { get; init; } = EarlyStoppingMetric.Loss;

    /// <summary>Epochs without improvement before stopping; 0 turns early stopping off.</summary>
    public int Patience { get; init; } = 4;

    public double MinDelta { get; init; }

    public bool RestoreBestWeights { get; init; } = true;

    public bool TrainEmbeddings { get; init; } = true;

    /// <summary>Epochs at the start during which the embeddings stay frozen even when <see cref="TrainEmbeddings"/> is set.</summary>
    public int FrozenEmbeddingEpochs { get; init; }

    /// <summary>Per-class loss weights, or null for equal weights.</summary>
    public float[]? ClassWeights { get; init; }

    /// <summary>Padding floor per batch (a convolution's kernel size, so short batches still convolve).</summary>
    public int MinSteps { get; init; } = 1;

    public int Seed { get; init; } = 1;

    /// <summary>Directory for a checkpoint after every <see cref="CheckpointEveryEpochs"/> epochs; null: none.</summary>
    public string? CheckpointDirectory { get; init; }

    public int CheckpointEveryEpochs { get; init; } = 1;

    /// <summary>Batches between checkpoints inside an epoch; 0 turns them off.</summary>
    public int CheckpointEveryBatches { get; init; }

    /// <summary>L2 strength per layer group added to the training objective; null: none.</summary>
    public IReadOnlyDictionary<LayerGroup, double>? L2Regularization { get; init; }

    /// <summary>Continue from the checkpoint in <see cref="CheckpointDirectory"/> when there is one.</summary>
    public bool Resume { get; init; }

    /// <summary>Changes each training batch's input before the forward pass (image augmentation); null: none.</summary>
    public IBatchAugmentation? Augmentation { get; init; }

    public Device Device { get; init; } = CPU;
}
