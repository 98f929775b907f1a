using System.Diagnostics;
using Emotion.ML.Cli.Rendering;
using Emotion.ML.Data;
using Emotion.ML.Evaluation;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Spectre.Console;

namespace Emotion.ML.Cli.Training;

/// <summary>
/// <c>emotion-ml train --model sequence-lstm|sequence-gru|sequence-rnn</c>: a recurrent classifier of
/// numeric frame sequences trained on JSON Lines files (<c>{"label": ..., "frames": [[...], ...]}</c>).
/// </summary>
internal static class SequenceTraining
{
    public static int Run(string dataPath, string? validationPath, string? testPath, double? testFraction, string model, int? epochs, int? seed, int? threads, string? optionsPath, string outputPath, string? checkpoints, bool resume, string? plots, CancellationToken cancellation)
    {
        if (testPath is not null && testFraction is not null)
        {
            throw new ArgumentException("Give --test or --test-fraction, not both.");
        }

        if (testFraction is not (null or (> 0 and < 1)))
        {
            throw new ArgumentException($"--test-fraction must be above 0 and below 1; got {testFraction}.");
        }

        var ml = new MLContext(seed ?? 1);
        var data = SequenceData.LoadJsonLines(ml, dataPath, out var frameSize);
        var options = TrainerFactory.CreateSequenceOptions(model, optionsPath, frameSize);
        options.MaxEpochs = epochs ?? options.MaxEpochs;
        options.Seed = seed ?? options.Seed;
        options.NumberOfThreads = threads ?? options.NumberOfThreads;
        options.CancellationToken = cancellation;
        options.CheckpointDirectory = checkpoints ?? options.CheckpointDirectory;
        options.Resume = resume || options.Resume;
        if (options.Resume && options.CheckpointDirectory is null)
        {
            throw new ArgumentException("--resume needs --checkpoints (the directory holding the checkpoint).");
        }

        IDataView train = data, test = testPath is null ? null! : SequenceData.LoadJsonLines(ml, testPath);
        if (testFraction is { } fraction)
        {
            var split = ml.Data.StratifiedTrainTestSplit(data, fraction, nameof(SequenceExample.Label), options.Seed ?? 1);
            (train, test) = (split.TrainSet, split.TestSet);
        }

        AnsiConsole.MarkupLine($"Training data: {train.GetRowCount():N0} sequences of {frameSize}-feature frames from [grey]{Markup.Escape(dataPath)}[/]");
        if (validationPath is not null)
        {
            options.ValidationSet = SequenceData.LoadJsonLines(ml, validationPath);
        }

        var pipeline = ml.Transforms.Conversion.MapValueToKey(nameof(SequenceExample.Label))
            .Append(ml.MulticlassClassification.Trainers.SequenceRnn(options))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        return TrainingRun.FitSaveAndReport(ml, pipeline, options, train, test, model, outputPath, testPath ?? $"{testFraction:P0} of the data, stratified", "sequences", plots);
    }
}
