using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Tests.Training;

public class ClassifierLoopTests
{
    private static readonly string[] Classes = { "a", "b", "c" };

    /// <summary>Class c's sentences mix its own words (ids 2+10c .. 11+10c, half the words) with shared noise words (32..49).</summary>
    private static TrainingData Toy(int rows, int seed)
    {
        var random = new Random(seed);
        var tokens = new int[rows][];
        var labels = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var label = r % 3;
            var length = random.Next(4, 15);
            tokens[r] = Enumerable.Range(0, length)
                .Select(_ => random.NextDouble() < 0.5 ? 2 + (10 * label) + random.Next(10) : 32 + random.Next(18))
                .ToArray();
            labels[r] = label;
        }

        return new TrainingData(tokens, labels);
    }

    private static (TextCnnNetwork Network, TokenEmbedding Embedding) Cnn(int seed, float[]? pretrained = null)
    {
        torch.manual_seed(seed);
        var embedding = new TokenEmbedding(50, 16, pretrained);
        return (new TextCnnNetwork(embedding, 16, 3, 1, new[] { 16 }, 0.2, 3), embedding);
    }

    private sealed class Recorder(Action<TrainingProgress>? onReport = null) : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Events { get; } = new();

        public void Report(TrainingProgress value)
        {
            Events.Add(value);
            onReport?.Invoke(value);
        }
    }

    [Fact]
    public void Learns_a_separable_problem_and_reports_every_epoch()
    {
        var (network, embedding) = Cnn(1);
        var recorder = new Recorder();
        var history = ClassifierLoop.Fit(network, embedding, Toy(600, 1), Toy(150, 2), Classes,
            new LoopSettings { MaxEpochs = 8, BatchSize = 32, LearningRate = 0.01, Patience = 0, Seed = 1 }, recorder);
        Assert.Equal(8, history.Epochs.Count);
        Assert.Equal(StopReason.MaxEpochs, history.StopReason);
        Assert.True(history.Epochs[^1].ValidationAccuracy > 0.93, $"validation accuracy {history.Epochs[^1].ValidationAccuracy}");
        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss);
        Assert.Equal(8, recorder.Events.Count(e => e.CompletedEpoch is not null));
        Assert.Equal(8 * 19, recorder.Events.Count(e => e.CompletedEpoch is null));
    }

    [Fact]
    public void Same_data_seed_and_threads_give_identical_histories()
    {
        EpochRecord[] Run()
        {
            var (network, embedding) = Cnn(7);
            return ClassifierLoop.Fit(network, embedding, Toy(300, 1), Toy(90, 2), Classes,
                new LoopSettings { MaxEpochs = 3, BatchSize = 32, Seed = 7 }).Epochs
                .Select(e => e with { Seconds = 0, SamplesPerSecond = 0, WorkingSetBytes = 0 }).ToArray();
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Early_stopping_ends_after_patience_and_restores_the_best_epoch()
    {
        var (network, embedding) = Cnn(3);
        var validation = Toy(150, 2);
        var settings = new LoopSettings { MaxEpochs = 40, BatchSize = 32, LearningRate = 0.01, Monitor = EarlyStoppingMetric.Loss, Patience = 2, Seed = 3 };
        var history = ClassifierLoop.Fit(network, embedding, Toy(300, 1), validation, Classes, settings);
        Assert.Equal(StopReason.EarlyStopping, history.StopReason);
        Assert.Equal(history.BestEpoch + 2, history.Epochs.Count);
        var best = history.Epochs[history.BestEpoch - 1];
        Assert.Equal(history.Epochs.Min(e => e.ValidationLoss), best.ValidationLoss);

        var probabilities = ClassifierLoop.Predict(network, validation.Tokens, 64, 1, CPU);
        var loss = validation.Labels.Select((y, i) => -Math.Log(Math.Max(probabilities[i][y], 1e-15))).Average();
        Assert.Equal(best.ValidationLoss!.Value, loss, 5);
    }

    [Fact]
    public void Cancellation_stops_after_the_current_batch_and_keeps_completed_epochs()
    {
        var (network, embedding) = Cnn(1);
        using var cancellation = new CancellationTokenSource();
        var recorder = new Recorder(e =>
        {
            if (e.Epoch == 2 && e.Batch == 3)
            {
                cancellation.Cancel();
            }
        });
        var history = ClassifierLoop.Fit(network, embedding, Toy(300, 1), Toy(90, 2), Classes,
            new LoopSettings { MaxEpochs = 10, BatchSize = 32, Seed = 1 }, recorder, cancellation.Token);
        Assert.Equal(StopReason.Cancelled, history.StopReason);
        Assert.Single(history.Epochs);
        Assert.Equal(3, recorder.Events.Last().Batch);
        Assert.Equal(1, history.BestEpoch);
    }

    [Fact]
    public void A_non_finite_loss_stops_with_the_epoch_batch_and_learning_rate()
    {
        var poisoned = Enumerable.Repeat(float.NaN, 50 * 16).ToArray();
        var (network, embedding) = Cnn(1, poisoned);
        var error = Assert.Throws<InvalidOperationException>(() => ClassifierLoop.Fit(network, embedding, Toy(60, 1), null, Classes,
            new LoopSettings { MaxEpochs = 2, BatchSize = 32, LearningRate = 0.5 }));
        Assert.Contains("epoch 1, batch 1", error.Message);
        Assert.Contains("learning rate (0.5)", error.Message);
    }

    [Fact]
    public void Frozen_embeddings_do_not_change_while_the_rest_learns()
    {
        var (network, embedding) = Cnn(1);
        var before = embedding.Weight.data<float>().ToArray();
        ClassifierLoop.Fit(network, embedding, Toy(120, 1), null, Classes,
            new LoopSettings { MaxEpochs = 2, BatchSize = 32, TrainEmbeddings = false });
        Assert.Equal(before, embedding.Weight.data<float>().ToArray());
    }

    [Fact]
    public void Without_validation_training_stops_when_the_epoch_loss_stops_moving()
    {
        var (network, embedding) = Cnn(1);
        var history = ClassifierLoop.Fit(network, embedding, Toy(300, 1), null, Classes,
            new LoopSettings { MaxEpochs = 30, BatchSize = 32, LearningRate = 0.01, ConvergenceTolerance = 0.05, Seed = 1 });
        Assert.Equal(StopReason.Converged, history.StopReason);
        Assert.True(history.Epochs.Count < 30);
        var last = history.Epochs.TakeLast(2).ToArray();
        Assert.True(Math.Abs(last[0].TrainLoss - last[1].TrainLoss) < 0.05);
    }

    [Fact]
    public void Epoch_records_carry_the_scheduled_learning_rate()
    {
        var (network, embedding) = Cnn(1);
        var history = ClassifierLoop.Fit(network, embedding, Toy(128, 1), null, Classes,
            new LoopSettings { MaxEpochs = 4, BatchSize = 32, LearningRate = 0.01, Schedule = LearningRateSchedule.StepDecay, StepDecayEpochs = 2, DecayFactor = 0.1 });
        Assert.Equal(new[] { 0.01, 0.01, 0.001, 0.001 }, history.Epochs.Select(e => Math.Round(e.LearningRate, 6)));
    }

    [Theory]
    [InlineData(OptimizerKind.AdamW, 0.01)]
    [InlineData(OptimizerKind.Sgd, 0.1)]
    [InlineData(OptimizerKind.RmsProp, 0.003)]
    [InlineData(OptimizerKind.Adadelta, 1.0)]
    public void Every_optimizer_trains_the_network_and_its_embeddings(OptimizerKind optimizer, double learningRate)
    {
        var (network, embedding) = Cnn(1);
        var before = embedding.Weight.data<float>().ToArray();
        var history = ClassifierLoop.Fit(network, embedding, Toy(300, 1), null, Classes,
            new LoopSettings { MaxEpochs = 4, BatchSize = 32, Optimizer = optimizer, LearningRate = learningRate, Momentum = 0.9, Seed = 1 });
        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss * 0.8, string.Join(", ", history.Epochs.Select(e => e.TrainLoss.ToString("F3"))));
        Assert.NotEqual(before, embedding.Weight.data<float>().ToArray());
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.Sgd)]
    public void A_run_interrupted_and_resumed_from_its_checkpoint_ends_like_an_uninterrupted_run(OptimizerKind optimizer)
    {
        var directory = Directory.CreateTempSubdirectory("emotion-checkpoint-").FullName;
        try
        {
            LoopSettings Settings(bool resume) => new()
            {
                MaxEpochs = 6,
                BatchSize = 32,
                LearningRate = 0.01,
                Optimizer = optimizer,
                Momentum = 0.9,
                Patience = 3,
                Seed = 9,
                Schedule = LearningRateSchedule.ReduceOnPlateau,
                CheckpointDirectory = directory,
                Resume = resume,
            };
            EpochRecord[] Clean(TrainingHistory h) => h.Epochs.Select(e => e with { Seconds = 0, SamplesPerSecond = 0, WorkingSetBytes = 0 }).ToArray();

            var (network, embedding) = Cnn(9);
            var uninterrupted = ClassifierLoop.Fit(network, embedding, Toy(200, 1), Toy(60, 2), Classes, Settings(false) with { CheckpointDirectory = null });
            var expected = ClassifierLoop.Predict(network, Toy(60, 2).Tokens, 64, 1, CPU);

            using var cancellation = new CancellationTokenSource();
            var (first, firstEmbedding) = Cnn(9);
            var interrupted = ClassifierLoop.Fit(first, firstEmbedding, Toy(200, 1), Toy(60, 2), Classes, Settings(false),
                new Recorder(e => { if (e.Epoch == 4 && e.Batch == 2) { cancellation.Cancel(); } }), cancellation.Token);
            Assert.Equal(StopReason.Cancelled, interrupted.StopReason);
            Assert.Equal(3, interrupted.Epochs.Count);

            var (second, secondEmbedding) = Cnn(4);   // other initial weights: the checkpoint replaces them
            var resumed = ClassifierLoop.Fit(second, secondEmbedding, Toy(200, 1), Toy(60, 2), Classes, Settings(true));
            Assert.Equal(Clean(uninterrupted), Clean(resumed));
            Assert.Equal(uninterrupted.BestEpoch, resumed.BestEpoch);
            Assert.Equal(expected.SelectMany(r => r), ClassifierLoop.Predict(second, Toy(60, 2).Tokens, 64, 1, CPU).SelectMany(r => r));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.Sgd)]
    public void A_run_interrupted_inside_an_epoch_resumes_from_its_last_batch_checkpoint_and_ends_like_an_uninterrupted_run(OptimizerKind optimizer)
    {
        var directory = Directory.CreateTempSubdirectory("emotion-checkpoint-").FullName;
        try
        {
            // 200 rows in batches of 32: 7 batches an epoch; the cosine schedule changes the rate every batch.
            LoopSettings Settings(bool resume) => new()
            {
                MaxEpochs = 4,
                BatchSize = 32,
                LearningRate = 0.01,
                Optimizer = optimizer,
                Momentum = 0.9,
                Patience = 3,
                Seed = 11,
                Schedule = LearningRateSchedule.CosineWithWarmup,
                CheckpointDirectory = directory,
                CheckpointEveryBatches = 2,
                Resume = resume,
            };
            EpochRecord[] Clean(TrainingHistory h) => h.Epochs.Select(e => e with { Seconds = 0, SamplesPerSecond = 0, WorkingSetBytes = 0 }).ToArray();

            var (network, embedding) = Cnn(11);
            var uninterrupted = ClassifierLoop.Fit(network, embedding, Toy(200, 1), Toy(60, 2), Classes, Settings(false) with { CheckpointDirectory = null });
            var expected = ClassifierLoop.Predict(network, Toy(60, 2).Tokens, 64, 1, CPU);

            using var cancellation = new CancellationTokenSource();
            var (first, firstEmbedding) = Cnn(11);
            var interrupted = ClassifierLoop.Fit(first, firstEmbedding, Toy(200, 1), Toy(60, 2), Classes, Settings(false),
                new Recorder(e => { if (e.Epoch == 2 && e.Batch == 5) { cancellation.Cancel(); } }), cancellation.Token);
            Assert.Equal(StopReason.Cancelled, interrupted.StopReason);
            Assert.Single(interrupted.Epochs);

            var (second, secondEmbedding) = Cnn(4);   // other initial weights: the checkpoint replaces them
            var recorder = new Recorder();
            var resumed = ClassifierLoop.Fit(second, secondEmbedding, Toy(200, 1), Toy(60, 2), Classes, Settings(true), recorder);
            Assert.Equal((2, 5), (recorder.Events[0].Epoch, recorder.Events[0].Batch));   // batches 1-4 of epoch 2 came from the checkpoint
            Assert.Equal(Clean(uninterrupted), Clean(resumed));
            Assert.Equal(uninterrupted.BestEpoch, resumed.BestEpoch);
            Assert.Equal(expected.SelectMany(r => r), ClassifierLoop.Predict(second, Toy(60, 2).Tokens, 64, 1, CPU).SelectMany(r => r));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_checkpoint_in_the_version_1_format_still_resumes()
    {
        var directory = Directory.CreateTempSubdirectory("emotion-checkpoint-").FullName;
        try
        {
            LoopSettings Settings(int epochs, bool resume) => new() { MaxEpochs = epochs, BatchSize = 32, LearningRate = 0.01, Seed = 2, CheckpointDirectory = directory, Resume = resume };
            EpochRecord[] Clean(TrainingHistory h) => h.Epochs.Select(e => e with { Seconds = 0, SamplesPerSecond = 0, WorkingSetBytes = 0 }).ToArray();
            var (network, embedding) = Cnn(2);
            var uninterrupted = ClassifierLoop.Fit(network, embedding, Toy(100, 1), Toy(30, 2), Classes, Settings(3, false) with { CheckpointDirectory = null });

            var (first, firstEmbedding) = Cnn(2);
            ClassifierLoop.Fit(first, firstEmbedding, Toy(100, 1), Toy(30, 2), Classes, Settings(2, false));
            // Version 1 is version 2 between epochs without the "inside an epoch" flag after the header, epoch and patience count.
            var path = Path.Combine(directory, TrainingCheckpoint.FileName);
            var bytes = File.ReadAllBytes(path).ToList();
            Assert.Equal("EMLCKPT2", System.Text.Encoding.UTF8.GetString(bytes.GetRange(1, 8).ToArray()));
            bytes[8] = (byte)'1';
            bytes.RemoveAt(17);
            File.WriteAllBytes(path, bytes.ToArray());

            var (second, secondEmbedding) = Cnn(4);
            var resumed = ClassifierLoop.Fit(second, secondEmbedding, Toy(100, 1), Toy(30, 2), Classes, Settings(3, true));
            Assert.Equal(Clean(uninterrupted), Clean(resumed));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_checkpoint_of_a_newer_format_version_names_the_version()
    {
        var directory = Directory.CreateTempSubdirectory("emotion-checkpoint-").FullName;
        try
        {
            using (var writer = new BinaryWriter(File.Create(Path.Combine(directory, TrainingCheckpoint.FileName))))
            {
                writer.Write("EMLCKPT9");
                writer.Write(1);
            }

            var (network, embedding) = Cnn(1);
            var error = Assert.Throws<InvalidDataException>(() => ClassifierLoop.Fit(network, embedding, Toy(64, 1), null, Classes,
                new LoopSettings { MaxEpochs = 1, BatchSize = 32, CheckpointDirectory = directory, Resume = true }));
            Assert.Contains("format version 9", error.Message);
            Assert.Contains(TrainingCheckpoint.FileName, error.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_checkpoint_of_another_network_cannot_be_resumed()
    {
        var directory = Directory.CreateTempSubdirectory("emotion-checkpoint-").FullName;
        try
        {
            var (network, embedding) = Cnn(1);
            ClassifierLoop.Fit(network, embedding, Toy(64, 1), null, Classes, new LoopSettings { MaxEpochs = 1, BatchSize = 32, CheckpointDirectory = directory });
            Assert.True(File.Exists(Path.Combine(directory, TrainingCheckpoint.FileName)));
            torch.manual_seed(1);
            var other = new TokenEmbedding(50, 8, null);
            var error = Assert.Throws<InvalidDataException>(() => ClassifierLoop.Fit(new TextCnnNetwork(other, 8, 3, 1, new[] { 8 }, 0.2, 3), other, Toy(64, 1), null, Classes,
                new LoopSettings { MaxEpochs = 2, BatchSize = 32, CheckpointDirectory = directory, Resume = true }));
            Assert.Contains(TrainingCheckpoint.FileName, error.Message);
            Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
