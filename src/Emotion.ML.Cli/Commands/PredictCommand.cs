using System.CommandLine;
using System.Text.Json;
using Emotion.ML.Cli.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Spectre.Console;

namespace Emotion.ML.Cli.Commands;

/// <summary><c>emotion-ml predict</c>: classify a sentence or every row of a file with a saved model.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "A model saved by 'emotion-ml train' (or SaveEmotionModel).", Required = true };
        var text = new Option<string?>("--text") { Description = "One sentence to classify." };
        var data = new Option<FileInfo?>("--data") { Description = "A TSV or CSV file with a header; every row is classified." };
        var top = new Option<int>("--top") { Description = "How many classes to show per sentence, most probable first.", DefaultValueFactory = _ => 1 };
        top.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--top must be at least 1.");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print JSON Lines (one object per sentence) on stdout and nothing else." };
        var textColumn = new Option<string>("--text-column") { Description = "Text column name for --data.", DefaultValueFactory = _ => "text" };
        var command = new Command("predict", "Classify text with a saved model.") { model, text, data, top, json, textColumn };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(text) is null) == (result.GetValue(data) is null))
            {
                result.AddError("Give exactly one of --text or --data.");
            }
        });
        command.SetAction(result => Run(
            result.GetRequiredValue(model).FullName,
            result.GetValue(text),
            result.GetValue(data)?.FullName,
            result.GetValue(top),
            result.GetValue(json),
            result.GetValue(textColumn)!));
        return command;
    }

    private static int Run(string modelPath, string? text, string? dataPath, int top, bool json, string textColumn)
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Model.LoadEmotionModel(modelPath, out var schema);
        var sentences = text is not null
            ? new List<EmotionExample> { new() { Text = text } }
            : LabelledTextFile.Read(dataPath!, textColumn, labelColumn: null);
        var scored = model.Transform(ml.Data.LoadFromEnumerable(sentences, SchemaDefinitionFor(schema)));
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        scored.Schema["Score"].GetSlotNames(ref slotNames);
        var classes = slotNames.DenseValues().Select(n => n.ToString()).ToArray();
        var predictions = ml.Data.CreateEnumerable<EmotionPrediction>(scored, reuseRowObject: false).ToList();

        var table = new Table().AddColumns("Text", "Prediction");
        for (var i = 0; i < predictions.Count; i++)
        {
            var ranked = predictions[i].Score.Select((p, c) => (Name: classes[c], P: p)).OrderByDescending(x => x.P).Take(top).ToArray();
            if (json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    text = sentences[i].Text,
                    label = predictions[i].PredictedLabel,
                    scores = ranked.ToDictionary(r => r.Name, r => Math.Round(r.P, 6)),
                }));
            }
            else
            {
                table.AddRow(Markup.Escape(sentences[i].Text), string.Join(", ", ranked.Select(r => $"{Markup.Escape(r.Name)} {r.P:P1}")));
            }
        }

        if (!json)
        {
            AnsiConsole.Write(table);
        }

        return 0;
    }

    /// <summary>Maps the example class onto the saved model's input columns (Text, and Label when the model has one).</summary>
    private static SchemaDefinition SchemaDefinitionFor(DataViewSchema inputSchema)
    {
        var definition = SchemaDefinition.Create(typeof(EmotionExample));
        if (inputSchema.GetColumnOrNull("Label") is null)
        {
            definition.Remove(definition["Label"]);
        }

        return definition;
    }
}
