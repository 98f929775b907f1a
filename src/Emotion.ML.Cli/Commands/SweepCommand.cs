using System.CommandLine;
using Emotion.ML.Cli.Data;
using Emotion.ML.Cli.Rendering;
using Emotion.ML.Cli.Training;
using Emotion.ML.Data;
using Emotion.ML.Embeddings;
using Emotion.ML.Evaluation;
using Emotion.ML.TorchSharp.Trainers;
using Emotion.ML.TorchSharp.Tuning;
using Microsoft.ML;
using Spectre.Console;

namespace Emotion.ML.Cli.Commands;

/// <summary>
/// <c>emotion-ml sweep</c>: a hyperparameter search over a JSON search space (grid, or random draws),
/// trials one after another with live progress, the ranked table, every trial recorded in the run
/// directory so an interrupted sweep resumes, and the best configuration retrained and saved.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "Training data: TSV or CSV with a header (sequence-* models: JSON Lines).", Required = true };
        var validation = new Option<FileInfo?>("--validation") { Description = "Validation data the trials are ranked on (default: 10% of --data, stratified)." };
        var test = new Option<FileInfo?>("--test") { Description = "Test data: the retrained best model's classification report." };
        var space = new Option<FileInfo>("--space") { Description = "Search space JSON: { \"model\": \"textcnn\", \"options\": {fixed}, \"parameters\": { \"LearningRate\": [0.001, 0.003], \"Dropout\": { \"range\": [0.2, 0.6] } } }.", Required = true };
        var model = new Option<string?>("--model") { Description = $"Network (default: the space's \"model\", else textcnn): {string.Join(", ", TrainerFactory.Models)}, {string.Join(", ", TrainerFactory.SequenceModels)}." };
        var random = new Option<int?>("--random") { Description = "Draw this many random configurations (lists, ranges, log-ranges) instead of the full grid." };
        var repeats = new Option<int>("--repeats") { Description = "Training runs per trial with successive seeds (mean and standard deviation).", DefaultValueFactory = _ => 1 };
        var metric = new Option<string>("--metric") { Description = "Validation figure to rank by: accuracy, macro-f1 or loss.", DefaultValueFactory = _ => "accuracy" };
        metric.AcceptOnlyFromAmong("accuracy", "macro-f1", "loss");
        var pruneAfter = new Option<int>("--prune-after") { Description = "From this epoch on, stop trials whose best validation figure trails the best finished trial's at the same epoch by more than --prune-margin (0: never)." };
        var pruneMargin = new Option<double>("--prune-margin") { Description = "How far behind is clearly worse (fraction of accuracy or macro-F1, or loss).", DefaultValueFactory = _ => 0.05 };
        var retrain = new Option<string>("--retrain") { Description = "Retrain the best configuration on: train (with early stopping), train+validation (for its kept epoch count), or none.", DefaultValueFactory = _ => "train" };
        retrain.AcceptOnlyFromAmong("train", "train+validation", "none");
        var normalizer = new Option<FileInfo?>("--normalizer") { Description = "JSON file with the text normalizer's options." };
        var embeddings = new Option<FileInfo?>("--embeddings") { Description = "Pretrained word vectors for every trial (GloVe, word2vec, fastText; .gz ok)." };
        var epochs = new Option<int?>("--epochs") { Description = "Maximum epochs per trial (the space's options may set MaxEpochs too)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the random draws and of the first training run.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "CPU threads (default: all cores)." };
        var textColumn = new Option<string>("--text-column") { Description = "Text column name.", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column") { Description = "Label column name.", DefaultValueFactory = _ => "label" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Run directory: search.json, trials/, results.csv, results.json, best/model.zip. Run the same command again to resume.", Required = true };
        var plots = new Option<DirectoryInfo?>("--plots") { Description = "Write the figures (top trials, the best model's curves and confusion matrix) to this folder." };
        var command = new Command("sweep", "Search hyperparameters: every grid combination or random draws, ranked by a validation figure; resumable.")
        {
            data, validation, test, space, model, random, repeats, metric, pruneAfter, pruneMargin, retrain, normalizer, embeddings, epochs, seed, threads, textColumn, labelColumn, output, plots,
        };
        command.SetAction((result, cancellation) => Task.FromResult(Run(new Settings(
            result.GetRequiredValue(data).FullName,
            result.GetValue(validation)?.FullName,
            result.GetValue(test)?.FullName,
            result.GetRequiredValue(space).FullName,
            result.GetValue(model),
            result.GetValue(random),
            result.GetValue(repeats),
            result.GetValue(metric) switch { "macro-f1" => SearchMetric.MacroF1, "loss" => SearchMetric.Loss, _ => SearchMetric.Accuracy },
            result.GetValue(pruneAfter),
            result.GetValue(pruneMargin),
            result.GetValue(retrain)!,
            result.GetValue(normalizer)?.FullName,
            result.GetValue(embeddings)?.FullName,
            result.GetValue(epochs),
            result.GetValue(seed),
            result.GetValue(threads),
            result.GetValue(textColumn)!,
            result.GetValue(labelColumn)!,
            result.GetRequiredValue(output).FullName,
            result.GetValue(plots)?.FullName),
            cancellation)));
        return command;
    }

    private sealed record Settings(
        string Data, string? Validation, string? Test, string Space, string? Model, int? Random, int Repeats, SearchMetric Metric,
        int PruneAfter, double PruneMargin, string Retrain, string? Normalizer, string? Embeddings, int? Epochs, int Seed, int? Threads,
        string TextColumn, string LabelColumn, string Output, string? Plots);

    private static int Run(Settings s, CancellationToken cancellation)
    {
        var space = SearchSpace.Load(s.Space);
        var model = (s.Model ?? space.Model ?? "textcnn").ToLowerInvariant();
        var ml = new MLContext(s.Seed);
        var searchOptions = new HyperparameterSearchOptions
        {
            Metric = s.Metric,
            RandomTrials = s.Random,
            Seed = s.Seed,
            Repeats = s.Repeats,
            PruneAfterEpochs = s.PruneAfter,
            PruneMargin = s.PruneMargin,
            RunDirectory = s.Output,
            CancellationToken = cancellation,
        };
        if (TrainerFactory.IsSequenceModel(model))
        {
            if (s.Normalizer is not null || s.Embeddings is not null)
            {
                throw new ArgumentException($"--normalizer and --embeddings apply to text models; {model} reads numeric frame sequences.");
            }

            var train = SequenceData.ReadJsonLines(s.Data, out var frameSize);
            var validation = s.Validation is null ? null : SequenceData.ReadJsonLines(s.Validation, out _);
            SequenceRnnOptions Options()
            {
                var options = TrainerFactory.CreateSequenceOptions(model, null, frameSize);
                Common(options, validation is null ? null : ml.Data.LoadFromEnumerable(validation));
                return options;
            }

            IEstimator<ITransformer> Pipeline(SequenceRnnOptions options) =>
                ml.Transforms.Conversion.MapValueToKey(nameof(SequenceExample.Label))
                    .Append(ml.MulticlassClassification.Trainers.SequenceRnn(options))
                    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

            return Search(ml, new HyperparameterSearch<SequenceRnnOptions>(space, Options, Pipeline, searchOptions), model, s,
                ml.Data.LoadFromEnumerable(train), () => ml.Data.LoadFromEnumerable(train.Concat(validation ?? Enumerable.Empty<SequenceExample>())),
                s.Test is null ? null : SequenceData.LoadJsonLines(ml, s.Test));
        }
        else
        {
            var normalizer = TrainerFactory.CreateNormalizerOptions(s.Normalizer);
            _ = TrainerFactory.CreateOptions(model, null);   // an unknown model name fails before any file is read
            var train = LabelledTextFile.Read(s.Data, s.TextColumn, s.LabelColumn);
            var validation = s.Validation is null ? null : LabelledTextFile.Read(s.Validation, s.TextColumn, s.LabelColumn);
            var glove = s.Embeddings is null ? null : WordEmbeddings.Load(s.Embeddings);
            var validationView = validation is null ? null : ml.Data.LoadFromEnumerable(validation);
            TextClassifierOptions Options()
            {
                var options = TrainerFactory.CreateOptions(model, null);
                options.Embeddings = glove;
                Common(options, validationView);
                return options;
            }

            IEstimator<ITransformer> Pipeline(TextClassifierOptions options) => TextPipeline.Build(ml, TrainerFactory.CreateTrainer(ml, options), normalizer);
            AnsiConsole.MarkupLine($"Training data: {train.Count:N0} rows from [grey]{Markup.Escape(s.Data)}[/]{(validation is null ? "" : $"; validation: {validation.Count:N0} rows")}");
            return Search(ml, new HyperparameterSearch<TextClassifierOptions>(space, Options, Pipeline, searchOptions), model, s,
                ml.Data.LoadFromEnumerable(train), () => ml.Data.LoadFromEnumerable(train.Concat(validation ?? new List<EmotionExample>())),
                s.Test is null ? null : ml.Data.LoadFromEnumerable(LabelledTextFile.Read(s.Test, s.TextColumn, s.LabelColumn)));
        }

        void Common(ClassifierTrainingOptions options, IDataView? validationSet)
        {
            options.ValidationSet = validationSet;
            options.MaxEpochs = s.Epochs ?? options.MaxEpochs;
            options.Seed = s.Seed;
            options.NumberOfThreads = s.Threads;
            options.CancellationToken = cancellation;
        }
    }

    private static int Search<TOptions>(MLContext ml, HyperparameterSearch<TOptions> search, string model, Settings s, IDataView train, Func<IDataView> trainAndValidation, IDataView? test)
        where TOptions : ClassifierTrainingOptions
    {
        var trials = search.Trials;
        AnsiConsole.MarkupLine($"Searching {trials.Count} {(s.Random is null ? "grid" : "random")} configurations of {Markup.Escape(model)}{(s.Repeats > 1 ? $", {s.Repeats} runs each" : "")}, ranked by validation {s.Metric}; run directory [grey]{Markup.Escape(s.Output)}[/]");
        AnsiConsole.WriteLine(search.Space.ToString());
        var result = SearchDisplay.Run(progress =>
        {
            search.Options.Progress = progress;
            return search.Fit(train);
        });
        SearchDisplay.PrintTable(result, $"{model}: trials ranked by validation {s.Metric}");
        AnsiConsole.MarkupLine($"Results: [grey]{Markup.Escape(Path.Combine(s.Output, "results.csv"))}[/] and results.json");
        if (result.Cancelled)
        {
            AnsiConsole.MarkupLine($"[yellow]Cancelled[/] after {result.Trials.Count} of {trials.Count} trials; run the same command again to resume.");
            return 130;
        }

        if (result.Best is not { } best)
        {
            AnsiConsole.MarkupLine("[red]No trial completed[/], so there is no best configuration to retrain.");
            return 1;
        }

        if (s.Retrain != "none")
        {
            var onAll = s.Retrain == "train+validation";
            AnsiConsole.MarkupLine($"Retraining trial {best.Number} ({Markup.Escape(best.Parameters.ToString())}) on {(onAll ? $"train + validation for {Math.Round(best.BestEpoch)} epochs" : "train with early stopping")}.");
            var fitted = TrainingDisplay.Run(progress => search.RefitBest(result, onAll ? trainAndValidation() : train, onAll, progress));
            var bestFolder = Path.Combine(s.Output, "best");
            AnsiConsole.MarkupLine($"Saved the best model to [green]{Markup.Escape(Path.Combine(bestFolder, HyperparameterSearch<TOptions>.BestModelFile))}[/].");
            if (test is not null)
            {
                var report = EmotionMetrics.From(fitted.Transform(test));
                AnsiConsole.MarkupLine($"[bold]Test set ({test.GetRowCount():N0} rows, {Markup.Escape(s.Test!)})[/]");
                AnsiConsole.WriteLine(report.ToString());
                Plots.RunDirectory.Write(bestFolder, null, report);
            }
        }

        if (s.Plots is not null)
        {
            RunPlots.Draw(s.Output, s.Plots, model);
        }

        return 0;
    }
}
