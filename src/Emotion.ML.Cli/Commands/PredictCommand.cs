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
        var model = new Option<FileInfo?>("--model") { Description = "A model saved by 'emotion-ml train' (or SaveEmotionModel), or an .onnx file from 'emotion-ml export-onnx'. Default: the pretrained English emotion model (no training needed)." };
        var onnx = new Option<bool>("--onnx") { Description = "Score with ONNX Runtime: the archive's ONNX form (no TorchSharp needed). Implied for an .onnx file." };
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
        var command = new Command("predict", "Classify text with a saved model, or with the pretrained English emotion model when --model is not given.") { model, onnx, text, data, top, json, textColumn };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(text) is null) == (result.GetValue(data) is null))
            {
                result.AddError("Give exactly one of --text or --data.");
            }
        });
        command.SetAction(result => Run(
            result.GetValue(model)?.FullName,
            result.GetValue(onnx),
            result.GetValue(text),
            result.GetValue(data)?.FullName,
            result.GetValue(top),
            result.GetValue(json),
            result.GetValue(textColumn)!));
        return command;
    }

    /// <summary>Scores <paramref name="sentences"/> with a loaded archive's pipeline: the class names and one prediction per sentence.</summary>
    internal static (string[] Classes, List<EmotionPrediction> Predictions) Score(MLContext ml, ITransformer model, DataViewSchema schema, IReadOnlyList<EmotionExample> sentences)
    {
        var scored = model.Transform(ml.Data.LoadFromEnumerable(sentences, SchemaDefinitionFor(schema)));
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        scored.Schema["Score"].GetSlotNames(ref slotNames);
        var classes = slotNames.DenseValues().Select(n => n.ToString()).ToArray();
        return (classes, ml.Data.CreateEnumerable<EmotionPrediction>(scored, reuseRowObject: false).ToList());
    }

    private static int Run(string? modelPath, bool onnx, string? text, string? dataPath, int top, bool json, string textColumn)
    {
        var sentences = text is not null
            ? new List<EmotionExample> { new() { Text = text } }
            : LabelledTextFile.Read(dataPath!, textColumn, labelColumn: null);
        string[] classes;
        List<EmotionPrediction> predictions;
        IReadOnlyList<Classification.EmotionPrediction>? segmented = null;
        if (modelPath is null || onnx || OnnxModels.IsOnnxFile(modelPath))
        {
            using var classifier = OnnxModels.Load(modelPath);
            classes = classifier.Labels.ToArray();
            segmented = classifier.PredictBatch(sentences.Select(s => s.Text).ToArray());
            predictions = segmented
                .Select(p => new EmotionPrediction { PredictedLabel = p.Label, Score = p.Scores.ToArray() })
                .ToList();
        }
        else
        {
            var ml = new MLContext(seed: 1);
            var model = ml.Model.LoadEmotionModel(modelPath, out var schema);
            (classes, predictions) = Score(ml, model, schema, sentences);
        }

        var table = new Table().AddColumns("Text", "Prediction");
        for (var i = 0; i < predictions.Count; i++)
        {
            var ranked = predictions[i].Score.Select((p, c) => (Name: classes[c], P: p)).OrderByDescending(x => x.P).Take(top).ToArray();
            var segments = segmented is not null && segmented[i].Segments.Count > 1 ? segmented[i].Segments : null;
            if (json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    text = sentences[i].Text,
                    label = predictions[i].PredictedLabel,
                    scores = ranked.ToDictionary(r => r.Name, r => Math.Round(r.P, 6)),
                    sentences = segments?.Select(s => new
                    {
                        text = s.Text,
                        start = s.Start,
                        label = s.Label,
                        confidence = Math.Round(s.Confidence, 6),
                        weight = Math.Round(s.Weight, 6),
                        contribution = Math.Round(s.Contribution, 6),
                    }),
                }, JsonOptions));
            }
            else
            {
                var shown = string.Join(", ", ranked.Select(r => $"{Markup.Escape(r.Name)} {r.P:P1}"));
                if (segments is not null)
                {
                    var driver = segmented![i].Drivers[0];
                    shown += $"\n[grey]{segments.Count} sentences; most of it from: \"{Markup.Escape(driver.Text)}\" ({Markup.Escape(driver.Label)}, weight {driver.Weight:P0})[/]";
                }

                table.AddRow(new Markup(Markup.Escape(sentences[i].Text)), new Markup(shown));
            }
        }

        if (!json)
        {
            AnsiConsole.Write(table);
        }

        return 0;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

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
