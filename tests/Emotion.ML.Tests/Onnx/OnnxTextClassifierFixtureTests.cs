using Emotion.ML.Onnx;
using Xunit.Abstractions;

namespace Emotion.ML.Tests.Onnx;

/// <summary>
/// A classifier exported by Emotion.ML.TorchSharp, scored here with ONNX Runtime alone: this
/// project references neither TorchSharp nor libtorch.
/// </summary>
public sealed class OnnxTextClassifierFixtureTests : IDisposable
{
    private const double Tolerance = 1e-5;

    private readonly ITestOutputHelper _output;
    private readonly OnnxTextClassifier _classifier = OnnxTextClassifier.Load(OnnxFixture.ModelPath, new OnnxClassifierOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = 1 });

    public OnnxTextClassifierFixtureTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _classifier.Dispose();

    private static double MaxDifference(IReadOnlyList<float> expected, IReadOnlyList<float> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        return expected.Zip(actual, (e, a) => (double)Math.Abs(e - a)).Max();
    }

    [Fact]
    public void Test_project_does_not_load_TorchSharp()
    {
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name is "TorchSharp" or "Emotion.ML.TorchSharp");
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "TorchSharp.dll")));
    }

    [Fact]
    public void The_model_declares_its_classes_vocabulary_and_text_pipeline()
    {
        Assert.Equal(OnnxFixture.Recorded.ClassNames, _classifier.ClassNames);
        Assert.Equal("TextCnn", _classifier.Architecture);
        Assert.Equal(OnnxExecutionProvider.Cpu, _classifier.ExecutionProvider);
        Assert.True(_classifier.VocabularySize > 100);
        Assert.Equal("<unk>", _classifier.Vocabulary.GetWord(1));
        var text = _classifier.TextPreprocessing;
        Assert.NotNull(text);
        Assert.Equal(24, text.MaxLength);
        Assert.NotNull(text.Normalizer);
        Assert.True(text.Normalizer.Lowercase);
        Assert.Equal("Text", text.TextColumnName);
    }

    [Fact]
    public void Text_is_normalized_and_tokenized_as_the_trained_pipeline_did()
    {
        foreach (var sentence in OnnxFixture.Recorded.Sentences)
        {
            Assert.Equal(sentence.TokenIds, _classifier.Tokenize(sentence.Text));
        }
    }

    [Fact]
    public void Each_sentence_gets_the_probabilities_recorded_at_export()
    {
        var max = 0.0;
        foreach (var sentence in OnnxFixture.Recorded.Sentences)
        {
            var prediction = _classifier.Predict(sentence.Text);
            max = Math.Max(max, MaxDifference(sentence.Probabilities, prediction.Scores));
            var best = Array.IndexOf(sentence.Probabilities, sentence.Probabilities.Max());
            Assert.Equal(OnnxFixture.Recorded.ClassNames[best], prediction.Label);
            Assert.Equal(best, prediction.LabelIndex);
            Assert.Equal(prediction.Scores[best], prediction.Probabilities[prediction.Label]);
            Assert.Equal(1.0, prediction.Scores.Sum(), 4);
        }

        _output.WriteLine($"one sentence per run: max abs difference from the recorded probabilities {max:E2}");
        Assert.InRange(max, 0, Tolerance);
    }

    [Fact]
    public void A_batch_and_a_stream_give_the_recorded_probabilities_in_order()
    {
        var sentences = OnnxFixture.Recorded.Sentences;
        var texts = sentences.Select(s => s.Text).ToArray();

        var batch = _classifier.PredictBatch(texts);
        var streamed = _classifier.Predict(texts.AsEnumerable(), batchSize: 3).ToArray();
        var ids = _classifier.PredictIds(sentences.Select(s => s.TokenIds).ToArray());

        var max = 0.0;
        for (var i = 0; i < sentences.Length; i++)
        {
            max = Math.Max(max, MaxDifference(sentences[i].Probabilities, batch[i].Scores));
            max = Math.Max(max, MaxDifference(sentences[i].Probabilities, streamed[i].Scores));
            max = Math.Max(max, MaxDifference(sentences[i].Probabilities, ids[i]));
        }

        _output.WriteLine($"batch of {texts.Length}, batches of 3, token ids: max abs difference {max:E2}");
        Assert.InRange(max, 0, Tolerance);
        Assert.Empty(_classifier.PredictBatch(Array.Empty<string>()));
    }

    [Fact]
    public void More_rows_than_one_run_come_back_in_their_own_order()
    {
        // 300 rows of mixed lengths: sorted into runs of similar lengths, then put back in order.
        var sentences = OnnxFixture.Recorded.Sentences;
        var rows = Enumerable.Range(0, OnnxTextClassifier.RunRows * 2 + 44).Select(i => sentences[(i * 7) % sentences.Length]).ToArray();

        var probabilities = _classifier.PredictIds(rows.Select(s => s.TokenIds).ToArray());

        Assert.Equal(rows.Length, probabilities.Length);
        var max = rows.Select((s, i) => MaxDifference(s.Probabilities, probabilities[i])).Max();
        Assert.InRange(max, 0, Tolerance);
    }

    [Fact]
    public void Token_ids_outside_the_vocabulary_and_null_texts_are_rejected_with_the_row()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _classifier.PredictIds(new[] { new[] { 2, 3 }, new[] { _classifier.VocabularySize } }));
        Assert.Contains("Row 1", error.Message);
        Assert.Equal("tokenIds", error.ParamName);

        var nullText = Assert.Throws<ArgumentNullException>(() => _classifier.PredictBatch(new[] { "fine", null! }));
        Assert.Contains("Text 1", nullText.Message);
    }

    [Fact]
    public void A_disposed_classifier_refuses_to_predict()
    {
        var classifier = OnnxTextClassifier.Load(OnnxFixture.Bytes());
        classifier.Dispose();

        Assert.Throws<ObjectDisposedException>(() => classifier.Predict("hello"));
    }

    [Fact]
    public void Given_text_preprocessing_overrides_the_stored_one()
    {
        using var raw = OnnxTextClassifier.Load(OnnxFixture.Bytes(), new OnnxClassifierOptions { TextPreprocessing = new TextPreprocessing() });

        Assert.Null(raw.TextPreprocessing!.Normalizer);
        Assert.Equal(new[] { _classifier.Vocabulary.GetId("i"), 1 }, raw.Tokenize("i I"));
        Assert.Equal(new[] { _classifier.Vocabulary.GetId("i"), _classifier.Vocabulary.GetId("i") }, _classifier.Tokenize("i I"));
    }
}
