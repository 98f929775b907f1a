// QuickStart: from TSV files of labelled sentences to a trained, evaluated and saved emotion classifier.
// Usage: dotnet run --project samples/QuickStart -c Release [-- <data folder>]   (default: the repository's data/)
using Emotion.ML;
using Emotion.ML.Embeddings;
using Emotion.ML.Evaluation;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;

var dataDir = args.Length > 0 ? args[0] : FindDataFolder();
var trainPath = Path.Combine(dataDir, "carer-emotion", "train.tsv");
var validationPath = Path.Combine(dataDir, "carer-emotion", "validation.tsv");
var testPath = Path.Combine(dataDir, "carer-emotion", "test.tsv");
var glovePath = Path.Combine(dataDir, "glove", "glove.6B.100d.emotion.txt.gz");

// README: quick start
var ml = new MLContext(seed: 1);
IDataView Load(string path) => ml.Data.LoadFromTextFile<Sentence>(path, separatorChar: '\t', hasHeader: true, allowQuoting: false);
var train = Load(trainPath);
var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
    .Append(ml.Transforms.Text.NormalizeEmotionText("Clean", "Text"))
    .Append(ml.Transforms.Text.TokenizeToIds("Tokens", "Clean"))
    .Append(ml.MulticlassClassification.Trainers.TextCnn(new TextCnnOptions
    {
        Embeddings = WordEmbeddings.Load(glovePath),
        ValidationSet = Load(validationPath),
    }))
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
var model = pipeline.Fit(train);
Console.WriteLine(EmotionMetrics.From(model.Transform(Load(testPath))));
ml.Model.SaveEmotionModel(model, train.Schema, "emotion.zip");
// README: end

static string FindDataFolder()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "data", "carer-emotion", "train.tsv")))
        {
            return Path.Combine(dir.FullName, "data");
        }
    }

    throw new DirectoryNotFoundException("Pass the data folder (holding carer-emotion/ and glove/) as the first argument.");
}

/// <summary>One row of a <c>text</c>/<c>label</c> TSV file.</summary>
internal sealed class Sentence
{
    [LoadColumn(0)]
    public string Text { get; set; } = "";

    [LoadColumn(1)]
    public string Label { get; set; } = "";
}
