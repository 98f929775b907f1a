// A stranger's application: Emotion.ML.TorchSharp + TorchSharp-cpu from NuGet, nothing else.
// Trains a tiny TextCnn, saves it, loads it back and predicts; writes the predictions for ScoreArchive.
// Usage: TrainSaveLoad <archive.zip> <predictions.tsv>
using Emotion.ML;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: TrainSaveLoad <archive.zip> <predictions.tsv>");
    return 2;
}

var ml = new MLContext(seed: 1);
var happy = new[] { "i feel so happy today", "what a wonderful joyful day", "i am delighted and glad", "this makes me smile with joy", "i feel cheerful and happy" };
var sad = new[] { "i feel so sad today", "what a miserable gloomy day", "i am heartbroken and down", "this makes me cry with sorrow", "i feel lonely and sad" };
var rows = Enumerable.Range(0, 8).SelectMany(_ => happy.Select(t => new Sentence { Text = t, Label = "joy" })
    .Concat(sad.Select(t => new Sentence { Text = t, Label = "sadness" }))).ToList();
var train = ml.Data.LoadFromEnumerable(rows);

var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
    .Append(ml.Transforms.Text.NormalizeEmotionText("Clean", "Text"))
    .Append(ml.Transforms.Text.TokenizeToIds("Tokens", "Clean"))
    .Append(ml.MulticlassClassification.Trainers.TextCnn(new TextCnnOptions
    {
        Filters = 16,
        KernelSizes = new[] { 2 },
        ConvolutionBlocks = 1,
        DenseLayers = Array.Empty<Emotion.ML.TorchSharp.Networks.DenseLayer>(),
        EmbeddingDimension = 16,
        MaxEpochs = 25,
        BatchSize = 16,
        LearningRate = 1e-2,
        ValidationFraction = 0,
        NumberOfThreads = 1,
        Seed = 1,
    }))
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
var model = pipeline.Fit(train);
Console.WriteLine("trained");

var accuracy = ml.MulticlassClassification.Evaluate(model.Transform(train)).MicroAccuracy;
Console.WriteLine($"training accuracy {accuracy:F3}");
if (accuracy < 0.95)
{
    Console.Error.WriteLine("the tiny model did not learn its training sentences");
    return 1;
}

ml.Model.SaveEmotionModel(model, train.Schema, args[0]);
Console.WriteLine("saved");
var loaded = ml.Model.LoadEmotionModel(args[0], out _);
Console.WriteLine("loaded");

var probes = new[] { "i feel happy and glad", "i feel sad and lonely", "a joyful wonderful smile", "a gloomy day of sorrow" };
var expected = new[] { "joy", "sadness", "joy", "sadness" };
var before = ml.Model.CreatePredictionEngine<Sentence, Prediction>(model);
var after = ml.Model.CreatePredictionEngine<Sentence, Prediction>(loaded);
using var output = new StreamWriter(args[1]);
for (var i = 0; i < probes.Length; i++)
{
    var a = before.Predict(new Sentence { Text = probes[i] });
    var b = after.Predict(new Sentence { Text = probes[i] });
    if (a.PredictedLabel != b.PredictedLabel || a.Score.Zip(b.Score).Any(p => Math.Abs(p.First - p.Second) > 1e-6))
    {
        Console.Error.WriteLine($"'{probes[i]}': the loaded model predicts {b.PredictedLabel}, the trained one {a.PredictedLabel}");
        return 1;
    }

    if (b.PredictedLabel != expected[i])
    {
        Console.Error.WriteLine($"'{probes[i]}': predicted {b.PredictedLabel}, expected {expected[i]}");
        return 1;
    }

    output.WriteLine($"{probes[i]}\t{b.PredictedLabel}\t{string.Join(',', b.Score.Select(s => s.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}");
    Console.WriteLine($"predicted '{probes[i]}' -> {b.PredictedLabel}");
}

return 0;

/// <summary>A labelled sentence.</summary>
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
