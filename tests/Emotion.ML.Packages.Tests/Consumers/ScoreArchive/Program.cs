// A stranger's scoring application: the Emotion.ML package alone, no TorchSharp at all.
// Loads an archive that TrainSaveLoad wrote (its classifier runs from the archive's ONNX form)
// and checks that it predicts what the training application predicted.
// Usage: ScoreArchive <archive.zip> <predictions.tsv>
using System.Globalization;
using Emotion.ML;
using Emotion.ML.Onnx;
using Microsoft.ML;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: ScoreArchive <archive.zip> <predictions.tsv>");
    return 2;
}

var ml = new MLContext(seed: 1);
var model = ml.Model.LoadEmotionModel(args[0], out _);
var engine = ml.Model.CreatePredictionEngine<Sentence, Prediction>(model);
using var onnx = OnnxTextClassifier.LoadFromArchive(args[0]);
Console.WriteLine($"loaded with {onnx.ExecutionProvider}");

foreach (var line in File.ReadLines(args[1]))
{
    var parts = line.Split('\t');
    var (text, label) = (parts[0], parts[1]);
    var scores = parts[2].Split(',').Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();
    var pipeline = engine.Predict(new Sentence { Text = text });
    var direct = onnx.Predict(text);
    var worst = scores.Zip(pipeline.Score).Max(p => Math.Abs(p.First - p.Second));
    if (pipeline.PredictedLabel != label || direct.Label != label || worst > 1e-4)
    {
        Console.Error.WriteLine($"'{text}': pipeline {pipeline.PredictedLabel}, OnnxTextClassifier {direct.Label}, trained model {label}; largest score difference {worst:G3}");
        return 1;
    }

    Console.WriteLine($"scored '{text}' -> {label} (largest score difference {worst:G2})");
}

var torch = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name?.StartsWith("TorchSharp", StringComparison.Ordinal) == true);
if (torch is not null || File.Exists(Path.Combine(AppContext.BaseDirectory, "TorchSharp.dll")))
{
    Console.Error.WriteLine($"TorchSharp is part of a scoring application that references Emotion.ML only ({torch?.Location ?? "TorchSharp.dll in the output folder"})");
    return 1;
}

Console.WriteLine("no TorchSharp");
return 0;

/// <summary>The input column the archive expects.</summary>
internal sealed class Sentence
{
    public string Text { get; set; } = "";

    public string Label { get; set; } = "";
}

/// <summary>What the pipeline adds.</summary>
internal sealed class Prediction
{
    public string PredictedLabel { get; set; } = "";

    public float[] Score { get; set; } = Array.Empty<float>();
}
