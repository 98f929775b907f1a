namespace Emotion.ML.TorchSharp.Training;

/// <summary>What one training epoch measured, as Keras' <c>History</c> records it.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean cross-entropy over the epoch's batches (with dropout active).</param>
/// <param name="TrainAccuracy">Accuracy of the training batches' predictions during the epoch.</param>
/// <param name="ValidationLoss">Mean cross-entropy on the validation data; null without validation.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation data; null without validation.</param>
/// <param name="ValidationMacroF1">Macro-averaged F1 on the validation data; null without validation.</param>
/// <param name="Seconds">Wall time of the epoch's training batches.</param>
/// <param name="SamplesPerSecond">Training samples per second over the epoch.</param>
/// <param name="WorkingSetBytes">The process's working set at the end of the epoch, to see that memory stays flat across epochs.</param>
/// <param name="LearningRate">The learning rate of the epoch's last batch.</param>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double? ValidationMacroF1,
    double Seconds,
    double SamplesPerSecond,
    long WorkingSetBytes = 0,
    double LearningRate = 0);
