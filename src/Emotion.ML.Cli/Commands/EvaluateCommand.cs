using System.CommandLine;
using Emotion.ML.Cli.Data;
using Emotion.ML.Evaluation;
using Microsoft.ML;
using Spectre.Console;

namespace Emotion.ML.Cli.Commands;

/// <summary><c>emotion-ml evaluate</c>: the classification report of a saved model on labelled data.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo?>("--model") { Description = "A model saved by 'emotion-ml train' (or SaveEmotionModel), or an .onnx file from 'emotion-ml export-onnx'. Default: the pretrained English emotion model." };
        var onnx = new Option<bool>("--onnx") { Description = "Score with ONNX Runtime: the archive's ONNX form (no TorchSharp needed). Implied for an .onnx file." };
        var data = new Option<FileInfo>("--data") { Description = "Labelled data: TSV or CSV with a header.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object on stdout and nothing else." };
        var textColumn = new Option<string>("--text-column") { Description = "Text column name.", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column") { Description = "Label column name.", DefaultValueFactory = _ => "label" };
        var plots = new Option<DirectoryInfo?>("--plots") { Description = "Record the report in this folder (report.json) and draw the confusion heatmap and per-class F1 bars there." };
        var command = new Command("evaluate", "Evaluate a saved model: accuracy, macro/weighted F1, per-class precision/recall/F1, confusion matrix.")
        {
            model, onnx, data, json, textColumn, labelColumn, plots,
        };
        command.SetAction(result => Run(
            result.GetValue(model)?.FullName,
            result.GetValue(onnx),
            result.GetRequiredValue(data).FullName,
            result.GetValue(json),
            result.GetValue(textColumn)!,
            result.GetValue(labelColumn)!,
            result.GetValue(plots)?.FullName));
        return command;
    }

    private static int Run(string? modelPath, bool onnx, string dataPath, bool json, string textColumn, string labelColumn, string? plots)
    {
        var rows = LabelledTextFile.Read(dataPath, textColumn, labelColumn);
        ClassificationReport report;
        if (modelPath is null || onnx || OnnxModels.IsOnnxFile(modelPath))
        {
            report = EvaluateOnnx(modelPath, dataPath, rows);
        }
        else
        {
            var ml = new MLContext(seed: 1);
            var model = ml.Model.LoadEmotionModel(modelPath, out _);
            report = EmotionMetrics.From(model.Transform(ml.Data.LoadFromEnumerable(rows)));
        }

        var runName = modelPath is null ? "emotion-english" : Path.GetFileNameWithoutExtension(modelPath);
        if (json)
        {
            Console.Out.WriteLine(report.ToJson());
            if (plots is not null)
            {
                Emotion.ML.Plots.RunDirectory.Write(plots, null, report);
                Emotion.ML.Plots.RunDirectory.Plot(plots, plots, runName);
            }

            return 0;
        }

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(OnnxModels.Describe(modelPath))}[/] on {rows.Count:N0} rows of [grey]{Markup.Escape(dataPath)}[/]");
        AnsiConsole.WriteLine(report.ToString());
        if (plots is not null)
        {
            Rendering.RunPlots.Write(plots, null, report, runName);
        }

        return 0;
    }

    private static ClassificationReport EvaluateOnnx(string? modelPath, string dataPath, List<EmotionExample> rows)
    {
        using var classifier = OnnxModels.Load(modelPath);
        var classes = classifier.Labels.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        var truth = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            if (!classes.TryGetValue(rows[i].Label, out truth[i]))
            {
                throw new InvalidDataException($"{dataPath}: data row {i + 1} has label '{rows[i].Label}', which is not one of the model's classes ({string.Join(", ", classifier.Labels)}).");
            }
        }

        var predictions = classifier.PredictBatch(rows.Select(r => r.Text).ToArray());
        return ClassificationReport.Compute(
            classifier.Labels,
            truth,
            predictions.Select(p => p.LabelIndex).ToArray(),
            predictions.Select(p => p.Scores.ToArray()).ToArray());
    }
}
