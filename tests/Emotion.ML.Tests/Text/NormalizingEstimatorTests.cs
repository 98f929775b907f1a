using System.Text.Json;
using Emotion.ML.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Tests.Text;

public class NormalizingEstimatorTests
{
    private sealed class Input
    {
        public string? Text { get; set; }
    }

    private sealed class Output
    {
        public string? Text { get; set; }

        public string Clean { get; set; } = "";
    }

    private static readonly Input[] Rows =
    {
        new() { Text = "I'm SOOO happy!! 😂" },
        new() { Text = "i didnt feel humiliated" },
        new() { Text = null },
        new() { Text = "!!!" },
    };

    [Fact]
    public void Pipeline_fits_and_transforms_every_row()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows);
        var model = ml.Transforms.Text.NormalizeEmotionText("Clean", "Text").Fit(data);
        var rows = ml.Data.CreateEnumerable<Output>(model.Transform(data), reuseRowObject: false).ToList();
        Assert.Equal(new[] { "i be soo happy face with tear of joy", "i do not feel humiliated", "", "" }, rows.Select(r => r.Clean));
        Assert.Equal("i didnt feel humiliated", rows[1].Text);
    }

    [Fact]
    public void Pipeline_output_replaces_the_input_when_names_match()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows);
        var transformed = ml.Transforms.Text.NormalizeEmotionText("Text").Fit(data).Transform(data);
        var texts = transformed.GetColumn<string>("Text").ToList();
        Assert.Equal("i do not feel humiliated", texts[1]);
    }

    [Fact]
    public void Prediction_engine_normalizes_single_rows()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows);
        var options = new EmotionTextNormalizerOptions { EmphasisMarkers = true };
        var chain = ml.Transforms.CopyColumns("Copy", "Text")
            .Append(ml.Transforms.Text.NormalizeEmotionText("Clean", "Text", options))
            .Fit(data);
        var engine = ml.Model.CreatePredictionEngine<Input, Output>(chain);
        Assert.Equal("<allcaps> i be happy <exclaim>", engine.Predict(new Input { Text = "I AM HAPPY!!" }).Clean);
        Assert.Equal("", engine.Predict(new Input { Text = null }).Clean);
    }

    [Fact]
    public void Estimator_and_transformer_expose_columns_and_options()
    {
        var ml = new MLContext(seed: 1);
        var options = new EmotionTextNormalizerOptions { Lemmatize = false };
        var estimator = ml.Transforms.Text.NormalizeEmotionText("Clean", "Text", options);
        options.Lemmatize = true;
        var transformer = estimator.Fit(ml.Data.LoadFromEnumerable(Rows));
        Assert.Equal("Text", transformer.InputColumnName);
        Assert.Equal("Clean", transformer.OutputColumnName);
        Assert.False(transformer.Options.Lemmatize);
        Assert.Equal("Clean", ml.Transforms.Text.NormalizeEmotionText("Clean").InputColumnName);
    }

    [Fact]
    public void Schema_check_fails_before_reading_data_when_the_column_is_missing()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new { Other = "x" } });
        var estimator = ml.Transforms.Text.NormalizeEmotionText("Clean", "Text");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(SchemaShapeOf(ml, data)));
        Assert.Contains("'Text'", ex.Message);
        Assert.Contains("expected a scalar text column", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Fit(data));
    }

    [Fact]
    public void Schema_check_rejects_columns_that_are_not_scalar_text()
    {
        var ml = new MLContext(seed: 1);
        var numbers = ml.Data.LoadFromEnumerable(new[] { new NumberRow { Text = 1f } });
        var vectors = ml.Data.LoadFromEnumerable(new[] { new VectorRow { Text = new[] { "a", "b" } } });
        var estimator = ml.Transforms.Text.NormalizeEmotionText("Clean", "Text");
        foreach (var data in new[] { numbers, vectors })
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(SchemaShapeOf(ml, data)));
            Assert.Contains("'Text'", ex.Message);
            Assert.Contains("expected a scalar text column", ex.Message);
            var fit = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Fit(data));
            Assert.Contains("expected a scalar text column", fit.Message);
        }
    }

    [Fact]
    public void Output_schema_appends_a_text_column()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows);
        var shape = ml.Transforms.Text.NormalizeEmotionText("Clean", "Text").GetOutputSchema(SchemaShapeOf(ml, data));
        var clean = shape.Single(c => c.Name == "Clean");
        Assert.Equal(SchemaShape.Column.VectorKind.Scalar, clean.Kind);
        Assert.IsType<TextDataViewType>(clean.ItemType);
    }

    [Fact]
    public void Options_round_trip_through_json()
    {
        var options = new EmotionTextNormalizerOptions
        {
            Lowercase = false,
            RemoveHtml = false,
            Urls = ReplacementMode.Placeholder,
            Mentions = ReplacementMode.Keep,
            Numbers = ReplacementMode.Placeholder,
            HashtagsToWords = false,
            EmojiToWords = false,
            EmoticonsToWords = false,
            ExpandContractions = false,
            ExpandSlang = false,
            SqueezeElongations = false,
            Lemmatize = false,
            RemoveStopwords = true,
            RemovePunctuation = false,
            EmphasisMarkers = true,
        };
        var json = JsonSerializer.Serialize(options);
        var back = JsonSerializer.Deserialize<EmotionTextNormalizerOptions>(json)!;
        Assert.Equal(json, JsonSerializer.Serialize(back));
        Assert.Equal(ReplacementMode.Keep, back.Mentions);
        Assert.Contains("\"Urls\":\"Placeholder\"", json);
        Assert.True(back.EmphasisMarkers);
        Assert.Equal(JsonSerializer.Serialize(new EmotionTextNormalizerOptions()), JsonSerializer.Serialize(JsonSerializer.Deserialize<EmotionTextNormalizerOptions>("{}")));
    }

    [Fact]
    public void Undefined_option_values_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EmotionTextNormalizer.Create(new EmotionTextNormalizerOptions { Urls = (ReplacementMode)42 }));

    // SchemaShape.Create is internal in ML.NET 5, so the test reaches it by reflection.
    private static SchemaShape SchemaShapeOf(MLContext ml, IDataView data) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, new[] { typeof(DataViewSchema) })!
            .Invoke(null, new object[] { data.Schema })!;

    private sealed class NumberRow
    {
        public float Text { get; set; }
    }

    private sealed class VectorRow
    {
        [VectorType(2)]
        public string[] Text { get; set; } = Array.Empty<string>();
    }
}
