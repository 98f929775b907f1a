namespace Emotion.ML.TorchSharp.Training;

/// <summary>A progress event: sent after every batch and at the end of every epoch.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="MaxEpochs">The epoch limit.</param>
/// <param name="Batch">1-based batch number within the epoch.</param>
/// <param name="BatchesPerEpoch">Batches in one epoch.</param>
/// <param name="RunningLoss">Mean training loss of the epoch's batches so far.</param>
/// <param name="SamplesPerSecond">Training speed of the epoch so far.</param>
/// <param name="CompletedEpoch">The finished epoch's record on the epoch-end event; null on batch events.</param>
public sealed record TrainingProgress(
    int Epoch,
    int MaxEpochs,
    int Batch,
    int BatchesPerEpoch,
    double RunningLoss,
    double SamplesPerSecond,
    EpochRecord? CompletedEpoch);
