namespace Emotion.ML.TorchSharp.Training;

/// <summary>Why training ended.</summary>
public enum StopReason
{
    /// <summary>All epochs ran.</summary>
    MaxEpochs,

    /// <summary>The monitored validation metric stopped improving for the patience.</summary>
    EarlyStopping,

    /// <summary>The cancellation token was signalled; training stopped after the current batch.</summary>
    Cancelled,

    /// <summary>Without validation data, the mean epoch training loss changed by less than the convergence tolerance.</summary>
    Converged,
}

/// <summary>The per-epoch record of a training run and how it ended.</summary>
public sealed class TrainingHistory
{
    internal TrainingHistory(IReadOnlyList<EpochRecord> epochs, int bestEpoch, StopReason stopReason)
    {
        Epochs = epochs;
        BestEpoch = bestEpoch;
        StopReason = stopReason;
    }

    /// <summary>One record per completed epoch, in order.</summary>
    public IReadOnlyList<EpochRecord> Epochs { get; }

    /// <summary>The 1-based epoch whose weights the model kept (the best validation epoch, or the last epoch); 0 when no epoch completed.</summary>
    public int BestEpoch { get; }

    /// <summary>Why training ended.</summary>
    public StopReason StopReason { get; }
}
