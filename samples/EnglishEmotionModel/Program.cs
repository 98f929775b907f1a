// EnglishEmotionModel: trains, exports and measures the pretrained English emotion model that the
// Emotion.ML.Models.English package ships (EmotionClassifier.LoadDefault()).
// Usage: dotnet run --project samples/EnglishEmotionModel -c Release -- [--data <data folder>] [--out <folder>] [--threads N] [--seed S] [--quick]
// Same data, seed and thread count give the same model, bit for bit.
using System.Diagnostics;
using System.Text.Json;
using Emotion.ML;
using Emotion.ML.Classification;
using Emotion.ML.Embeddings;
using Emotion.ML.Evaluation;
using Emotion.ML.Onnx;
using Emotion.ML.Tokenization;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Onnx;
using Emotion.ML.TorchSharp.Trainers;
using Emotion.ML.TorchSharp.Training;
using EnglishEmotionModel;
using Microsoft.ML;

var settings = Settings.Parse(args);
Directory.CreateDirectory(settings.Output);
var (train, validation) = TrainingSet.Build(settings.Data, settings.Seed);
if (settings.Quick)
{
    (train, validation) = (train.Take(800).ToList(), validation.Take(200).ToList());
}

Console.WriteLine($"Training rows: {train.Count:N0} (CARER, template randomized in {TrainingSet.TemplateProbability:P0}; TweetEval {string.Join('/', TrainingSet.SharedTweetEvalLabels)}); validation rows: {validation.Count:N0}");

var ml = new MLContext(seed: settings.Seed);
IDataView View(IEnumerable<Example> rows) => ml.Data.LoadFromEnumerable(rows.Select(r => new Row { Text = r.Text, Label = r.Label }));
var glove = WordEmbeddings.Load(Path.Combine(settings.Data, "glove", Recipe.GloveFile));
var options = Recipe.Options(settings, View(validation));
options.Embeddings = glove;
var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", keyData: ml.Data.LoadFromEnumerable(TrainingSet.Emotions.Select(e => new LabelRow { Label = e })))
    .Append(ml.Transforms.Text.NormalizeEmotionText("Clean", "Text"))
    .Append(ml.Transforms.Text.TokenizeToIds("Tokens", "Clean", options: new TokenizeToIdsOptions { AdditionalWords = Recipe.EmbeddingWords ? glove.Words : null }))
    .Append(ml.MulticlassClassification.Trainers.Gru(options))
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

var watch = Stopwatch.StartNew();
var model = pipeline.Fit(View(train));
Console.WriteLine($"Trained in {watch.Elapsed.TotalMinutes:F1} min.");

ml.Model.SaveEmotionModel(model, View(train).Schema, Path.Combine(settings.Output, "emotion-english.zip"));
var onnxPath = Path.Combine(settings.Output, "emotion-english.onnx");
model.ExportToOnnx(onnxPath, new OnnxExportOptions { QuantizeEmbeddings = Recipe.Int8Embeddings });
Console.WriteLine($"Wrote {onnxPath} ({new FileInfo(onnxPath).Length / 1048576.0:F2} MB).");

// Measure what ships: the exported file, scored by EmotionClassifier as users will.
using var classifier = EmotionClassifier.Load(onnxPath, new EmotionClassifierOptions { Onnx = new OnnxClassifierOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = settings.Threads } });
var results = new Dictionary<string, object>();
var carerTest = TrainingSet.Read(Path.Combine(settings.Data, "carer-emotion", "test.tsv"));
Evaluation.Report("CARER test", classifier, carerTest, results);
Evaluation.Report("CARER test, template removed", classifier, carerTest.Select(e => e with { Text = TrainingSet.StripTemplate(e.Text) }).ToList(), results);
Evaluation.Report("TweetEval test, anger/joy/sadness", classifier, TrainingSet.Shared(TrainingSet.Read(Path.Combine(settings.Data, "tweeteval-emotion", "test.tsv"))).ToList(), results, TrainingSet.SharedTweetEvalLabels);
Evaluation.Report("English probe (hand-written)", classifier, TrainingSet.Read(Path.Combine(settings.Data, "english-probe", "probe.tsv")), results);

var metricsPath = Path.Combine(settings.Output, "metrics.json");
File.WriteAllText(metricsPath, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"Wrote {metricsPath}.");

/// <summary>One row of the training data.</summary>
internal sealed class Row
{
    public string Text { get; set; } = "";

    public string Label { get; set; } = "";
}

/// <summary>A row of the label list that fixes the score order.</summary>
internal sealed class LabelRow
{
    public string Label { get; set; } = "";
}
