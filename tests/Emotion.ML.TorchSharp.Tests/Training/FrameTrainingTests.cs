using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Tests.Training;

/// <summary>The shared training loop on numeric frame sequences: a network without token embedding.</summary>
public class FrameTrainingTests
{
    private static readonly string[] Classes = { "a", "b", "c" };

    private static FrameSequences Toy(int rows, int seed)
    {
        var random = new Random(seed);
        var frames = new float[rows][];
        var labels = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            labels[r] = r % 3;
            var steps = random.Next(2, 9);
            frames[r] = Enumerable.Range(0, steps * 2).Select(i => (float)((labels[r] - 1) * (i % 2 == 0 ? 1 : -0.5) + random.NextDouble() - 0.5)).ToArray();
        }

        return new FrameSequences(frames, 2, labels);
    }

    private static RecurrentNetwork Network(int seed)
    {
        torch.manual_seed(seed);
        return new RecurrentNetwork(new FrameInput(2), RecurrentCell.Gru, true, new[] { 8 }, 0.2, SequencePooling.FinalStates, new DenseLayer[] { 8 }, Classes.Length);
    }

    [Fact]
    public void Frame_network_learns_with_the_shared_loop()
    {
        var network = Network(3);
        var history = ClassifierLoop.Fit(network, null, Toy(240, 1), Toy(60, 2), Classes, new LoopSettings { MaxEpochs = 8, BatchSize = 16, LearningRate = 0.01, Seed = 3 });
        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss);
        Assert.True(history.Epochs.Max(e => e.ValidationAccuracy!.Value) > 0.8);
    }

    [Fact]
    public void Frame_training_interrupted_and_resumed_from_its_checkpoint_ends_like_an_uninterrupted_run()
    {
        var directory = Directory.CreateTempSubdirectory("emotion-frame-checkpoint-").FullName;
        try
        {
            LoopSettings Settings(bool resume) => new()
            {
                MaxEpochs = 4,
                BatchSize = 16,
                LearningRate = 0.01,
                Seed = 5,
                CheckpointDirectory = directory,
                CheckpointEveryBatches = 3,
                Resume = resume,
            };
            EpochRecord[] Clean(TrainingHistory h) => h.Epochs.Select(e => e with { Seconds = 0, SamplesPerSecond = 0, WorkingSetBytes = 0 }).ToArray();

            var network = Network(5);
            var uninterrupted = ClassifierLoop.Fit(network, null, Toy(120, 1), Toy(30, 2), Classes, Settings(false) with { CheckpointDirectory = null });
            var expected = ClassifierLoop.Predict(network, Toy(30, 2), 64, 1, CPU);

            using var cancellation = new CancellationTokenSource();
            var interrupted = ClassifierLoop.Fit(Network(5), null, Toy(120, 1), Toy(30, 2), Classes, Settings(false),
                new Recorder(e => { if (e.Epoch == 3 && e.Batch == 4) { cancellation.Cancel(); } }), cancellation.Token);
            Assert.Equal(StopReason.Cancelled, interrupted.StopReason);

            var second = Network(8);   // other initial weights: the checkpoint replaces them
            var resumed = ClassifierLoop.Fit(second, null, Toy(120, 1), Toy(30, 2), Classes, Settings(true));
            Assert.Equal(Clean(uninterrupted), Clean(resumed));
            Assert.Equal(expected.SelectMany(r => r), ClassifierLoop.Predict(second, Toy(30, 2), 64, 1, CPU).SelectMany(r => r));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Frame_rows_batch_by_length_like_sentences()
    {
        var rows = Toy(50, 4);
        var batches = new LengthBucketBatcher(rows, 8, seed: 2).Epoch(1);
        Assert.Equal(Enumerable.Range(0, 50), batches.SelectMany(b => b).Order());
        var (frames, lengths) = rows.Collate(batches[0], 1, CPU);
        Assert.Equal(batches[0].Select(i => (long)rows.Length(i)), lengths.data<long>().ToArray());
        Assert.Equal(2, frames.shape[2]);
    }

    private sealed class Recorder(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onReport(value);
    }
}
