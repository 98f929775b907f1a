using System.Diagnostics;
using Emotion.ML.Evaluation;
using Emotion.ML.TorchSharp.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>
/// The one training loop every network uses, text, numeric sequences or images: seeded length-bucketed
/// batches, cross-entropy, Adam/AdamW for the dense weights and, when the network starts with a
/// token embedding, lazy Adam for its rows; gradient clipping, per-layer-group L2 penalties,
/// validation each epoch, early stopping with best-weight restoring, checkpoints between and inside
/// epochs, progress and cancellation. What a batch is comes from <see cref="ISequenceRows.Collate"/>,
/// optionally changed by the settings' <see cref="LoopSettings.Augmentation"/> (training batches only).
/// </summary>
internal static class ClassifierLoop
{
    /// <summary>Trains <paramref name="network"/>, which maps (padded input, lengths) to logits.</summary>
    /// <param name="network">The network.</param>
    /// <param name="embedding">The network's token embedding, trained row by row; null for a network without one (frame sequences).</param>
    /// <param name="train">The training rows.</param>
    /// <param name="validation">Rows scored after every epoch, or null.</param>
    /// <param name="classNames">The class names (for the validation report).</param>
    /// <param name="settings">The loop's settings.</param>
    /// <param name="progress">Receives an event after every batch and epoch.</param>
    /// <param name="cancellation">Stops training after the current batch.</param>
    public static TrainingHistory Fit(
        nn.Module<Tensor, Tensor, Tensor> network,
        TokenEmbedding? embedding,
        ITrainingRows train,
        ITrainingRows? validation,
        IReadOnlyList<string> classNames,
        LoopSettings settings,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        if (train.Count == 0)
        {
            throw new ArgumentException("The training data has no rows.", nameof(train));
        }

        torch.manual_seed(settings.Seed);
        network.to(settings.Device);
        var dense = network.parameters().Where(p => p.requires_grad).ToList();
        using var optimizer = DenseOptimizer(dense, settings);
        using var rowOptimizer = embedding is null ? null : EmbeddingRowOptimizer.Create(settings.Optimizer, embedding, settings);
        using var classWeights = settings.ClassWeights is null ? null : tensor(settings.ClassWeights, device: settings.Device);

        var batcher = new LengthBucketBatcher(train, settings.BatchSize, settings.Seed);
        var epochs = new List<EpochRecord>();
        var monitor = new BestWeights(settings.Monitor, settings.MinDelta);
        var scheduler = new LearningRateScheduler(settings, batcher.BatchCount);
        var penalty = L2Penalty.Create(network, embedding, settings.L2Regularization);
        var stop = StopReason.MaxEpochs;
        var waited = 0;
        var first = 1;
        EpochPosition? position = null;
        if (settings.Resume && settings.CheckpointDirectory is not null
            && TrainingCheckpoint.Load(settings.CheckpointDirectory, network, optimizer, rowOptimizer, monitor, scheduler) is { } resumed)
        {
            (first, waited, position) = (resumed.Epoch + 1, resumed.Waited, resumed.Position);
            epochs.AddRange(resumed.Epochs);
            if (position is { } inside && inside.Batches >= batcher.BatchCount)
            {
                throw new InvalidDataException(
                    $"Checkpoint '{Path.Combine(settings.CheckpointDirectory, TrainingCheckpoint.FileName)}' cannot be resumed: it was taken after batch {inside.Batches} " +
                    $"of an epoch, which now has {batcher.BatchCount} batches. Resume with the data and batch size that wrote it, or delete it to start over.");
            }
        }

        // Inside an epoch, a checkpoint follows every CheckpointEveryBatches-th batch but the last (the epoch end has its own).
        Action<int, EpochPosition>? checkpointInside = settings.CheckpointDirectory is { } directory && settings.CheckpointEveryBatches > 0
            ? (epoch, at) => TrainingCheckpoint.Save(directory, epoch - 1, at, waited, epochs, network, optimizer, rowOptimizer, monitor, scheduler)
            : null;
        for (var epoch = first; epoch <= settings.MaxEpochs; epoch++)
        {
            if (embedding is not null)
            {
                embedding.Trainable = settings.TrainEmbeddings && epoch > settings.FrozenEmbeddingEpochs;
            }

            var start = position ?? EpochPosition.Start(settings.LearningRate);
            position = null;
            var record = TrainEpoch(network, embedding, optimizer, rowOptimizer, dense, classWeights, penalty, train, batcher, scheduler, epoch, start, checkpointInside, settings, progress, cancellation);
            if (record is null)
            {
                stop = StopReason.Cancelled;
                break;
            }

            if (validation is not null && validation.Count > 0)
            {
                var (loss, accuracy, macroF1) = Validate(network, validation, classNames, settings);
                record = record with { ValidationLoss = loss, ValidationAccuracy = accuracy, ValidationMacroF1 = macroF1 };
            }

            epochs.Add(record);
            progress?.Report(new TrainingProgress(epoch, settings.MaxEpochs, batcher.BatchCount, batcher.BatchCount, record.TrainLoss, record.SamplesPerSecond, record));
            var finished = false;
            if (record.ValidationLoss is null)
            {
                scheduler.EpochEnded(-record.TrainLoss);
                // Seed 001's rule for runs without validation: stop once the mean epoch loss stops moving.
                if (settings.ConvergenceTolerance > 0 && epochs.Count >= 2 && Math.Abs(epochs[^2].TrainLoss - record.TrainLoss) < settings.ConvergenceTolerance)
                {
                    stop = StopReason.Converged;
                    finished = true;
                }
            }
            else
            {
                scheduler.EpochEnded(BestWeights.Score(settings.Monitor, record));
                if (monitor.Offer(record, network, settings.RestoreBestWeights))
                {
                    waited = 0;
                }
                else if (settings.Patience > 0 && ++waited >= settings.Patience)
                {
                    stop = StopReason.EarlyStopping;
                    finished = true;
                }
            }

            if (settings.CheckpointDirectory is not null && (epoch % Math.Max(1, settings.CheckpointEveryEpochs) == 0 || finished || epoch == settings.MaxEpochs))
            {
                TrainingCheckpoint.Save(settings.CheckpointDirectory, epoch, null, waited, epochs, network, optimizer, rowOptimizer, monitor, scheduler);
            }

            if (finished)
            {
                break;
            }
        }

        var bestEpoch = epochs.Count == 0 ? 0 : epochs[^1].Epoch;
        if (monitor.Epoch > 0)
        {
            bestEpoch = monitor.Epoch;
            if (settings.RestoreBestWeights)
            {
                monitor.Restore(network);
            }
        }

        monitor.Dispose();
        network.eval();
        return new TrainingHistory(epochs, bestEpoch, stop);
    }

    private static EpochRecord? TrainEpoch(
        nn.Module<Tensor, Tensor, Tensor> network,
        TokenEmbedding? embedding,
        optim.Optimizer optimizer,
        EmbeddingRowOptimizer? rowOptimizer,
        IReadOnlyList<Parameter> dense,
        Tensor? classWeights,
        L2Penalty? penalty,
        ITrainingRows train,
        LengthBucketBatcher batcher,
        LearningRateScheduler scheduler,
        int epoch,
        EpochPosition start,
        Action<int, EpochPosition>? checkpoint,
        LoopSettings settings,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellation)
    {
        network.train();
        var watch = Stopwatch.StartNew();
        double Seconds() => start.Seconds + watch.Elapsed.TotalSeconds;
        var (lossSum, rate, correct, seen) = (start.LossSum, start.LearningRate, start.Correct, start.Seen);
        // The order is a function of seed and epoch alone, so a resumed epoch skips exactly the batches it had done.
        var batches = batcher.Epoch(epoch);
        for (var b = start.Batches; b < batches.Count; b++)
        {
            if (cancellation.IsCancellationRequested)
            {
                return null;
            }

            var batch = batches[b];
            using (var scope = NewDisposeScope())
            {
                var (input, lengths) = train.Collate(batch, settings.MinSteps, settings.Device);
                if (settings.Augmentation is { } augmentation)
                {
                    input = augmentation.Apply(input, epoch, b);
                }

                var labels = tensor(batch.Select(i => (long)train.Labels[i]).ToArray(), device: settings.Device);
                var logits = network.forward(input, lengths);
                var loss = nn.functional.cross_entropy(logits, labels, classWeights);
                var lossValue = loss.item<float>();
                if (!float.IsFinite(lossValue))
                {
                    throw new InvalidOperationException(
                        $"The training loss became {lossValue} at epoch {epoch}, batch {b + 1}. The learning rate " +
                        $"({settings.LearningRate}) is likely too high for this network; lower it or set a gradient clipping norm.");
                }

                optimizer.zero_grad();
                // The penalty shapes the gradient only: the reported loss stays the cross-entropy, comparable with validation loss.
                var objective = penalty?.Compute() is { } l2 ? loss.add(l2) : loss;
                objective.backward();
                if (settings.GradientClipNorm > 0)
                {
                    ClipGradients(dense, embedding, settings.GradientClipNorm);
                }

                rate = scheduler.Rate(epoch, b);
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = rate;
                }

                if (rowOptimizer is not null)
                {
                    rowOptimizer.LearningRate = rate;
                }

                optimizer.step();
                rowOptimizer?.StepOnce();
                lossSum += lossValue * batch.Length;
                correct += logits.argmax(1).eq(labels).sum().item<long>();
                seen += batch.Length;
            }

            if (checkpoint is not null && (b + 1) % settings.CheckpointEveryBatches == 0 && b + 1 < batches.Count)
            {
                checkpoint(epoch, new EpochPosition(b + 1, lossSum, correct, seen, Seconds(), rate));
            }

            progress?.Report(new TrainingProgress(epoch, settings.MaxEpochs, b + 1, batches.Count, lossSum / seen, seen / Seconds(), null));
        }

        var seconds = Seconds();
        return new EpochRecord(epoch, lossSum / seen, (double)correct / seen, null, null, null, seconds, seen / seconds, Environment.WorkingSet, rate);
    }

    private static optim.Optimizer DenseOptimizer(IReadOnlyList<Parameter> parameters, LoopSettings s) => s.Optimizer switch
    {
        OptimizerKind.AdamW => optim.AdamW(parameters, s.LearningRate, weight_decay: s.WeightDecay),
        OptimizerKind.Sgd => optim.SGD(parameters, s.LearningRate, momentum: s.Momentum, weight_decay: s.WeightDecay, nesterov: s.Nesterov),
        OptimizerKind.RmsProp => optim.RMSProp(parameters, s.LearningRate, weight_decay: s.WeightDecay),
        OptimizerKind.Adadelta => optim.Adadelta(parameters, s.LearningRate, weight_decay: s.WeightDecay),
        _ => optim.Adam(parameters, s.LearningRate, weight_decay: s.WeightDecay),
    };

    /// <summary>
    /// Scales all gradients, the embedding rows' included, so their global L2 norm is at most
    /// <paramref name="maxNorm"/> (TorchSharp's clip_grad_norm_ takes parameters only).
    /// </summary>
    private static void ClipGradients(IReadOnlyList<Parameter> dense, TokenEmbedding? embedding, double maxNorm)
    {
        var gradients = dense.Select(p => p.grad).Where(g => g is not null).Select(g => g!).ToList();
        if (embedding?.BatchRows is { } rows && rows.Rows.grad is { } rowGradient)
        {
            gradients.Add(rowGradient);
        }

        using var noGrad = no_grad();
        var total = Math.Sqrt(gradients.Sum(g => g.pow(2).sum().item<float>()));
        var scale = maxNorm / (total + 1e-6);
        if (scale < 1)
        {
            foreach (var gradient in gradients)
            {
                gradient.mul_(scale);
            }
        }
    }

    private static (double Loss, double Accuracy, double MacroF1) Validate(nn.Module<Tensor, Tensor, Tensor> network, ITrainingRows data, IReadOnlyList<string> classNames, LoopSettings settings)
    {
        var probabilities = Predict(network, data, settings.BatchSize * 2, settings.MinSteps, settings.Device);
        double loss = 0;
        var predicted = new int[data.Count];
        for (var i = 0; i < data.Count; i++)
        {
            var row = probabilities[i];
            loss -= Math.Log(Math.Max(row[data.Labels[i]], 1e-15));
            predicted[i] = Array.IndexOf(row, row.Max());
        }

        var report = ClassificationReport.Compute(classNames, data.Labels, predicted);
        return (loss / data.Count, report.Accuracy, report.MacroF1);
    }

    /// <summary>Class probabilities for every token-id sentence, in row order; rows are batched by length for speed.</summary>
    public static float[][] Predict(nn.Module<Tensor, Tensor, Tensor> network, int[][] tokens, int batchSize, int minSteps, Device device) =>
        Predict(network, new TrainingData(tokens, new int[tokens.Length]), batchSize, minSteps, device);

    /// <summary>Class probabilities for every row, in row order; rows are batched by length for speed.</summary>
    public static float[][] Predict(nn.Module<Tensor, Tensor, Tensor> network, ISequenceRows rows, int batchSize, int minSteps, Device device)
    {
        network.eval();
        var order = Enumerable.Range(0, rows.Count).OrderBy(rows.Length).ToArray();
        var result = new float[rows.Count][];
        using var noGrad = no_grad();
        for (var start = 0; start < order.Length; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var batch = order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray();
            var (input, lengths) = rows.Collate(batch, minSteps, device);
            var probabilities = nn.functional.softmax(network.forward(input, lengths), 1).cpu();
            var flat = probabilities.data<float>().ToArray();
            var classes = (int)probabilities.shape[1];
            for (var r = 0; r < batch.Length; r++)
            {
                result[batch[r]] = flat.AsSpan(r * classes, classes).ToArray();
            }
        }

        return result;
    }
}
