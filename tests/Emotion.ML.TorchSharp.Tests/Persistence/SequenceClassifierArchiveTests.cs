using System.IO.Compression;
using System.Text.Json.Nodes;
using Emotion.ML.Data;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Tests.Trainers;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;

namespace Emotion.ML.TorchSharp.Tests.Persistence;

public class SequenceClassifierArchiveTests
{
    private sealed class Scored
    {
        public string PredictedLabel { get; set; } = "";

        public float[] Score { get; set; } = Array.Empty<float>();
    }

    private static Scored[] Score(MLContext ml, ITransformer model, IDataView data) =>
        ml.Data.CreateEnumerable<Scored>(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(model.Transform(data)).Transform(model.Transform(data)), reuseRowObject: false).ToArray();

    [Theory]
    [InlineData(FrameNormalization.MinMax, RecurrentCell.Lstm, SequencePooling.FinalStates)]
    [InlineData(FrameNormalization.ZScore, RecurrentCell.Gru, SequencePooling.Attention)]
    public void Loaded_sequence_classifier_scores_bit_identically_with_its_normalization(FrameNormalization normalization, RecurrentCell cell, SequencePooling pooling)
    {
        var ml = new MLContext(1);
        var train = ml.Data.LoadFromEnumerable(SequenceRnnTrainerTests.Toy(60, 1));
        var test = ml.Data.LoadFromEnumerable(SequenceRnnTrainerTests.Toy(25, 3));
        var options = SequenceRnnTrainerTests.QuickOptions();
        options.Normalization = normalization;
        options.Cell = cell;
        options.Pooling = pooling;
        options.DenseLayers = new DenseLayer[] { new(6, Dropout: 0.1) };
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.SequenceRnn(options)).Fit(train);
        var path = Path.Combine(Path.GetTempPath(), $"emotion-ml-sequence-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.SaveEmotionModel(model, train.Schema, path);
            var loaded = ml.Model.LoadEmotionModel(path, out var schema);
            Assert.NotNull(schema.GetColumnOrNull("Frames"));

            var expected = Score(ml, model, test);
            var actual = Score(ml, loaded, test);
            Assert.Equal(expected.Select(s => s.PredictedLabel), actual.Select(s => s.PredictedLabel));
            Assert.Equal(expected.SelectMany(s => s.Score), actual.SelectMany(s => s.Score));

            var original = model.LastTransformer;
            var restored = ((IEnumerable<ITransformer>)loaded).OfType<SequenceClassificationTransformer>().Single();
            Assert.Equal(original.FeatureOffsets, restored.FeatureOffsets);
            Assert.Equal(original.FeatureScales, restored.FeatureScales);
            Assert.Equal(normalization, restored.Normalization);
            Assert.Equal(original.ClassNames, restored.ClassNames);
            Assert.Equal(original.History.Epochs.Count, restored.History.Epochs.Count);

            using var zip = ZipFile.OpenRead(path);
            Assert.Contains(zip.Entries, IsSequenceClassifier);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static bool IsSequenceClassifier(ZipArchiveEntry entry)
    {
        if (!entry.FullName.EndsWith("classifier.json", StringComparison.Ordinal))
        {
            return false;
        }

        using var reader = new StreamReader(entry.Open());
        var node = JsonNode.Parse(reader.ReadToEnd())!.AsObject();
        return node.Any(p => p.Key.Equals("featureOffsets", StringComparison.OrdinalIgnoreCase) && p.Value is JsonArray { Count: 3 })
            && node.Any(p => p.Key.Equals("featureScales", StringComparison.OrdinalIgnoreCase) && p.Value is JsonArray { Count: 3 });
    }
}
