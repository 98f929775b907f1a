using Emotion.ML.Testing;
using System.IO.Compression;
using System.Text.Json;
using Emotion.ML.Embeddings;
using Emotion.ML.Tests.Embeddings;
using Emotion.ML.Text;
using Emotion.ML.Tokenization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Tests.Persistence;

public class EmotionModelRoundTripTests : IClassFixture<ArchiveTestModel>
{
    private readonly ArchiveTestModel _fixture;

    public EmotionModelRoundTripTests(ArchiveTestModel fixture) => _fixture = fixture;

    private MLContext Ml => _fixture.Ml;

    [Fact]
    public void Loaded_model_scores_every_row_bit_identically()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "emotion.zip");
        Ml.Model.SaveEmotionModel(_fixture.Model, _fixture.Train.Schema, path);

        var loaded = Ml.Model.LoadEmotionModel(path, out var schema);

        var before = ArchiveTestModel.Scores(_fixture.Model, _fixture.Test);
        var after = ArchiveTestModel.Scores(loaded, _fixture.Test);
        Assert.Equal(100, before.Length);
        Assert.Equal(before, after);
        Assert.Equal(_fixture.Train.Schema.Select(c => (c.Name, c.Type)), schema.Select(c => (c.Name, c.Type)));
    }

    [Fact]
    public void Loaded_model_works_in_a_prediction_engine_in_a_new_context()
    {
        var bytes = _fixture.SavedBytes();
        var ml = new MLContext(seed: 7);
        using var stream = new MemoryStream(bytes);
        var loaded = ml.Model.LoadEmotionModel(stream, out var schema);

        var original = Ml.Model.CreatePredictionEngine<TestData.Sentence, TestData.Prediction>(_fixture.Model);
        var engine = ml.Model.CreatePredictionEngine<TestData.Sentence, TestData.Prediction>(loaded, inputSchema: schema);
        foreach (var text in new[] { "i feel so happy and loved today", "i am furious about this", "i feel scared and alone" })
        {
            var expected = original.Predict(new TestData.Sentence { Text = text });
            var actual = engine.Predict(new TestData.Sentence { Text = text });
            Assert.Equal(expected.PredictedLabel, actual.PredictedLabel);
            Assert.Equal(expected.Score, actual.Score);
        }
    }

    [Fact]
    public void Loaded_steps_keep_their_columns_options_vocabulary_and_vectors()
    {
        using var stream = new MemoryStream(_fixture.SavedBytes());
        var loaded = (IEnumerable<ITransformer>)Ml.Model.LoadEmotionModel(stream, out _);
        var steps = loaded.ToList();

        Assert.Equal(6, steps.Count);
        var normalizer = Assert.IsType<EmotionTextNormalizingTransformer>(steps[1]);
        Assert.Equal(("Clean", "Text"), (normalizer.OutputColumnName, normalizer.InputColumnName));
        var tokenizer = Assert.IsType<TokenizeToIdsTransformer>(steps[2]);
        var original = (TokenizeToIdsTransformer)((IEnumerable<ITransformer>)_fixture.Model).ElementAt(2);
        Assert.Equal(original.Vocabulary.Words, tokenizer.Vocabulary.Words);
        Assert.Equal(32, tokenizer.Options.MaxLength);
        var embeddings = Assert.IsType<ApplyEmbeddingsTransformer>(steps[3]);
        Assert.Equal(EmbeddingPooling.MeanMax, embeddings.Mode);
        Assert.Equal(_fixture.Glove.Words, embeddings.Embeddings.Words);
        Assert.True(_fixture.Glove.Values.Span.SequenceEqual(embeddings.Embeddings.Values.Span));
    }

    [Fact]
    public void Manifest_lists_the_steps_in_order_with_their_entries()
    {
        using var zip = new ZipArchive(new MemoryStream(_fixture.SavedBytes()), ZipArchiveMode.Read);
        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        var root = manifest.RootElement;

        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        var kinds = root.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("kind").GetString()).ToArray();
        Assert.Equal(new[] { "MLNet", "NormalizeEmotionText", "TokenizeToIds", "ApplyEmbeddings", "MLNet" }, kinds);
        var entries = root.GetProperty("steps").EnumerateArray().SelectMany(s => s.GetProperty("entries").EnumerateArray()).Select(e => e.GetString()!);
        Assert.All(entries, e => Assert.NotNull(zip.GetEntry(e)));
        Assert.Contains("steps/02-TokenizeToIds/vocabulary.txt", entries);
    }

    [Fact]
    public void A_pipeline_starting_with_an_Emotion_ML_step_keeps_its_input_schema()
    {
        var pipeline = Ml.Transforms.Text.NormalizeEmotionText("Clean", "Text")
            .Append(Ml.Transforms.Text.TokenizeToIds("Tokens", "Clean"));
        var model = pipeline.Fit(_fixture.Train);
        using var stream = new MemoryStream();
        Ml.Model.SaveEmotionModel(model, _fixture.Train.Schema, stream);
        stream.Position = 0;

        var loaded = Ml.Model.LoadEmotionModel(stream, out var schema);

        Assert.Equal(new[] { "Text", "Label" }, schema.Select(c => c.Name));
        var expected = model.Transform(_fixture.Test).GetColumn<int[]>("Tokens").ToArray();
        Assert.Equal(expected, loaded.Transform(_fixture.Test).GetColumn<int[]>("Tokens").ToArray());
    }

    [Fact]
    public void Nested_chains_are_flattened()
    {
        var inner = Ml.Transforms.Text.NormalizeEmotionText("Clean", "Text").Fit(_fixture.Train);
        var nested = new TransformerChain<ITransformer>(new TransformerChain<ITransformer>(inner), _fixture.Model);
        using var stream = new MemoryStream();
        Ml.Model.SaveEmotionModel(nested, _fixture.Train.Schema, stream);
        stream.Position = 0;

        var loaded = (IEnumerable<ITransformer>)Ml.Model.LoadEmotionModel(stream, out _);

        Assert.Equal(7, loaded.Count());
        Assert.DoesNotContain(loaded, t => t is IEnumerable<ITransformer>);
        Assert.Equal(ArchiveTestModel.Scores(nested, _fixture.Test), ArchiveTestModel.Scores((ITransformer)loaded, _fixture.Test));
    }

    [Fact]
    public void A_loaded_model_saves_and_loads_again_unchanged()
    {
        using var first = new MemoryStream(_fixture.SavedBytes());
        var loaded = Ml.Model.LoadEmotionModel(first, out var schema);
        using var second = new MemoryStream();
        Ml.Model.SaveEmotionModel(loaded, schema, second);
        second.Position = 0;

        var reloaded = Ml.Model.LoadEmotionModel(second, out _);

        Assert.Equal(ArchiveTestModel.Scores(_fixture.Model, _fixture.Test), ArchiveTestModel.Scores(reloaded, _fixture.Test));
    }

    [Fact]
    public void A_single_transformer_and_an_empty_chain_round_trip()
    {
        var tokenizer = Ml.Transforms.Text.TokenizeToIds("Tokens", "Text").Fit(_fixture.Train);
        using var single = new MemoryStream();
        Ml.Model.SaveEmotionModel(tokenizer, _fixture.Train.Schema, single);
        single.Position = 0;
        var loaded = (IEnumerable<ITransformer>)Ml.Model.LoadEmotionModel(single, out _);
        Assert.IsType<TokenizeToIdsTransformer>(Assert.Single(loaded));

        using var empty = new MemoryStream();
        Ml.Model.SaveEmotionModel(new TransformerChain<ITransformer>(), _fixture.Train.Schema, empty);
        empty.Position = 0;
        var none = (IEnumerable<ITransformer>)Ml.Model.LoadEmotionModel(empty, out var schema);
        Assert.Empty(none);
        Assert.Equal(new[] { "Text", "Label" }, schema.Select(c => c.Name));
    }

    [Fact]
    public void MLNet_Save_of_a_chain_with_an_Emotion_ML_step_names_SaveEmotionModel()
    {
        using var stream = new MemoryStream();

        var error = Assert.Throws<NotSupportedException>(() => Ml.Model.Save(_fixture.Model, _fixture.Train.Schema, stream));

        Assert.Contains("SaveEmotionModel", error.Message);
    }
}
