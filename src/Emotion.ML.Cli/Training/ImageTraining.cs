using Emotion.ML.Data;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Spectre.Console;

namespace Emotion.ML.Cli.Training;

/// <summary>
/// <c>emotion-ml train --model image-cnn</c>: the convolutional face classifier trained on a FER2013
/// CSV file (<c>emotion,pixels,Usage</c>, gzip ok). When the file has a <c>Usage</c> column, its
/// <c>Training</c> rows train, <c>PublicTest</c> validates (unless <c>--validation</c> is given) and
/// <c>PrivateTest</c> is the test set (unless <c>--test</c> or <c>--test-fraction</c> is given).
/// </summary>
internal static class ImageTraining
{
    public static int Run(string dataPath, string? validationPath, string? testPath, double? testFraction, int? epochs, int? seed, int? threads, string? optionsPath, string outputPath, string? checkpoints, bool resume, string? plots, CancellationToken cancellation)
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
        var options = TrainerFactory.CreateImageOptions(optionsPath);
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

        var rows = Fer2013.Read(dataPath);
        var usages = rows.Select(r => r.Usage).Where(u => u.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        List<FaceImageExample> Part(string usage) => rows.Where(r => string.Equals(r.Usage, usage, StringComparison.OrdinalIgnoreCase)).ToList();
        var trainRows = usages.Contains(Fer2013.Training) ? Part(Fer2013.Training) : rows.ToList();
        var testDescription = testPath ?? $"{testFraction:P0} of the data, stratified";
        IDataView train = ml.Data.LoadFromEnumerable(trainRows);
        IDataView? test = null;
        if (testPath is not null)
        {
            test = ml.Data.LoadFromEnumerable(Fer2013.Read(testPath));
        }
        else if (testFraction is { } fraction)
        {
            var split = ml.Data.StratifiedTrainTestSplit(train, fraction, nameof(FaceImageExample.Label), options.Seed ?? 1);
            (train, test) = (split.TrainSet, split.TestSet);
        }
        else if (usages.Contains(Fer2013.PrivateTest))
        {
            test = ml.Data.LoadFromEnumerable(Part(Fer2013.PrivateTest));
            testDescription = $"the {Fer2013.PrivateTest} rows of {Path.GetFileName(dataPath)}";
        }

        var validationDescription = "";
        if (validationPath is not null)
        {
            options.ValidationSet = ml.Data.LoadFromEnumerable(Fer2013.Read(validationPath));
            validationDescription = $", validation from [grey]{Markup.Escape(validationPath)}[/]";
        }
        else if (usages.Contains(Fer2013.PublicTest))
        {
            options.ValidationSet = ml.Data.LoadFromEnumerable(Part(Fer2013.PublicTest));
            validationDescription = $", validation on its {Part(Fer2013.PublicTest).Count:N0} {Fer2013.PublicTest} rows";
        }

        AnsiConsole.MarkupLine($"Training data: {train.GetRowCount():N0} {Fer2013.Width}x{Fer2013.Height} images from [grey]{Markup.Escape(dataPath)}[/]{validationDescription}");
        var pipeline = ml.Transforms.Conversion.MapValueToKey(nameof(FaceImageExample.Label), keyData: Fer2013.ClassNameData(ml))
            .Append(ml.MulticlassClassification.Trainers.ImageCnn(options))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        return TrainingRun.FitSaveAndReport(ml, pipeline, options, train, test, "image-cnn", outputPath, testDescription, "images", plots);
    }
}
