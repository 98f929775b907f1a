using System.CommandLine;
using Emotion.ML.Cli.Data;
using Emotion.ML.Onnx;
using Emotion.ML.TorchSharp.Onnx;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Spectre.Console;

namespace Emotion.ML.Cli.Commands;

/// <summary>
/// <c>emotion-ml export-onnx</c>: writes a saved model's classifier as ONNX, with its text
/// preprocessing in the metadata, then checks ONNX Runtime against the pipeline on sample sentences;
/// image classifiers are checked on random images, frame-sequence classifiers are written as they are.
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
        var steps = ((IEnumerable<ITransformer>)model).ToArray();
        if (int8 && steps.Any(s => s is ImageClassificationTransformer or SequenceClassificationTransformer))
        {
            throw new ArgumentException("--int8-embeddings quantizes a text model's word embeddings; this model has none.");
        }

        if (steps.OfType<ImageClassificationTransformer>().SingleOrDefault() is { } image)
        {
            return ExportImage(image, outputPath);
        }

        if (steps.OfType<SequenceClassificationTransformer>().SingleOrDefault() is { } sequence)
        {
            sequence.ExportToOnnx(outputPath);
            AnsiConsole.MarkupLine($"Wrote [bold]{Markup.Escape(outputPath)}[/] ({new FileInfo(outputPath).Length:N0} bytes): inputs frames float [[batch, sequence, {sequence.FrameSize}]] (raw) and lengths int64 [[batch]].");
            return 0;
        }

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

    /// <summary>Exports an image classifier and checks ONNX Runtime against TorchSharp on 16 seeded random images.</summary>
    private static int ExportImage(ImageClassificationTransformer classifier, string outputPath)
    {
        classifier.ExportToOnnx(outputPath);
        var size = new FileInfo(outputPath).Length;
        AnsiConsole.MarkupLine($"Wrote [bold]{Markup.Escape(outputPath)}[/] ({size:N0} bytes, {size / 1048576.0:F2} MB): input pixels float [[batch, {classifier.ImageWidth * classifier.ImageHeight}]] ({classifier.ImageWidth}x{classifier.ImageHeight} grayscale, 0..255, row-major).");
        var random = new Random(1);
        var images = Enumerable.Range(0, 16).Select(_ => Enumerable.Range(0, classifier.ImageWidth * classifier.ImageHeight).Select(_ => (float)random.Next(0, 256)).ToArray()).ToArray();
        var expected = classifier.PredictProbabilities(images);
        using var onnx = OnnxImageClassifier.Load(outputPath, new OnnxClassifierOptions { ExecutionProvider = OnnxExecutionProvider.Cpu });
        var actual = onnx.PredictProbabilities(images);
        var worst = expected.Zip(actual, (e, a) => e.Zip(a, (x, y) => (double)Math.Abs(x - y)).Max()).Max();
        AnsiConsole.MarkupLine($"Parity check on {images.Length} random images: max abs difference {worst:E2} over {classifier.ClassNames.Count} classes (tolerance {Tolerance:E0}).");
        if (worst > Tolerance)
        {
            Console.Error.WriteLine($"error: the exported model '{outputPath}' differs from the TorchSharp classifier by {worst:E2}, more than {Tolerance:E0}.");
            return 1;
        }

        return 0;
    }
}
