using Emotion.ML.TorchSharp.Training;
using Emotion.ML.TorchSharp.Tuning;

namespace Emotion.ML.TorchSharp.Tests.Tuning;

public class TrialPrunerTests
{
    private static EpochRecord Epoch(int epoch, double accuracy, double loss = 1) => new(epoch, 1, 0.5, loss, accuracy, accuracy, 1, 100);

    private static TrainingHistory History(params double[] accuracies) =>
        new(accuracies.Select((a, i) => Epoch(i + 1, a)).ToList(), accuracies.Length, StopReason.MaxEpochs);

    private static TrainingProgress End(EpochRecord e) => new(e.Epoch, 10, 5, 5, 1, 100, e);

    [Fact]
    public void A_run_clearly_behind_the_best_finished_run_at_the_same_epoch_is_stopped_from_the_pruning_epoch_on()
    {
        var finished = new[] { History(0.50, 0.70, 0.80, 0.85), History(0.55, 0.60, 0.65, 0.70) };
        using var stop = new CancellationTokenSource();
        var seen = 0;
        var pruner = new TrialPruner(SearchMetric.Accuracy, afterEpochs: 2, margin: 0.05, finished, _ => seen++, stop);

        pruner.Report(End(Epoch(1, 0.30)));          // before the pruning epoch: never stopped
        Assert.False(pruner.Pruned);
        pruner.Report(End(Epoch(2, 0.66)));          // best reference by epoch 2 is 0.70; 0.66 is within 0.05
        Assert.False(pruner.Pruned);
        pruner.Report(End(Epoch(3, 0.70)));          // reference by epoch 3 is 0.80: 0.70 trails by 0.10
        Assert.True(pruner.Pruned);
        Assert.True(stop.IsCancellationRequested);
        Assert.Equal(3, seen);
    }

    [Fact]
    public void Nothing_is_pruned_without_finished_runs_or_when_pruning_is_off_and_loss_counts_lower_as_better()
    {
        using var stop = new CancellationTokenSource();
        var alone = new TrialPruner(SearchMetric.Accuracy, 1, 0.05, Array.Empty<TrainingHistory>(), _ => { }, stop);
        alone.Report(End(Epoch(3, 0.1)));
        var off = new TrialPruner(SearchMetric.Accuracy, 0, 0.05, new[] { History(0.9) }, _ => { }, stop);
        off.Report(End(Epoch(3, 0.1)));
        Assert.False(stop.IsCancellationRequested);

        var reference = new TrainingHistory(new[] { Epoch(1, 0.5, loss: 0.40) }, 1, StopReason.MaxEpochs);
        var byLoss = new TrialPruner(SearchMetric.Loss, 1, 0.05, new[] { reference }, _ => { }, stop);
        byLoss.Report(End(Epoch(1, 0.5, loss: 0.44)));
        Assert.False(byLoss.Pruned);
        byLoss.Report(End(Epoch(2, 0.5, loss: 0.50)));   // its best so far is still 0.44: within the margin
        Assert.False(byLoss.Pruned);
        var worse = new TrialPruner(SearchMetric.Loss, 1, 0.05, new[] { reference }, _ => { }, stop);
        worse.Report(End(Epoch(1, 0.5, loss: 0.46)));
        Assert.True(worse.Pruned);
    }
}
