using Emotion.ML.Embeddings;
using Emotion.ML.Tests.Tokenization;
using Emotion.ML.Tokenization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Tests.Embeddings;

public class ApplyEmbeddingsTests
{
    private sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    private sealed class VectorRow
    {
        [VectorType]
        public string[] Words { get; set; } = Array.Empty<string>();
    }

    private sealed class FeaturesRow
    {
        public float[] Features { get; set; } = Array.Empty<float>();
    }

    private sealed class IdsRow
    {
        public int[] Tokens { get; set; } = Array.Empty<int>();
    }

    private sealed class LabelledRow
    {
        public string Text { get; set; } = "";

        public string Label { get; set; } = "";
    }

    private static readonly MLContext Ml = new(seed: 1);

    private static readonly WordEmbeddings Embeddings = WordEmbeddings.Create(new[]
    {
        ("a", new[] { 1f, 2f }),
        ("b", new[] { 3f, -4f }),
    });

    private static IDataView Data(params string[] texts) => Ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));

    private static float[][] Features(IEstimator<ITransformer> estimator, IDataView data) =>
        Ml.Data.CreateEnumerable<FeaturesRow>(estimator.Fit(data).Transform(data), reuseRowObject: false).Select(r => r.Features).ToArray();

    [Theory]
    [InlineData(EmbeddingPooling.Mean, new float[] { 2, -1 })]
    [InlineData(EmbeddingPooling.Max, new float[] { 3, 2 })]
    [InlineData(EmbeddingPooling.MeanMax, new float[] { 2, -1, 3, 2 })]
    [InlineData(EmbeddingPooling.Sequence, new float[] { 1, 2, 0, 0, 3, -4 })]
    public void Each_mode_combines_the_known_words_vectors(EmbeddingPooling mode, float[] expected)
    {
        var rows = Features(Ml.Transforms.Text.ApplyEmbeddings("Features", "Text", Embeddings, mode), Data("a  unknown b"));
        Assert.Equal(expected, rows[0]);
    }

    [Theory]
    [InlineData(EmbeddingPooling.Mean, 2)]
    [InlineData(EmbeddingPooling.Max, 2)]
    [InlineData(EmbeddingPooling.MeanMax, 4)]
    public void A_row_without_known_words_gives_zeros_of_the_fixed_size(EmbeddingPooling mode, int size)
    {
        var data = Data("zzz yyy", "");
        var transformed = Ml.Transforms.Text.ApplyEmbeddings("Features", "Text", Embeddings, mode).Fit(data).Transform(data);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, size), transformed.Schema["Features"].Type);
        var rows = Ml.Data.CreateEnumerable<FeaturesRow>(transformed, reuseRowObject: false).ToArray();
        Assert.All(rows, r => Assert.Equal(new float[size], r.Features));
    }

    [Fact]
    public void Sequence_is_a_variable_length_vector_of_tokens_times_dimension()
    {
        var data = Data("b", "", "x a");
        var transformed = Ml.Transforms.Text.ApplyEmbeddings("Features", "Text", Embeddings, EmbeddingPooling.Sequence).Fit(data).Transform(data);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single), transformed.Schema["Features"].Type);
        var rows = Ml.Data.CreateEnumerable<FeaturesRow>(transformed, reuseRowObject: false).Select(r => r.Features).ToArray();
        Assert.Equal(new float[] { 3, -4 }, rows[0]);
        Assert.Empty(rows[1]);
        Assert.Equal(new float[] { 0, 0, 1, 2 }, rows[2]);
    }

    [Fact]
    public void A_vector_of_text_input_is_taken_as_tokens()
    {
        var data = Ml.Data.LoadFromEnumerable(new[] { new VectorRow { Words = new[] { "a", "a", "b" } } });
        var rows = Features(Ml.Transforms.Text.ApplyEmbeddings("Features", "Words", Embeddings), data);
        Assert.Equal(new[] { 5f / 3, 0f }, rows[0]);
    }

    [Fact]
    public void Token_ids_are_mapped_back_through_the_vocabulary_annotation()
    {
        var data = Data("b a c", "c");
        var pipeline = Ml.Transforms.Text.TokenizeToIds("Tokens", "Text")
            .Append(Ml.Transforms.Text.ApplyEmbeddings("Features", "Tokens", Embeddings, EmbeddingPooling.MeanMax));
        var rows = Features(pipeline, data);
        Assert.Equal(new float[] { 2, -1, 3, 2 }, rows[0]);
        Assert.Equal(new float[] { 0, 0, 0, 0 }, rows[1]);
    }

    [Fact]
    public void Prediction_engine_works_through_a_tokenize_and_embed_chain()
    {
        var pipeline = Ml.Transforms.Text.TokenizeToIds("Tokens", "Text")
            .Append(Ml.Transforms.Text.ApplyEmbeddings("Features", "Tokens", Embeddings, EmbeddingPooling.Max));
        var model = pipeline.Fit(Data("a b", "b"));
        var engine = Ml.Model.CreatePredictionEngine<TextRow, FeaturesRow>(model);
        Assert.Equal(new float[] { 1, 2 }, engine.Predict(new TextRow { Text = "a new" }).Features);
    }

    [Fact]
    public void Pooled_features_train_a_classic_ML_NET_trainer()
    {
        var rows = Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? new LabelledRow { Text = "a a", Label = "up" }
            : new LabelledRow { Text = "b", Label = "down" });
        var data = Ml.Data.LoadFromEnumerable(rows);
        var pipeline = Ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(Ml.Transforms.Text.ApplyEmbeddings("Features", "Text", Embeddings, EmbeddingPooling.MeanMax))
            .Append(Ml.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Features"));
        var metrics = Ml.MulticlassClassification.Evaluate(pipeline.Fit(data).Transform(data));
        Assert.Equal(1, metrics.MicroAccuracy);
    }

    [Fact]
    public void GetOutputSchema_rejects_missing_wrong_and_unannotated_columns_before_reading_data()
    {
        var data = Ml.Data.LoadFromEnumerable(new[] { new { Number = 1f, Tokens = new[] { 1, 2 } } });
        var shape = Shapes.Of(data.Schema);
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => Ml.Transforms.Text.ApplyEmbeddings("F", "Text", Embeddings).GetOutputSchema(shape));
        Assert.Contains("'Text'", missing.Message);
        var wrong = Assert.Throws<ArgumentOutOfRangeException>(() => Ml.Transforms.Text.ApplyEmbeddings("F", "Number", Embeddings).GetOutputSchema(shape));
        Assert.Contains("'Number'", wrong.Message);
        var bare = Assert.Throws<ArgumentOutOfRangeException>(() => Ml.Transforms.Text.ApplyEmbeddings("F", "Tokens", Embeddings).GetOutputSchema(shape));
        Assert.Contains(Vocabulary.AnnotationName, bare.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Ml.Transforms.Text.ApplyEmbeddings("F", "Tokens", Embeddings).Fit(data));
    }

    [Fact]
    public void GetOutputSchema_describes_the_output_vector()
    {
        var shape = Shapes.Of(Data("a").Schema);
        var pooled = Ml.Transforms.Text.ApplyEmbeddings("F", "Text", Embeddings).GetOutputSchema(shape).Single(c => c.Name == "F");
        Assert.Equal(SchemaShape.Column.VectorKind.Vector, pooled.Kind);
        Assert.Equal(NumberDataViewType.Single, pooled.ItemType);
        var sequence = Ml.Transforms.Text.ApplyEmbeddings("F", "Text", Embeddings, EmbeddingPooling.Sequence).GetOutputSchema(shape).Single(c => c.Name == "F");
        Assert.Equal(SchemaShape.Column.VectorKind.VariableVector, sequence.Kind);
        var chained = Ml.Transforms.Text.TokenizeToIds("Tokens", "Text").Append(Ml.Transforms.Text.ApplyEmbeddings("F", "Tokens", Embeddings));
        Assert.Contains(chained.GetOutputSchema(shape), c => c.Name == "F");
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Equal("embeddings", Assert.Throws<ArgumentNullException>(() => Ml.Transforms.Text.ApplyEmbeddings("F", "Text", null!)).ParamName);
        Assert.Equal("mode", Assert.Throws<ArgumentOutOfRangeException>(() => Ml.Transforms.Text.ApplyEmbeddings("F", "Text", Embeddings, (EmbeddingPooling)7)).ParamName);
        Assert.Throws<ArgumentException>(() => Ml.Transforms.Text.ApplyEmbeddings("F", " ", Embeddings));
    }
}
