using Emotion.ML.TorchSharp.Training;

namespace Emotion.ML.TorchSharp.Tests.Training;

public class LearningRateSchedulerTests
{
    private static LearningRateScheduler Scheduler(LearningRateSchedule schedule, int epochs = 10) =>
        new(new LoopSettings { Schedule = schedule, LearningRate = 0.01, MaxEpochs = epochs, StepDecayEpochs = 3, DecayFactor = 0.5, PlateauPatience = 2, WarmupFraction = 0.2 }, batchesPerEpoch: 10);

    [Fact]
    public void Constant_keeps_the_rate()
    {
        var s = Scheduler(LearningRateSchedule.Constant);
        Assert.Equal(0.01, s.Rate(1, 0));
        Assert.Equal(0.01, s.Rate(10, 9));
    }

    [Fact]
    public void Step_decay_halves_every_three_epochs()
    {
        var s = Scheduler(LearningRateSchedule.StepDecay);
        Assert.Equal(new[] { 0.01, 0.01, 0.01, 0.005, 0.005, 0.005, 0.0025 }, Enumerable.Range(1, 7).Select(e => s.Rate(e, 5)));
    }

    [Fact]
    public void One_cycle_warms_up_to_the_rate_then_anneals_to_a_ten_thousandth()
    {
        var s = Scheduler(LearningRateSchedule.OneCycle);
        Assert.Equal(0.01 / 25, s.Rate(1, 0), 12);
        Assert.Equal(0.01, s.Rate(3, 0), 12);            // warm-up ends after 20 of 100 batches
        Assert.True(s.Rate(6, 0) < 0.01 && s.Rate(6, 0) > s.Rate(9, 0));
        Assert.Equal(0.01 / 1e4, s.Rate(11, 0), 12);     // past the last batch
    }

    [Fact]
    public void Cosine_with_warm_up_rises_linearly_then_decays_to_zero()
    {
        var s = Scheduler(LearningRateSchedule.CosineWithWarmup);
        Assert.Equal(0.01 / 20, s.Rate(1, 0), 12);
        Assert.Equal(0.01 * 10 / 20, s.Rate(1, 9), 12);
        Assert.Equal(0.01, s.Rate(3, 0), 12);
        Assert.Equal(0.005, s.Rate(7, 0), 12);           // halfway through the 80 decay batches
        Assert.Equal(0, s.Rate(11, 0), 12);
    }

    [Fact]
    public void Reduce_on_plateau_decays_after_the_patience_without_improvement()
    {
        var s = Scheduler(LearningRateSchedule.ReduceOnPlateau);
        s.EpochEnded(0.5);
        s.EpochEnded(0.6);
        Assert.Equal(0.01, s.Rate(3, 0));
        s.EpochEnded(0.6);
        Assert.Equal(0.01, s.Rate(4, 0));
        s.EpochEnded(0.55);
        Assert.Equal(0.005, s.Rate(5, 0));
        s.EpochEnded(0.7);
        Assert.Equal(0.005, s.Rate(6, 0));
    }
}
