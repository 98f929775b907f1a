using System.CommandLine;
using Emotion.ML.Cli.Data;
using Emotion.ML.Data;
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
        var data = new Option<FileInfo>("--data") { Description = "Labelled data: TSV or CSV with a header (sequence models: JSON Lines; image models: FER2013 CSV emotion,pixels,Usage, gzip ok).", Required = true };
        var usage = new Option<string?>("--usage") { Description = "Image models: evaluate only the FER2013 rows of this Usage (e.g. PrivateTest)." };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object on stdout and nothing else." };
        var textColumn = new Option<string>("--text-column") { Description = "Text column name.", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column") { Description = "Label column name.", DefaultValueFactory = _ => "label" };
        var plots = new Option<DirectoryInfo?>("--plots") { Description = "Record the report in this folder (report.json) and draw the confusion heatmap and per-class F1 bars there." };
        var command = new Command("evaluate", "Evaluate a saved model: accuracy, macro/weighted F1, per-class precision/recall/F1, confusion matrix.")
        {
            model, onnx, data, usage, json, textColumn, labelColumn, plots,
        };
        command.SetAction(result => Run(
            result.GetValue(model)?.FullName,
            result.GetValue(onnx),
            result.GetRequiredValue(data).FullName,
            result.GetValue(usage),
            result.GetValue(json),
            result.GetValue(textColumn)!,
            result.GetValue(labelColumn)!,
            result.GetValue(plots)?.FullName));
        return command;
    }

    private static int Run(string? modelPath, bool onnx, string dataPath, string? usage, bool json, string textColumn, string labelColumn, string? plots)
    {
        var input = modelPath is null ? ModelInput.Text : ModelInputs.Of(modelPath);
        if (usage is not null && input != ModelInput.Images)
        {
            throw new ArgumentException("--usage selects FER2013 rows; it applies to image models only.");
        }

        if (input != ModelInput.Text)
        {
            return Print(modelPath, dataPath, json, input == ModelInput.Images ? EvaluateImages(modelPath!, onnx, dataPath, usage) : EvaluateSequences(modelPath!, onnx, dataPath), input == ModelInput.Images ? "images" : "sequences", plots);
        }

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

        return Print(modelPath, dataPath, json, report, "rows", plots);
    }

    private static int Print(string? modelPath, string dataPath, bool json, ClassificationReport report, string rows, string? plots)
    {
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

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(OnnxModels.Describe(modelPath))}[/] on {report.Count:N0} {rows} of [grey]{Markup.Escape(dataPath)}[/]");
        AnsiConsole.WriteLine(report.ToString());
        if (plots is not null)
        {
            Rendering.RunPlots.Write(plots, null, report, runName);
        }

        return 0;
    }

    private static ClassificationReport EvaluateImages(string modelPath, bool onnx, string dataPath, string? usage)
    {
        var rows = Fer2013.Read(dataPath, usage);
        return ModelScoring.Report(ModelScoring.Images(modelPath, onnx, rows), rows.Select(r => r.Label).ToArray(), dataPath);
    }

    private static ClassificationReport EvaluateSequences(string modelPath, bool onnx, string dataPath)
    {
        var rows = SequenceData.ReadJsonLines(dataPath, out _);
        return ModelScoring.Report(ModelScoring.Sequences(modelPath, onnx, rows), rows.Select(r => r.Label).ToArray(), dataPath);
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
