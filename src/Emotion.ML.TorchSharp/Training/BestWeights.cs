using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>Tracks the best epoch by the monitored validation measure and keeps a copy of its weights.</summary>
internal sealed class BestWeights : IDisposable
{
    private readonly EarlyStoppingMetric metric;
    private readonly double minDelta;
    private Dictionary<string, Tensor>? snapshot;
    private double best = double.NaN;

    public BestWeights(EarlyStoppingMetric metric, double minDelta)
    {
        this.metric = metric;
        this.minDelta = minDelta;
    }

    /// <summary>The best epoch so far; 0 before any validated epoch.</summary>
    public int Epoch { get; private set; }

    /// <summary>Records <paramref name="record"/> when it improves on the best by more than the minimum delta.</summary>
    /// <returns>Whether it improved.</returns>
    public bool Offer(EpochRecord record, nn.Module network, bool keepWeights)
    {
        var value = Score(metric, record);
        if (!double.IsNaN(best) && value <= best + minDelta)
        {
            return false;
        }

        best = value;
        Epoch = record.Epoch;
        if (keepWeights)
        {
            DisposeSnapshot();
            snapshot = network.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
        }

        return true;
    }

    /// <summary>The monitored validation measure of <paramref name="record"/>, higher is better.</summary>
    public static double Score(EarlyStoppingMetric metric, EpochRecord record) => metric switch
    {
        EarlyStoppingMetric.Loss => -record.ValidationLoss!.Value,
        EarlyStoppingMetric.Accuracy => record.ValidationAccuracy!.Value,
        _ => record.ValidationMacroF1!.Value,
    };

    public void Restore(nn.Module network)
    {
        if (snapshot is not null)
        {
            network.load_state_dict(snapshot);
        }
    }

    public void Dispose() => DisposeSnapshot();

    private void DisposeSnapshot()
    {
        if (snapshot is null)
        {
            return;
        }

        foreach (var tensor in snapshot.Values)
        {
            tensor.Dispose();
        }

        snapshot = null;
    }
}
