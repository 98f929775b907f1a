using System.CommandLine;
using System.Diagnostics;
using Emotion.ML.Cli.Data;
using Emotion.ML.Cli.Rendering;
using Emotion.ML.Cli.Training;
using Emotion.ML.Embeddings;
using Emotion.ML.Evaluation;
using Emotion.ML.Tokenization;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Spectre.Console;

namespace Emotion.ML.Cli.Commands;

/// <summary>
/// <c>emotion-ml train</c>: normalize -> tokenize -> a deep network, trained on a TSV/CSV file with
/// live progress; Ctrl+C stops after the current batch and saves the model with the best weights so far.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "Training data: TSV or CSV with a header (sequence-* models: JSON Lines of {\"label\", \"frames\"}).", Required = true };
        var validation = new Option<FileInfo?>("--validation") { Description = "Validation data for early stopping (default: 10% of --data, stratified)." };
        var test = new Option<FileInfo?>("--test") { Description = "Test data: print the classification report after training." };
        var testFraction = new Option<double?>("--test-fraction") { Description = "Hold out this stratified, seeded share of --data as the test set (instead of --test), e.g. 0.2." };
        var model = new Option<string>("--model") { Description = $"Network: {string.Join(", ", TrainerFactory.Models)}; for numeric frame sequences: {string.Join(", ", TrainerFactory.SequenceModels)}.", DefaultValueFactory = _ => "textcnn" };
        model.AcceptOnlyFromAmong([.. TrainerFactory.Models, .. TrainerFactory.SequenceModels]);
        var normalizer = new Option<FileInfo?>("--normalizer") { Description = "JSON file with the text normalizer's options (property names as in EmotionTextNormalizerOptions, e.g. { \"Mentions\": \"Keep\" })." };
        var embeddings = new Option<FileInfo?>("--embeddings") { Description = "Pretrained word vectors (GloVe, word2vec, fastText; .gz ok)." };
        var embeddingWords = new Option<bool>("--embedding-words") { Description = "Give every word of --embeddings a token id, so words the training data lacks keep their pretrained vectors (a larger model that knows more words)." };
        var epochs = new Option<int?>("--epochs") { Description = "Maximum epochs (default 30, or the options file's)." };
        var seed = new Option<int?>("--seed") { Description = "Random seed (default 1)." };
        var threads = new Option<int?>("--threads") { Description = "CPU threads (default: all cores)." };
        var options = new Option<FileInfo?>("--options") { Description = "JSON file with the network's options (property names as in TextCnnOptions / BiLstmOptions)." };
        var textColumn = new Option<string>("--text-column") { Description = "Text column name.", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column") { Description = "Label column name.", DefaultValueFactory = _ => "label" };
        var checkpoints = new Option<DirectoryInfo?>("--checkpoints") { Description = "Write a checkpoint to this directory after every epoch (and every N batches when the options file sets checkpointEveryBatches)." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in --checkpoints (same data and options)." };
        var output = new Option<FileInfo>("--out") { Description = "Where to save the trained model (a zip that 'evaluate' and 'predict' load).", Required = true };
        var plots = new Option<DirectoryInfo?>("--plots") { Description = "Record the training history (and test report) in this folder and draw the curves (and confusion heatmap, per-class F1) there." };
        var command = new Command("train", "Train a deep text classifier (normalize -> tokenize -> network).")
        {
            data, validation, test, testFraction, model, normalizer, embeddings, embeddingWords, epochs, seed, threads, options, textColumn, labelColumn, output, checkpoints, resume, plots,
        };
        command.SetAction((result, cancellation) => Task.FromResult(Run(
            result.GetRequiredValue(data).FullName,
            result.GetValue(validation)?.FullName,
            result.GetValue(test)?.FullName,
            result.GetValue(testFraction),
            result.GetValue(model)!,
            result.GetValue(normalizer)?.FullName,
            result.GetValue(embeddings)?.FullName,
            result.GetValue(embeddingWords),
            result.GetValue(epochs),
            result.GetValue(seed),
            result.GetValue(threads),
            result.GetValue(options)?.FullName,
            result.GetValue(textColumn)!,
            result.GetValue(labelColumn)!,
            result.GetRequiredValue(output).FullName,
            result.GetValue(checkpoints)?.FullName,
            result.GetValue(resume),
            result.GetValue(plots)?.FullName,
            cancellation)));
        return command;
    }

    private static int Run(string dataPath, string? validationPath, string? testPath, double? testFraction, string model, string? normalizerPath, string? embeddingsPath, bool embeddingWords, int? epochs, int? seed, int? threads, string? optionsPath, string textColumn, string labelColumn, string outputPath, string? checkpoints, bool resume, string? plots, CancellationToken cancellation)
    {
        if (TrainerFactory.IsSequenceModel(model))
        {
            if (normalizerPath is not null || embeddingsPath is not null || embeddingWords)
            {
                throw new ArgumentException($"--normalizer, --embeddings and --embedding-words apply to text models; {model} reads numeric frame sequences.");
            }

            return SequenceTraining.Run(dataPath, validationPath, testPath, testFraction, model, epochs, seed, threads, optionsPath, outputPath, checkpoints, resume, plots, cancellation);
        }

        var ml = new MLContext(seed ?? 1);
        var options = TrainerFactory.CreateOptions(model, optionsPath);
        var normalizerOptions = TrainerFactory.CreateNormalizerOptions(normalizerPath);
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

        var (trainView, testView) = TestSplit.Load(ml, dataPath, testPath, testFraction, options.Seed ?? 1, textColumn, labelColumn);
        AnsiConsole.MarkupLine($"Training data: {trainView.GetRowCount():N0} rows from [grey]{Markup.Escape(dataPath)}[/]");
        if (validationPath is not null)
        {
            options.ValidationSet = ml.Data.LoadFromEnumerable(LabelledTextFile.Read(validationPath, textColumn, labelColumn));
        }

        if (embeddingsPath is not null)
        {
            var watch = Stopwatch.StartNew();
            options.Embeddings = WordEmbeddings.Load(embeddingsPath);
            AnsiConsole.MarkupLine($"Embeddings: {options.Embeddings.Count:N0} vectors x {options.Embeddings.Dimension} in {watch.Elapsed.TotalSeconds:F1} s");
        }

        if (embeddingWords && options.Embeddings is null)
        {
            throw new ArgumentException("--embedding-words needs --embeddings (the file whose words get token ids).");
        }

        var tokenizer = embeddingWords ? new TokenizeToIdsOptions { AdditionalWords = options.Embeddings!.Words } : null;
        var pipeline = TextPipeline.Build(ml, TrainerFactory.CreateTrainer(ml, options), normalizerOptions, tokenizer);

        return TrainingRun.FitSaveAndReport(ml, pipeline, options, trainView, testView, model, outputPath, testPath ?? $"{testFraction:P0} of the data, stratified", "rows", plots);
    }
}
