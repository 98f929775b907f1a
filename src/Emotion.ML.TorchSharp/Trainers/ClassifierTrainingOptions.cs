using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Options every deep classifier shares, whatever its input (token ids or numeric frame sequences):
/// label column, optimisation, validation, early stopping, reproducibility, device, progress and
/// cancellation. Defaults follow the seed reports (Adam 1e-3, batch 128, up to 30 epochs, early
/// stopping on validation loss with patience 4).
/// </summary>
public abstract class ClassifierTrainingOptions
{
    /// <summary>The label column: a key type (from <c>MapValueToKey</c>). Default <c>Label</c>.</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Rows (sentences or sequences) per batch. Default 128.</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>Epoch limit. Default 30.</summary>
    public int MaxEpochs { get; set; } = 30;

    /// <summary>Learning rate. Default 1e-3.</summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Optimizer. Default <see cref="OptimizerKind.Adam"/>.</summary>
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Adam;

    /// <summary>How the learning rate changes over training. Default <see cref="Training.LearningRateSchedule.Constant"/>.</summary>
    public LearningRateSchedule LearningRateSchedule { get; set; } = LearningRateSchedule.Constant;

    /// <summary>Factor applied by <see cref="Training.LearningRateSchedule.StepDecay"/> and <see cref="Training.LearningRateSchedule.ReduceOnPlateau"/>. Default 0.5.</summary>
    public double LearningRateDecay { get; set; } = 0.5;

    /// <summary>Epochs between decays for <see cref="Training.LearningRateSchedule.StepDecay"/>. Default 10.</summary>
    public int StepDecayEpochs { get; set; } = 10;

    /// <summary>Epochs without improvement before <see cref="Training.LearningRateSchedule.ReduceOnPlateau"/> decays the rate. Default 2.</summary>
    public int PlateauPatience { get; set; } = 2;

    /// <summary>Floor for <see cref="Training.LearningRateSchedule.ReduceOnPlateau"/>. Default 0.</summary>
    public double MinLearningRate { get; set; }

    /// <summary>Fraction of all batches spent warming up for <see cref="Training.LearningRateSchedule.OneCycle"/> and <see cref="Training.LearningRateSchedule.CosineWithWarmup"/>. Default 0.1.</summary>
    public double WarmupFraction { get; set; } = 0.1;

    /// <summary>
    /// For training without validation data: stop when the mean epoch training loss changes by less
    /// than this between two epochs (the seed-001 rule uses 1e-4); 0 (default) turns the rule off.
    /// </summary>
    public double ConvergenceTolerance { get; set; }

    /// <summary>Momentum for <see cref="OptimizerKind.Sgd"/>. Default 0.</summary>
    public double Momentum { get; set; }

    /// <summary>Nesterov momentum for <see cref="OptimizerKind.Sgd"/> (needs <see cref="Momentum"/> &gt; 0). Default false.</summary>
    public bool Nesterov { get; set; }

    /// <summary>Weight decay: L2 added to the gradient (the embedding rows included) with every optimizer but AdamW, where it is decoupled. Default 0.</summary>
    public double WeightDecay { get; set; }

    /// <summary>
    /// L2 regularization per layer group, as Keras' <c>kernel_regularizer=l2(strength)</c>: for each
    /// group listed, strength times the sum of squares of the group's weight matrices and kernels is
    /// added to the training loss. Biases and BatchNorm parameters are never penalised;
    /// <see cref="LayerGroup.Recurrent"/> covers both the input and the recurrent kernels;
    /// <see cref="LayerGroup.Dense"/> the head's hidden layers and <see cref="LayerGroup.Output"/> its
    /// output layer. The embedding table is updated row by row, so <see cref="LayerGroup.Embedding"/>
    /// penalises the rows each batch uses (a row is pulled toward zero in the batches it appears in).
    /// The penalty only changes the gradients: the reported training loss stays the cross-entropy, so
    /// it remains comparable with the validation loss. Unlike <see cref="WeightDecay"/>, this works the
    /// same with every optimizer. Values must be finite and &gt;= 0; null or empty (default) adds nothing.
    /// </summary>
    public IDictionary<LayerGroup, double>? L2Regularization { get; set; }

    /// <summary>Class weights in the loss. Default <see cref="Trainers.ClassWeighting.None"/>; ignored for classes listed in <see cref="ClassWeights"/>.</summary>
    public ClassWeighting ClassWeighting { get; set; } = ClassWeighting.None;

    /// <summary>Explicit loss weights by class name (classes not listed weigh 1, or their balanced weight with <see cref="ClassWeighting.Balanced"/>). Default none.</summary>
    public IDictionary<string, float>? ClassWeights { get; set; }

    /// <summary>Seeded over- or under-sampling of the training rows by class. Default <see cref="Trainers.Resampling.None"/>.</summary>
    public Resampling Resampling { get; set; } = Resampling.None;

    /// <summary>Maximum global gradient L2 norm; 0 (default) turns clipping off.</summary>
    public double GradientClipNorm { get; set; }

    /// <summary>
    /// Validation data. It may be the pipeline's raw input (for text: text and label columns): the
    /// Emotion.ML transforms that precede the trainer are applied to it and its labels are matched to
    /// the training classes by value. Null: <see cref="ValidationFraction"/> of the training data is held out.
    /// </summary>
    public IDataView? ValidationSet { get; set; }

    /// <summary>Stratified, seeded fraction of the training data held out for validation when <see cref="ValidationSet"/> is null; 0 trains on everything without validation. Default 0.1.</summary>
    public double ValidationFraction { get; set; } = 0.1;

    /// <summary>The validation measure for early stopping and best weights. Default <see cref="Training.EarlyStoppingMetric.Loss"/>.</summary>
    public EarlyStoppingMetric EarlyStoppingMetric { get; set; } = EarlyStoppingMetric.Loss;

    /// <summary>Epochs without improvement before stopping; 0 turns early stopping off. Default 4.</summary>
    public int EarlyStoppingPatience { get; set; } = 4;

    /// <summary>Smallest change that counts as an improvement. Default 0.</summary>
    public double EarlyStoppingMinDelta { get; set; }

    /// <summary>Whether the model keeps the best validation epoch's weights (Keras' <c>restore_best_weights</c>). Default true.</summary>
    public bool RestoreBestWeights { get; set; } = true;

    /// <summary>
    /// Seed for initialisation, shuffling, dropout and the validation split; null uses 1. Same data,
    /// seed and thread count give the same model, provided no other TorchSharp work runs in the
    /// process at the same time (TorchSharp's random generator is process-wide).
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>
    /// Directory where training writes a checkpoint (weights, optimizer state, random generator,
    /// early-stopping state, history) every <see cref="CheckpointEveryEpochs"/> epochs and, when
    /// <see cref="CheckpointEveryBatches"/> is set, inside epochs too, replaced atomically; null (default) writes none.
    /// </summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>Epochs between checkpoints. Default 1.</summary>
    public int CheckpointEveryEpochs { get; set; } = 1;

    /// <summary>
    /// Also checkpoint inside each epoch after every this many batches (the position in the epoch and
    /// its running loss and accuracy included), so <see cref="Resume"/> continues from the middle of a
    /// long epoch and still ends exactly as an uninterrupted run. 0 (default) checkpoints between epochs only.
    /// </summary>
    public int CheckpointEveryBatches { get; set; }

    /// <summary>
    /// Continue from the checkpoint in <see cref="CheckpointDirectory"/> when there is one: with the
    /// same data, options and seed, the run ends exactly as an uninterrupted one would. Default false.
    /// </summary>
    public bool Resume { get; set; }

    /// <summary>CPU threads for TorchSharp; null (default) uses all cores.</summary>
    public int? NumberOfThreads { get; set; }

    /// <summary>Where to train. Default <see cref="ComputeDevice.Auto"/>.</summary>
    public ComputeDevice Device { get; set; } = ComputeDevice.Auto;

    /// <summary>Receives an event after every batch and every epoch.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Stops training after the current batch; the model keeps the best weights so far.</summary>
    public CancellationToken CancellationToken { get; set; }
}
