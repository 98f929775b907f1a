using Emotion.ML.Testing;
using Emotion.ML.Embeddings;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Emotion.ML.Tests.Persistence;

/// <summary>
/// A small fitted Emotion.ML pipeline (MapValueToKey, NormalizeEmotionText, TokenizeToIds,
/// ApplyEmbeddings, SdcaMaximumEntropy, MapKeyToValue) on 300 CARER rows, trained once per test class.
/// </summary>
public sealed class ArchiveTestModel
{
    public ArchiveTestModel()
    {
        Ml = new MLContext(seed: 1);
        var data = TestData.LoadCarer(Ml, "train");
        Train = Ml.Data.TakeRows(data, 300);
        Test = TestData.LoadCarer(Ml, "test", 100);
        Glove = WordEmbeddings.Load(TestData.Glove, new WordEmbeddingsLoadOptions { MaxWords = 3000 });
        var pipeline = Ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(Ml.Transforms.Text.NormalizeEmotionText("Clean", "Text"))
            .Append(Ml.Transforms.Text.TokenizeToIds("Tokens", "Clean", maxLength: 32))
            .Append(Ml.Transforms.Text.ApplyEmbeddings("Features", "Tokens", Glove, EmbeddingPooling.MeanMax))
            .Append(Ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "Label",
                FeatureColumnName = "Features",
                MaximumNumberOfIterations = 5,
                NumberOfThreads = 1,
            }))
            .Append(Ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        Model = pipeline.Fit(Train);
    }

    public MLContext Ml { get; }

    public IDataView Train { get; }

    public IDataView Test { get; }

    public WordEmbeddings Glove { get; }

    public ITransformer Model { get; }

    public static string DataFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "data", name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException(name);
    }

    /// <summary>The Score vector of every row of <paramref name="data"/> scored by <paramref name="model"/>.</summary>
    public static float[][] Scores(ITransformer model, IDataView data) =>
        model.Transform(data).GetColumn<float[]>("Score").ToArray();

    public byte[] SavedBytes()
    {
        using var stream = new MemoryStream();
        Ml.Model.SaveEmotionModel(Model, Train.Schema, stream);
        return stream.ToArray();
    }
}
