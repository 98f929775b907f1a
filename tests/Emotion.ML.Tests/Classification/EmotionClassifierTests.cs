using Emotion.ML.Classification;
using Emotion.ML.Onnx;
using Emotion.ML.Tests.Onnx;

namespace Emotion.ML.Tests.Classification;

/// <summary><see cref="EmotionClassifier"/> over the committed exported CARER TextCnn (no TorchSharp here).</summary>
public sealed class EmotionClassifierTests : IDisposable
{
    private static readonly OnnxClassifierOptions Cpu = new() { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = 1 };

    private const string Paragraph =
        "We got the keys to our first home today and I can't stop smiling. " +
        "The movers were two hours late, which was annoying, but nothing could ruin this day. " +
        "Tonight we are eating pizza on the floor of an empty living room and it is perfect.";

    private readonly OnnxTextClassifier _reference = OnnxTextClassifier.Load(OnnxFixture.ModelPath, Cpu);
    private readonly EmotionClassifier _classifier = EmotionClassifier.Load(OnnxFixture.ModelPath, new EmotionClassifierOptions { Onnx = Cpu });

    public void Dispose()
    {
        _reference.Dispose();
        _classifier.Dispose();
    }

    [Fact]
    public void A_short_text_is_scored_whole_exactly_as_the_onnx_classifier_scores_it()
    {
        const string text = "i feel so alone since she left";
        var prediction = _classifier.Predict(text);
        var expected = _reference.Predict(text);
        Assert.Equal(expected.Scores, prediction.Scores);
        Assert.Equal(expected.Label, prediction.Label);
        var segment = Assert.Single(prediction.Segments);
        Assert.Equal((0, text.Length, text), (segment.Start, segment.Length, segment.Text));
        Assert.Equal(1f, segment.Weight);
        Assert.Equal(prediction.Confidence, segment.Contribution, 6);
        Assert.Equal(_reference.Tokenize(text).Length, segment.TokenCount);
    }

    [Fact]
    public void A_long_text_is_split_into_sentences_whose_weighted_scores_give_the_result()
    {
        var classifier = EmotionClassifier.Load(OnnxFixture.ModelPath, new EmotionClassifierOptions { Onnx = Cpu, MaxSegmentTokens = 20 });
        using var _ = classifier;
        var prediction = classifier.Predict(Paragraph);

        Assert.Equal(3, prediction.Segments.Count);
        Assert.All(prediction.Segments, s => Assert.Equal(Paragraph.Substring(s.Start, s.Length), s.Text));
        Assert.StartsWith("We got the keys", prediction.Segments[0].Text);
        Assert.Equal(1.0, prediction.Segments.Sum(s => (double)s.Weight), 5);
        Assert.Equal(1.0, prediction.Scores.Sum(p => (double)p), 5);
        Assert.Equal(prediction.Confidence, prediction.Segments.Sum(s => s.Contribution), 5);

        // The documented rule: weights proportional to tokens x (confidence - 1/classes).
        var raw = prediction.Segments.Select(s => s.TokenCount * (s.Confidence - (1.0 / classifier.Labels.Count))).ToArray();
        for (var i = 0; i < raw.Length; i++)
        {
            Assert.Equal(raw[i] / raw.Sum(), prediction.Segments[i].Weight, 5);
            var own = _reference.Predict(prediction.Segments[i].Text);
            Assert.Equal(own.Scores, prediction.Segments[i].Scores);
        }

        for (var c = 0; c < classifier.Labels.Count; c++)
        {
            var expected = prediction.Segments.Sum(s => s.Weight * s.Scores[c]);
            Assert.Equal(expected, prediction.Scores[c], 5);
        }

        Assert.Equal(prediction.Segments.Max(s => s.Contribution), prediction.Drivers[0].Contribution);
    }

    [Fact]
    public void Always_split_sentences_splits_short_texts_too_and_a_single_sentence_stays_whole()
    {
        using var classifier = EmotionClassifier.Load(OnnxFixture.ModelPath, new EmotionClassifierOptions { Onnx = Cpu, AlwaysSplitSentences = true });
        Assert.Equal(2, classifier.Predict("I love you. I hate the rain!").Segments.Count);
        Assert.Single(classifier.Predict("just one sentence").Segments);
    }

    [Fact]
    public void An_overlong_sentence_is_cut_at_commas_and_words_within_the_limit()
    {
        using var classifier = EmotionClassifier.Load(OnnxFixture.ModelPath, new EmotionClassifierOptions { Onnx = Cpu, MaxSegmentTokens = 6 });
        const string text = "i was happy, then sad, then angry and afraid and surprised and full of love for everyone around";
        var prediction = classifier.Predict(text);
        Assert.True(prediction.Segments.Count >= 3);
        Assert.All(prediction.Segments, s => Assert.InRange(s.TokenCount, 1, 6));
        Assert.Equal(text.Replace(" ", ""), string.Concat(prediction.Segments.Select(s => s.Text)).Replace(" ", ""));
    }

    [Fact]
    public void Batches_equal_single_predictions()
    {
        var texts = new[] { "i feel so alone since she left", Paragraph, "", "im terrified of tomorrow" };
        var batch = _classifier.PredictBatch(texts);
        Assert.Equal(texts.Length, batch.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            var single = _classifier.Predict(texts[i]);
            Assert.Equal(single.Scores, batch[i].Scores);
            Assert.Equal(texts[i], batch[i].Text);
        }
    }

    [Fact]
    public void Loads_the_onnx_form_inside_a_model_archive()
    {
        using var fromArchive = EmotionClassifier.Load(OnnxFixture.ArchivePath, new EmotionClassifierOptions { Onnx = Cpu });
        Assert.Equal(_classifier.Labels, fromArchive.Labels);
        Assert.Equal(_classifier.Predict(Paragraph).Scores, fromArchive.Predict(Paragraph).Scores);
    }

    [Fact]
    public void Bad_arguments_and_a_missing_model_package_get_clear_errors()
    {
        Assert.Throws<FileNotFoundException>(() => EmotionClassifier.Load("/no/such/model.onnx"));
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() => EmotionClassifier.Load(OnnxFixture.ModelPath, new EmotionClassifierOptions { MaxSegmentTokens = 0 }));
        Assert.Contains("MaxSegmentTokens", bad.Message);
        Assert.Throws<ArgumentNullException>(() => _classifier.Predict(null!));

        // This test project does not reference the English model package.
        var missing = Assert.Throws<InvalidOperationException>(() => EmotionClassifier.LoadDefault());
        Assert.Contains("dotnet add package Emotion.ML.Models.English", missing.Message);
    }
}
