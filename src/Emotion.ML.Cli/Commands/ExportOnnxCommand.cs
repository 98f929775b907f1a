using System.CommandLine;
using Emotion.ML.Cli.Data;
using Emotion.ML.Onnx;
using Emotion.ML.TorchSharp.Onnx;
using Microsoft.ML;
using Spectre.Console;

namespace Emotion.ML.Cli.Commands;

/// <summary>
/// <c>emotion-ml export-onnx</c>: writes a saved model's classifier as ONNX, with its text
/// preprocessing in the metadata, then checks ONNX Runtime against the pipeline on sample sentences.
/// </summary>
internal static class ExportOnnxCommand
{
    /// <summary>The largest probability difference the check accepts.</summary>
    internal const double Tolerance = 1e-4;

    /// <summary>The largest probability difference the check accepts for int8 embeddings, which round every vector.</summary>
    internal const double QuantizedTolerance = 0.05;

    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "A model saved by 'emotion-ml train' (or SaveEmotionModel).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The .onnx file to write (replaced when it exists).", Required = true };
        var int8 = new Option<bool>("--int8-embeddings") { Description = "Store the word-embedding table as int8 with a scale per word: about a quarter of the size, probabilities within a few hundredths." };
        var command = new Command("export-onnx", "Export a saved model to ONNX for ONNX Runtime, ML.NET's ApplyOnnxModel or Emotion.ML's OnnxTextClassifier.") { model, output, int8 };
        command.SetAction(result => Run(result.GetRequiredValue(model).FullName, result.GetRequiredValue(output).FullName, result.GetValue(int8)));
        return command;
    }

    private static int Run(string modelPath, string outputPath, bool int8)
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Model.LoadEmotionModel(modelPath, out var schema);
        model.ExportToOnnx(outputPath, new OnnxExportOptions { QuantizeEmbeddings = int8 });
        var tolerance = int8 ? QuantizedTolerance : Tolerance;
        var size = new FileInfo(outputPath).Length;
        AnsiConsole.MarkupLine($"Wrote [bold]{Markup.Escape(outputPath)}[/] ({size:N0} bytes, {size / 1048576.0:F2} MB).");

        var sentences = SampleSentences.All.Select(s => new EmotionExample { Text = s }).ToList();
        var (classes, expected) = PredictCommand.Score(ml, model, schema, sentences);
        using var classifier = OnnxTextClassifier.Load(outputPath, new OnnxClassifierOptions { ExecutionProvider = OnnxExecutionProvider.Cpu });
        var actual = classifier.PredictBatch(SampleSentences.All);
        var table = new Table().AddColumns("Sentence", "Pipeline", "ONNX Runtime", "Max abs difference");
        var worst = 0.0;
        for (var i = 0; i < sentences.Count; i++)
        {
            var difference = expected[i].Score.Zip(actual[i].Scores, (e, a) => (double)Math.Abs(e - a)).Max();
            worst = Math.Max(worst, difference);
            table.AddRow(Markup.Escape(sentences[i].Text), Markup.Escape(expected[i].PredictedLabel), Markup.Escape(actual[i].Label), difference.ToString("E2"));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"Parity check on {sentences.Count} sample sentences: max abs difference {worst:E2} over {classes.Length} classes (tolerance {tolerance:G2}).");
        if (worst > tolerance)
        {
            Console.Error.WriteLine($"error: the exported model '{outputPath}' differs from the pipeline by {worst:E2}, more than {tolerance:G2}.");
            return 1;
        }

        return 0;
    }
}
