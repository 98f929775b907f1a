using System.CommandLine;
using System.Diagnostics;
using Emotion.ML.Cli.Data;
using Emotion.ML.Embeddings;
using Emotion.ML.Evaluation;
using Microsoft.ML;
using Microsoft.ML.Data;
using Spectre.Console;

namespace Emotion.ML.Cli.Commands;

/// <summary>
/// <c>emotion-ml demo</c>: the whole path on the embedded CARER data, from raw sentences to an
/// evaluation report and predictions.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Sentences that do not come from the data set, to show the model on new text.</summary>
    private static readonly string[] Samples =
    {
        "I can't stop smiling, today was perfect!",
        "I feel so alone since she left :(",
        "Why does everyone keep ignoring my emails?? This is infuriating",
        "I'm terrified of tomorrow's surgery",
        "Wow, I did not expect that at all",
        "I adore you more than words can say <3",
    };

    public static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder with carer-emotion/ and glove/ (default: the repository's data/)." };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var command = new Command("demo", "Train and evaluate an emotion classifier on the embedded CARER data and classify a few new sentences.")
        {
            dataDir,
            seed,
        };
        command.SetAction(result => Run(result.GetValue(dataDir), result.GetValue(seed)));
        return command;
    }

    private static int Run(string? dataDirectory, int seed)
    {
        var data = DefaultData.Locate(dataDirectory);
        var ml = new MLContext(seed);
        var train = Load(ml, data.Train);
        var test = Load(ml, data.Test);
        AnsiConsole.MarkupLine($"[bold]Emotion.ML demo[/]: CARER emotion data from [grey]{Markup.Escape(data.Root)}[/]");

        var watch = Stopwatch.StartNew();
        var glove = WordEmbeddings.Load(data.Glove);
        AnsiConsole.MarkupLine($"Loaded {glove.Count:N0} GloVe vectors of dimension {glove.Dimension} in {watch.Elapsed.TotalSeconds:F2} s.");

        // Raw text -> emotion-aware normalization -> vocabulary ids -> mean+max pooled GloVe vectors
        // -> a linear maximum-entropy model: the classic ML.NET baseline the deep networks improve on.
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.NormalizeEmotionText("Clean", "Text"))
            .Append(ml.Transforms.Text.TokenizeToIds("Tokens", "Clean"))
            .Append(ml.Transforms.Text.ApplyEmbeddings("Features", "Tokens", glove, EmbeddingPooling.MeanMax))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Features"))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

        watch.Restart();
        var model = pipeline.Fit(train);
        AnsiConsole.MarkupLine($"Trained normalize -> tokenize -> pooled GloVe -> SdcaMaximumEntropy on 16,000 sentences in {watch.Elapsed.TotalSeconds:F1} s.");

        var scored = model.Transform(test);
        var report = EmotionMetrics.From(scored);
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLine("[bold]Test set (2,000 sentences)[/]");
        AnsiConsole.WriteLine(report.ToString());

        PrintPredictions(ml, model, train.Schema);
        return 0;
    }

    private static IDataView Load(MLContext ml, string path) =>
        ml.Data.LoadFromTextFile<EmotionExample>(path, separatorChar: '\t', hasHeader: true, allowQuoting: false);

    private static void PrintPredictions(MLContext ml, ITransformer model, DataViewSchema inputSchema)
    {
        var engine = ml.Model.CreatePredictionEngine<EmotionExample, EmotionPrediction>(model, inputSchema);
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        model.GetOutputSchema(inputSchema)["Score"].GetSlotNames(ref slotNames);
        var classes = slotNames.DenseValues().Select(n => n.ToString()).ToArray();

        var table = new Table().AddColumns("Sentence", "Predicted", "Probability", "Runner-up");
        foreach (var sentence in Samples)
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
