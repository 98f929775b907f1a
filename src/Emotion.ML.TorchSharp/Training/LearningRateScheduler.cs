namespace Emotion.ML.TorchSharp.Training;

/// <summary>Computes the learning rate of every batch for a <see cref="LearningRateSchedule"/>.</summary>
internal sealed class LearningRateScheduler
{
    private readonly LoopSettings settings;
    private readonly int batchesPerEpoch;
    private double plateauFactor = 1;
    private double best = double.NegativeInfinity;
    private int waited;

    public LearningRateScheduler(LoopSettings settings, int batchesPerEpoch)
    {
        this.settings = settings;
        this.batchesPerEpoch = batchesPerEpoch;
    }

    /// <summary>The rate for 1-based <paramref name="epoch"/> and 0-based <paramref name="batch"/>.</summary>
    public double Rate(int epoch, int batch)
    {
        var rate = settings.LearningRate;
        var total = (double)settings.MaxEpochs * batchesPerEpoch;
        var step = ((epoch - 1) * (double)batchesPerEpoch) + batch;
        var warmup = Math.Max(1, settings.WarmupFraction * total);
        switch (settings.Schedule)
        {
            case LearningRateSchedule.StepDecay:
                return rate * Math.Pow(settings.DecayFactor, (epoch - 1) / Math.Max(1, settings.StepDecayEpochs));
            case LearningRateSchedule.ReduceOnPlateau:
                return Math.Max(rate * plateauFactor, settings.MinLearningRate);
            case LearningRateSchedule.OneCycle:
                {
                    double start = rate / 25, end = rate / 1e4;
                    return step < warmup
                        ? start + ((rate - start) * step / warmup)
                        : end + ((rate - end) * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, (step - warmup) / Math.Max(1, total - warmup)))));
                }

            case LearningRateSchedule.CosineWithWarmup:
                return step < warmup
                    ? rate * (step + 1) / warmup
                    : rate * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, (step - warmup) / Math.Max(1, total - warmup))));
            default:
                return rate;
        }
    }

    /// <summary>Tells the plateau rule how the epoch went; <paramref name="score"/> is higher-is-better.</summary>
    public void EpochEnded(double score)
    {
        if (settings.Schedule != LearningRateSchedule.ReduceOnPlateau)
        {
            return;
        }

        if (score > best + settings.MinDelta)
        {
            best = score;
            waited = 0;
        }
        else if (++waited >= settings.PlateauPatience)
        {
            plateauFactor *= settings.DecayFactor;
            waited = 0;
        }
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(plateauFactor);
        writer.Write(best);
        writer.Write(waited);
    }

    public void Read(BinaryReader reader)
    {
        plateauFactor = reader.ReadDouble();
        best = reader.ReadDouble();
        waited = reader.ReadInt32();
    }
}
