using System.CommandLine;
using System.Diagnostics;
using Emotion.ML.Cli.Data;
using Emotion.ML.Cli.Rendering;
using Emotion.ML.Cli.Training;
using Emotion.ML.Embeddings;
using Emotion.ML.Evaluation;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Spectre.Console;

namespace Emotion.ML.Cli.Commands;

/// <summary>
/// <c>emotion-ml compare</c>: trains several architectures on the same data with the same seed and
/// prints one comparison table, then what each model makes of a few new sentences.
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "Training data: TSV or CSV with a header.", Required = true };
        var validation = new Option<FileInfo?>("--validation") { Description = "Validation data for early stopping (default: 10% of --data)." };
        var test = new Option<FileInfo?>("--test") { Description = "Test data the models are compared on (or --test-fraction)." };
        var testFraction = new Option<double?>("--test-fraction") { Description = "Hold out this stratified, seeded share of --data as the test set instead of --test, e.g. 0.2." };
        var models = new Option<string>("--models")
        {
            Description = $"Comma-separated models, each a name ({string.Join(", ", TrainerFactory.Models)}) optionally followed by =options.json (e.g. gru=bigru.json).",
            DefaultValueFactory = _ => string.Join(",", TrainerFactory.Models),
        };
        var normalizer = new Option<FileInfo?>("--normalizer") { Description = "JSON file with the text normalizer's options (property names as in EmotionTextNormalizerOptions, e.g. { \"Mentions\": \"Keep\" })." };
        var embeddings = new Option<FileInfo?>("--embeddings") { Description = "Pretrained word vectors for every model." };
        var epochs = new Option<int?>("--epochs") { Description = "Maximum epochs per model (default 30)." };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "CPU threads (default: all cores)." };
        var plots = new Option<DirectoryInfo?>("--plots") { Description = "Record each model's history and test report in a subfolder of this folder and draw the figures: validation accuracy of all models, each model's curves, confusion heatmap and per-class F1." };
        var command = new Command("compare", "Train several architectures on the same data and compare them in one table.")
        {
            data, validation, test, testFraction, models, normalizer, embeddings, epochs, seed, threads, plots,
        };
        command.SetAction((result, cancellation) => Task.FromResult(Run(
            result.GetRequiredValue(data).FullName,
            result.GetValue(validation)?.FullName,
            result.GetValue(test)?.FullName,
            result.GetValue(testFraction),
            result.GetValue(models)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            result.GetValue(normalizer)?.FullName,
            result.GetValue(embeddings)?.FullName,
            result.GetValue(epochs),
            result.GetValue(seed),
            result.GetValue(threads),
            result.GetValue(plots)?.FullName,
            cancellation)));
        return command;
    }

    private static int Run(string dataPath, string? validationPath, string? testPath, double? testFraction, string[] models, string? normalizerPath, string? embeddingsPath, int? epochs, int seed, int? threads, string? plots, CancellationToken cancellation)
    {
        // Parsing every entry first fails on an unknown name or a bad options file before any training.
        var entries = models.Select(m => m.Split('=', 2)).Select(p => (Label: p.Length > 1 ? $"{p[0]}={Path.GetFileName(p[1])}" : p[0], Name: p[0], OptionsPath: p.Length > 1 ? p[1] : null)).ToArray();
        foreach (var entry in entries)
        {
            _ = TrainerFactory.CreateOptions(entry.Name, entry.OptionsPath);
        }

        var normalizerOptions = TrainerFactory.CreateNormalizerOptions(normalizerPath);
        var ml = new MLContext(seed);
        var (train, test) = TestSplit.Load(ml, dataPath, testPath, testFraction, seed, "text", "label");
        if (test is null)
        {
            throw new ArgumentException("compare needs --test or --test-fraction.");
        }

        var testCount = test.GetRowCount() ?? 0;
        var validation = validationPath is null ? null : ml.Data.LoadFromEnumerable(LabelledTextFile.Read(validationPath, "text", "label"));
        var glove = embeddingsPath is null ? null : WordEmbeddings.Load(embeddingsPath);

        var table = new Table().Title("Architectures compared on " + Markup.Escape(testPath is null ? $"{testFraction:P0} of {Path.GetFileName(dataPath)}" : Path.GetFileName(testPath)))
            .AddColumns("model", "accuracy", "macro-F1", "macro precision", "macro recall", "epochs (kept)", "s / epoch", "train samples/s", "scoring sentences/s", "parameters");
        var predictions = new List<(string Model, string[] Labels)>();
        foreach (var (model, name, optionsPath) in entries)
        {
            var options = TrainerFactory.CreateOptions(name, optionsPath);
            options.Embeddings = glove;
            options.ValidationSet = validation;
            options.MaxEpochs = epochs ?? options.MaxEpochs;
            options.Seed = seed;
            options.NumberOfThreads = threads;
            options.CancellationToken = cancellation;
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(model)}[/]");
            var fitted = TrainingDisplay.Run(progress =>
            {
                options.Progress = progress;
                return TextPipeline.Build(ml, TrainerFactory.CreateTrainer(ml, options), normalizerOptions).Fit(train);
            });
            var network = ((IEnumerable<ITransformer>)fitted).OfType<TextClassificationTransformer>().Single();
            var history = network.History;

            var watch = Stopwatch.StartNew();
            var report = EmotionMetrics.From(fitted.Transform(test));
            var scoring = testCount / watch.Elapsed.TotalSeconds;
            table.AddRow(
                Markup.Escape(model),
                report.Accuracy.ToString("F4"),
                report.MacroF1.ToString("F4"),
                report.MacroPrecision.ToString("F4"),
                report.MacroRecall.ToString("F4"),
                $"{history.Epochs.Count} ({history.BestEpoch})",
                history.Epochs.Average(e => e.Seconds).ToString("F1"),
                history.Epochs.Average(e => e.SamplesPerSecond).ToString("N0"),
                scoring.ToString("N0"),
                network.ParameterCount.ToString("N0"));

            if (plots is not null)
            {
                Emotion.ML.Plots.RunDirectory.Write(Path.Combine(plots, FolderName(model)), history, report);
            }

            var engine = ml.Model.CreatePredictionEngine<EmotionExample, EmotionPrediction>(fitted, train.Schema);
            predictions.Add((model, SampleSentences.All.Select(s => engine.Predict(new EmotionExample { Text = s }).PredictedLabel).ToArray()));
            if (cancellation.IsCancellationRequested)
            {
                break;
            }
        }

        AnsiConsole.Write(table);
        var sentences = new Table().Title("What each model makes of new sentences").AddColumn("sentence");
        foreach (var (model, _) in predictions)
        {
            sentences.AddColumn(Markup.Escape(model));
        }

        for (var i = 0; i < SampleSentences.All.Length; i++)
        {
            sentences.AddRow(new[] { Markup.Escape(SampleSentences.All[i]) }.Concat(predictions.Select(p => Markup.Escape(p.Labels[i]))).ToArray());
        }

        AnsiConsole.Write(sentences);
        if (plots is not null && predictions.Count > 0)
        {
            RunPlots.Draw(plots, plots, "compare");
        }

        return 0;
    }

    /// <summary>A folder name for a model label such as <c>gru=bigru.json</c>.</summary>
    private static string FolderName(string model) =>
        string.Concat(model.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
