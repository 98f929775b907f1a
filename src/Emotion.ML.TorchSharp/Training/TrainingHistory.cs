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

    /// <summary>The record of the kept epoch (<see cref="BestEpoch"/>), or null when no epoch completed.</summary>
    public EpochRecord? Best => BestEpoch > 0 ? Epochs.FirstOrDefault(e => e.Epoch == BestEpoch) : null;

    /// <summary>
    /// Serializes the history to camelCase JSON: <c>bestEpoch</c>, <c>stopReason</c> and <c>epochs</c>
    /// (one object per epoch with the fields of <see cref="EpochRecord"/>; validation figures are null without validation).
    /// </summary>
    /// <param name="indented">Whether to indent the JSON for reading.</param>
    /// <returns>The JSON text.</returns>
    public string ToJson(bool indented = true) => TrainingHistoryJson.Write(this, indented);

    /// <summary>Reads a history written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The history, with the same numbers as the one serialized.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="System.Text.Json.JsonException">The text is not a history of that shape; the message names the property.</exception>
    public static TrainingHistory FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return TrainingHistoryJson.Read(document.RootElement, "$");
    }
}
