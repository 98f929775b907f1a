using Emotion.ML.Classification;
using Emotion.ML.Models.English;
using Emotion.ML.Onnx;
using Emotion.ML.Testing;

namespace Emotion.ML.Models.English.Tests;

/// <summary>The shipped pretrained model, used as an application would: the package alone, no training, no TorchSharp.</summary>
public sealed class EnglishEmotionModelTests : IDisposable
{
    private static readonly EmotionClassifierOptions Cpu = new() { Onnx = new OnnxClassifierOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = 2 } };

    private readonly EmotionClassifier _classifier = EmotionClassifier.LoadDefault(Cpu);

    public void Dispose() => _classifier.Dispose();

    private static List<(string Text, string Label)> Read(string relative) =>
        File.ReadLines(TestData.File(relative)).Skip(1)
            .Select(line => line.Split('\t'))
            .Select(fields => (fields[0], fields[1]))
            .ToList();

    private double Accuracy(IReadOnlyList<(string Text, string Label)> rows)
    {
        var predictions = _classifier.PredictBatch(rows.Select(r => r.Text).ToArray());
        return rows.Zip(predictions, (r, p) => r.Label == p.Label).Count(correct => correct) / (double)rows.Count;
    }

    [Fact]
    public void The_default_model_reads_six_emotions_with_no_training()
    {
        Assert.Equal(new[] { "sadness", "joy", "love", "anger", "fear", "surprise" }, _classifier.Labels);
        Assert.Equal(EnglishEmotionModel.Emotions, _classifier.Labels);
        Assert.Equal(OnnxExecutionProvider.Cpu, _classifier.Model.ExecutionProvider);
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name is "TorchSharp" or "Emotion.ML.TorchSharp");

        var prediction = _classifier.Predict("I can't stop smiling!");
        Assert.Equal("joy", prediction.Label);
        Assert.Equal(1.0, prediction.Scores.Sum(p => (double)p), 5);
        Assert.Equal(6, prediction.Probabilities.Count);
    }

    [Theory]
    [InlineData("I'm terrified of tomorrow's surgery.", "fear")]
    [InlineData("I feel so alone since she left.", "sadness")]
    [InlineData("This is absolutely unacceptable, I'm furious with your support team.", "anger")]
    [InlineData("We won the final and I'm over the moon!", "joy")]
    public void Plain_sentences_get_their_evident_emotion(string text, string emotion) =>
        Assert.Equal(emotion, _classifier.Predict(text).Label);

    [Fact]
    public void Both_entry_points_load_the_same_model()
    {
        using var viaPackage = EnglishEmotionModel.Load(Cpu);
        const string text = "The storm is getting closer and the lights keep flickering.";
        Assert.Equal(_classifier.Predict(text).Scores, viaPackage.Predict(text).Scores);
        using var stream = EnglishEmotionModel.OpenOnnx();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        using var fromBytes = EmotionClassifier.Load(buffer.ToArray(), Cpu);
        Assert.Equal(_classifier.Predict(text).Scores, fromBytes.Predict(text).Scores);
    }

    [Fact]
    public void A_long_paragraph_is_read_sentence_by_sentence_and_names_the_sentences_that_drove_it()
    {
        const string paragraph =
            "I've worked at the same office for eleven years and today they told me my position is being cut. " +
            "I packed my desk into a cardboard box while everyone avoided looking at me. " +
            "The drive home felt endless. I sat in the car outside the house for half an hour because I couldn't face telling my kids. " +
            "Tonight I keep going through old photos from the company picnics and I can't stop crying. " +
            "I honestly don't know what I'm going to do now, everything I built there is just gone.";
        var prediction = _classifier.Predict(paragraph);
        Assert.True(prediction.Segments.Count >= 5, $"{prediction.Segments.Count} segments");
        Assert.Equal("sadness", prediction.Label);
        Assert.Equal(prediction.Confidence, prediction.Segments.Sum(s => s.Contribution), 4);
        Assert.Equal("sadness", prediction.Drivers[0].Label);
    }

    [Fact]
    public void Carer_test_accuracy_reaches_the_target()
    {
        // docs/model-card.md reports every set; 0.92 is the model's target on CARER's test split.
        Assert.InRange(Accuracy(Read("carer-emotion/test.tsv")), 0.92, 1.0);
    }

    [Fact]
    public void Hand_written_texts_unlike_the_training_data_are_read_well_above_chance()
    {
        // 130 texts in six styles no training set resembles; chance is about 0.2.
        Assert.InRange(Accuracy(Read("english-probe/probe.tsv")), 0.5, 1.0);
    }
}
