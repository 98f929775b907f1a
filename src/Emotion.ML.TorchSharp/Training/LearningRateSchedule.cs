namespace Emotion.ML.TorchSharp.Training;

/// <summary>How the learning rate changes during training.</summary>
public enum LearningRateSchedule
{
    /// <summary>The learning rate stays as set.</summary>
    Constant,

    /// <summary>Multiplied by the decay factor every <c>StepDecayEpochs</c> epochs.</summary>
    StepDecay,

    /// <summary>Multiplied by the decay factor when the monitored validation measure (training loss without validation) has not improved for <c>PlateauPatience</c> epochs.</summary>
    ReduceOnPlateau,

    /// <summary>
    /// One-cycle policy (Smith 2018, as PyTorch's OneCycleLR defaults): linear warm-up from rate/25 to
    /// the rate over the warm-up fraction of all batches, then cosine annealing to rate/10,000.
    /// </summary>
    OneCycle,

    /// <summary>Linear warm-up from 0 over the warm-up fraction of all batches, then cosine decay to 0.</summary>
    CosineWithWarmup,
}
