using System.CommandLine;
using System.Diagnostics;
using Emotion.ML.Cli.Data;
using Emotion.ML.Cli.Rendering;
using Emotion.ML.Cli.Training;
using Emotion.ML.Embeddings;
using Emotion.ML.Evaluation;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;
using Spectre.Console;

namespace Emotion.ML.Cli.Commands;

/// <summary>
/// <c>emotion-ml demo</c>: the whole path on the embedded CARER data: a classic ML.NET baseline,
/// then the TextCnn trained with live progress, evaluated, saved, reloaded and used on new sentences.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder with carer-emotion/ and glove/ (default: the repository's data/)." };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var quick = new Option<bool>("--quick") { Description = "A 2,000-sentence slice and 2 epochs: a smoke run in seconds." };
        var output = new Option<FileInfo?>("--out") { Description = "Where to save the trained model (default: emotion-demo.zip in the temp folder)." };
        var command = new Command("demo", "Train, evaluate, save and use an emotion classifier on the embedded CARER data.")
        {
            dataDir, seed, quick, output,
        };
        command.SetAction((result, cancellation) => Task.FromResult(Run(
            result.GetValue(dataDir),
            result.GetValue(seed),
            result.GetValue(quick),
            result.GetValue(output)?.FullName ?? Path.Combine(Path.GetTempPath(), "emotion-demo.zip"),
            cancellation)));
        return command;
    }

    private static int Run(string? dataDirectory, int seed, bool quick, string modelPath, CancellationToken cancellation)
    {
        var data = DefaultData.Locate(dataDirectory);
        var ml = new MLContext(seed);
        var train = Load(ml, data.Train, quick ? 2000 : null);
        var validation = Load(ml, data.Validation, quick ? 500 : null);
        var test = Load(ml, data.Test, quick ? 500 : null);
        var trainRows = train.GetRowCount() ?? ml.Data.CreateEnumerable<EmotionExample>(train, false).Count();
        AnsiConsole.MarkupLine($"[bold]Emotion.ML demo[/]: CARER emotion data from [grey]{Markup.Escape(data.Root)}[/]{(quick ? " (quick slice)" : "")}");

        var watch = Stopwatch.StartNew();
        var glove = WordEmbeddings.Load(data.Glove);
        AnsiConsole.MarkupLine($"Loaded {glove.Count:N0} GloVe vectors of dimension {glove.Dimension} in {watch.Elapsed.TotalSeconds:F2} s.");

        // The classic ML.NET way first: averaged GloVe vectors into a linear model.
        var baseline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.NormalizeEmotionText("Clean", "Text"))
            .Append(ml.Transforms.Text.TokenizeToIds("Tokens", "Clean"))
            .Append(ml.Transforms.Text.ApplyEmbeddings("Features", "Tokens", glove, EmbeddingPooling.MeanMax))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Features"));
        watch.Restart();
        var baselineReport = EmotionMetrics.From(baseline.Fit(train).Transform(test));
        AnsiConsole.MarkupLine($"[bold]Baseline[/] pooled GloVe + SdcaMaximumEntropy ({watch.Elapsed.TotalSeconds:F1} s): test accuracy {baselineReport.Accuracy:F4}, macro-F1 {baselineReport.MacroF1:F4}");

        // The deep network reads the word sequence: normalize -> tokenize -> TextCnn over fine-tuned GloVe.
        var options = new TextCnnOptions
        {
            Embeddings = glove,
            ValidationSet = validation,
            MaxEpochs = quick ? 2 : 30,
            Seed = seed,
            CancellationToken = cancellation,
        };
        var pipeline = TextPipeline.Build(ml, ml.MulticlassClassification.Trainers.TextCnn(options));
        AnsiConsole.MarkupLine($"[bold]TextCnn[/] on {trainRows:N0} sentences, early stopping on {validation.GetRowCount() ?? 0:N0} validation sentences:");
        watch.Restart();
        var model = TrainingDisplay.Run(progress =>
        {
            options.Progress = progress;
            return pipeline.Fit(train);
        });
        AnsiConsole.MarkupLine($"Trained in {watch.Elapsed.TotalSeconds:F0} s.");
        TrainingDisplay.PrintHistory(((IEnumerable<ITransformer>)model).OfType<TextClassificationTransformer>().Single().History);

        var report = EmotionMetrics.From(model.Transform(test));
        AnsiConsole.MarkupLine($"[bold]TextCnn on the test set[/]");
        AnsiConsole.WriteLine(report.ToString());

        ml.Model.SaveEmotionModel(model, train.Schema, modelPath);
        var loaded = ml.Model.LoadEmotionModel(modelPath, out var schema);
        AnsiConsole.MarkupLine($"Saved to [green]{Markup.Escape(modelPath)}[/] ({new FileInfo(modelPath).Length / 1e6:F1} MB) and loaded back; new sentences through the loaded model:");
        PrintPredictions(ml, loaded, schema);
        return 0;
    }

    private static IDataView Load(MLContext ml, string path, int? rows)
    {
        var data = ml.Data.LoadFromTextFile<EmotionExample>(path, separatorChar: '\t', hasHeader: true, allowQuoting: false);
        // Shuffle before taking a slice so every emotion is in it (the files are grouped by label).
        return rows is null ? data : ml.Data.TakeRows(ml.Data.ShuffleRows(data, seed: 1), rows.Value);
    }

    private static void PrintPredictions(MLContext ml, ITransformer model, DataViewSchema inputSchema)
    {
        var engine = ml.Model.CreatePredictionEngine<EmotionExample, EmotionPrediction>(model, inputSchema);
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        model.GetOutputSchema(inputSchema)["Score"].GetSlotNames(ref slotNames);
        var classes = slotNames.DenseValues().Select(n => n.ToString()).ToArray();

        var table = new Table().AddColumns("Sentence", "Predicted", "Probability", "Runner-up");
        foreach (var sentence in SampleSentences.All)
        {
            var prediction = engine.Predict(new EmotionExample { Text = sentence });
            var ranked = prediction.Score.Select((p, i) => (Name: classes[i], P: p)).OrderByDescending(x => x.P).ToArray();
            table.AddRow(
                Markup.Escape(sentence),
                $"[bold]{Markup.Escape(prediction.PredictedLabel)}[/]",
                ranked[0].P.ToString("P1"),
                $"{Markup.Escape(ranked[1].Name)} {ranked[1].P:P1}");
        }

        AnsiConsole.Write(table);
    }
}
