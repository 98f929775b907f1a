using Emotion.ML.Onnx;
using Emotion.ML.Testing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Tests.Onnx;

/// <summary>
/// A model archive holding a TorchSharp classifier, loaded by an application that references
/// Emotion.ML only: the classifier runs from the archive's ONNX form.
/// </summary>
public sealed class OnnxArchiveLoadTests
{
    private const double Tolerance = 1e-5;

    private static IDataView Sentences(MLContext ml) =>
        ml.Data.LoadFromEnumerable(OnnxFixture.Recorded.Sentences.Select(s => new TestData.Sentence { Text = s.Text, Label = "joy" }));

    [Fact]
    public void LoadEmotionModel_without_TorchSharp_scores_through_the_onnx_form()
    {
        var ml = new MLContext(seed: 1);

        var model = ml.Model.LoadEmotionModel(OnnxFixture.ArchivePath, out var schema);

        var classifier = Assert.Single(((IEnumerable<ITransformer>)model).OfType<OnnxTextClassificationTransformer>());
        Assert.Equal(OnnxFixture.Recorded.ClassNames, classifier.ClassNames);
        Assert.Equal(new[] { "Text", "Label" }, schema.Select(c => c.Name));
        var scored = model.Transform(Sentences(ml));
        var scores = scored.GetColumn<float[]>("Score").ToArray();
        var labels = scored.GetColumn<string>("PredictedLabel").ToArray();
        var recorded = OnnxFixture.Recorded.Sentences;
        for (var i = 0; i < recorded.Length; i++)
        {
            Assert.Equal(recorded[i].TokenIds, scored.GetColumn<int[]>("Tokens").ElementAt(i));
            Assert.InRange(recorded[i].Probabilities.Zip(scores[i], (e, a) => Math.Abs(e - a)).Max(), 0, Tolerance);
            Assert.Equal(OnnxFixture.Recorded.ClassNames[Array.IndexOf(recorded[i].Probabilities, recorded[i].Probabilities.Max())], labels[i]);
        }

        VBuffer<ReadOnlyMemory<char>> slots = default;
        scored.Schema["Score"].GetSlotNames(ref slots);
        Assert.Equal(OnnxFixture.Recorded.ClassNames, slots.DenseValues().Select(s => s.ToString()));
    }

    [Fact]
    public void The_loaded_model_works_in_a_prediction_engine_and_cannot_be_saved_again()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Model.LoadEmotionModel(OnnxFixture.ArchivePath, out var schema);

        var engine = ml.Model.CreatePredictionEngine<TestData.Sentence, TestData.Prediction>(model);
        var prediction = engine.Predict(new TestData.Sentence { Text = OnnxFixture.Recorded.Sentences[0].Text, Label = "joy" });
        Assert.InRange(OnnxFixture.Recorded.Sentences[0].Probabilities.Zip(prediction.Score, (e, a) => Math.Abs(e - a)).Max(), 0, Tolerance);

        var error = Assert.Throws<NotSupportedException>(() => ml.Model.SaveEmotionModel(model, schema, new MemoryStream()));
        Assert.Contains(nameof(OnnxTextClassificationTransformer), error.Message);
    }

    [Fact]
    public void LoadFromArchive_takes_the_text_steps_from_the_archive()
    {
        using var classifier = OnnxTextClassifier.LoadFromArchive(OnnxFixture.ArchivePath);

        Assert.Equal(24, classifier.TextPreprocessing!.MaxLength);
        Assert.NotNull(classifier.TextPreprocessing.Normalizer);
        foreach (var sentence in OnnxFixture.Recorded.Sentences)
        {
            Assert.Equal(sentence.TokenIds, classifier.Tokenize(sentence.Text));
            Assert.InRange(sentence.Probabilities.Zip(classifier.Predict(sentence.Text).Scores, (e, a) => Math.Abs(e - a)).Max(), 0, Tolerance);
        }
    }

    [Fact]
    public void LoadFromArchive_names_a_file_that_is_not_an_archive()
    {
        var path = Path.Combine(Path.GetTempPath(), $"emotion-ml-{Guid.NewGuid():N}.zip");
        File.WriteAllText(path, "not a zip");
        try
        {
            var error = Assert.Throws<Emotion.ML.Persistence.EmotionModelFormatException>(() => OnnxTextClassifier.LoadFromArchive(path));
            Assert.Contains(path, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
