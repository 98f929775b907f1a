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

    /// <summary>Writes the best score, epoch and weights (for checkpoints).</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(best);
        writer.Write(Epoch);
        writer.Write(snapshot is not null);
        if (snapshot is not null)
        {
            writer.Write(snapshot.Count);
            foreach (var (name, value) in snapshot.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                writer.Write(name);
                TensorIO.Write(writer, value);
            }
        }
    }

    /// <summary>Restores what <see cref="Write"/> wrote; <paramref name="network"/> gives the tensor shapes.</summary>
    public void Read(BinaryReader reader, nn.Module network)
    {
        best = reader.ReadDouble();
        Epoch = reader.ReadInt32();
        DisposeSnapshot();
        if (!reader.ReadBoolean())
        {
            return;
        }

        var shapes = network.state_dict();
        var count = reader.ReadInt32();
        snapshot = new Dictionary<string, Tensor>();
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var value = shapes[name].detach().clone().DetachFromDisposeScope();
            TensorIO.ReadInto(reader, value);
            snapshot[name] = value;
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
