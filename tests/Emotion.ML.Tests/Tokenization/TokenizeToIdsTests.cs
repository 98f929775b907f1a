using Emotion.ML.Tokenization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Tests.Tokenization;

public class TokenizeToIdsTests
{
    private sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    private sealed class TokensRow
    {
        public string Text { get; set; } = "";

        public int[] Tokens { get; set; } = Array.Empty<int>();
    }

    private sealed class VectorRow
    {
        [VectorType]
        public string[] Words { get; set; } = Array.Empty<string>();
    }

    private sealed class VectorTokensRow
    {
        public int[] Tokens { get; set; } = Array.Empty<int>();
    }

    private static readonly MLContext Ml = new(seed: 1);

    private static IDataView Data(params string[] texts) =>
        Ml.Data.LoadFromEnumerable(texts.Select(t => new TextRow { Text = t }));

    private static int[][] Tokens(ITransformer transformer, IDataView data) =>
        Ml.Data.CreateEnumerable<TokensRow>(transformer.Transform(data), reuseRowObject: false).Select(r => r.Tokens).ToArray();

    [Fact]
    public void Fit_learns_the_vocabulary_and_Transform_maps_words_to_ids()
    {
        var data = Data("i feel happy", "i feel sad  today", "");
        var transformer = Ml.Transforms.Text.TokenizeToIds("Tokens", "Text").Fit(data);
        Assert.Equal(new[] { "<pad>", "<unk>", "feel", "i", "happy", "sad", "today" }, transformer.Vocabulary.Words);
        var tokens = Tokens(transformer, data);
        Assert.Equal(new[] { 3, 2, 4 }, tokens[0]);
        Assert.Equal(new[] { 3, 2, 5, 6 }, tokens[1]);
        Assert.Empty(tokens[2]);
    }

    [Fact]
    public void Additional_words_get_ids_after_the_learned_ones_even_when_unseen()
    {
        var options = new TokenizeToIdsOptions
        {
            MinCount = 2,
            MaxSize = 3,
            AdditionalWords = new[] { "astonished", "feel", "<unk>", "livid", "astonished", "two words", "" },
        };
        var transformer = Ml.Transforms.Text.TokenizeToIds("Tokens", "Text", options: options)
            .Fit(Data("i feel happy", "i feel sad"));

        // MaxSize keeps one learned word ("feel" and "i" tie at 2; ordinal order); the additional
        // words follow in the given order, without the duplicate, the reserved token or the
        // word that could never be a token.
        Assert.Equal(new[] { "<pad>", "<unk>", "feel", "astonished", "livid" }, transformer.Vocabulary.Words);
        Assert.Equal(new[] { 2, 3, 1 }, transformer.Encode("feel astonished sad"));
    }

    [Fact]
    public void Unseen_words_map_to_the_unknown_id()
    {
        var transformer = Ml.Transforms.Text.TokenizeToIds("Tokens", "Text").Fit(Data("i feel happy"));
        Assert.Equal(new[] { "<pad>", "<unk>", "feel", "happy", "i" }, transformer.Vocabulary.Words);
        Assert.Equal(new[] { 3, 1, 4 }, Tokens(transformer, Data("happy and i"))[0]);
        Assert.Equal(new[] { 1, 2 }, transformer.Encode("angry feel"));
        Assert.Equal(new[] { 2 }, transformer.Encode("  feel \t\n".AsSpan()));
    }

    [Theory]
    [InlineData(TruncationMode.KeepStart, new[] { 2, 3, 4 })]
    [InlineData(TruncationMode.KeepEnd, new[] { 4, 5, 6 })]
    [InlineData(TruncationMode.KeepBothEnds, new[] { 2, 3, 6 })]
    public void Long_texts_are_truncated_as_the_mode_says(TruncationMode mode, int[] expected)
    {
        var data = Data("a b c d e");
        var options = new TokenizeToIdsOptions { Truncation = mode };
        var transformer = Ml.Transforms.Text.TokenizeToIds("Tokens", "Text", maxLength: 3, options).Fit(data);
        Assert.Equal(new[] { 2, 3, 4, 5, 6 }, transformer.Vocabulary.Words.Skip(2).Select(w => transformer.Vocabulary.GetId(w)));
        Assert.Equal(expected, Tokens(transformer, data)[0]);
        Assert.Equal(expected, transformer.Encode("a b c d e"));
        Assert.Equal(new[] { 2, 3 }, transformer.Encode("a b"));
    }

    [Fact]
    public void KeepBothEnds_takes_half_from_each_end_with_an_even_length()
    {
        var options = new TokenizeToIdsOptions { MaxLength = 4, Truncation = TruncationMode.KeepBothEnds };
        var transformer = Ml.Transforms.Text.TokenizeToIds("Tokens", "Text", options: options).Fit(Data("a b c d e f"));
        Assert.Equal(new[] { 2, 3, 6, 7 }, transformer.Encode("a b c d e f"));
    }

    [Fact]
    public void Explicit_maxLength_overrides_the_options_and_options_are_copied()
    {
        var options = new TokenizeToIdsOptions { MaxLength = 5, MinCount = 2 };
        var estimator = Ml.Transforms.Text.TokenizeToIds("Tokens", "Text", maxLength: 2, options);
        options.MaxLength = 1;
        Assert.Equal(2, estimator.Options.MaxLength);
        var transformer = estimator.Fit(Data("a a b b c", "a b"));
        Assert.Equal(new[] { "<pad>", "<unk>", "a", "b" }, transformer.Vocabulary.Words);
        Assert.Equal(new[] { 2, 2 }, transformer.Encode("a a b"));
    }

    [Fact]
    public void Default_options_are_documented_values()
    {
        var options = new TokenizeToIdsOptions();
        Assert.Equal(1, options.MinCount);
        Assert.Equal(50_000, options.MaxSize);
        Assert.Equal(0, options.MaxLength);
        Assert.Equal(TruncationMode.KeepStart, options.Truncation);
    }

    [Fact]
    public void A_vector_of_text_input_is_taken_as_tokens()
    {
        var data = Ml.Data.LoadFromEnumerable(new[] { new VectorRow { Words = new[] { "new york", "is", "new york" } } });
        var transformer = Ml.Transforms.Text.TokenizeToIds("Tokens", "Words").Fit(data);
        Assert.Equal(new[] { "<pad>", "<unk>", "new york", "is" }, transformer.Vocabulary.Words);
        var rows = Ml.Data.CreateEnumerable<VectorTokensRow>(transformer.Transform(data), reuseRowObject: false).ToList();
        Assert.Equal(new[] { 2, 3, 2 }, rows[0].Tokens);
    }

    [Fact]
    public void The_output_column_carries_the_vocabulary_annotation()
    {
        var data = Data("i feel happy");
        var transformed = Ml.Transforms.Text.TokenizeToIds("Tokens", "Text").Fit(data).Transform(data);
        var column = transformed.Schema["Tokens"];
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Int32), column.Type);
        var annotation = column.Annotations.Schema[Vocabulary.AnnotationName];
        Assert.Equal("EmotionML.Vocabulary", annotation.Name);
        Assert.Equal(new VectorDataViewType(TextDataViewType.Instance, 5), annotation.Type);
        Assert.Equal(new[] { "<pad>", "<unk>", "feel", "happy", "i" }, Vocabulary.FromColumn(column).Words);
    }

    [Fact]
    public void FromColumn_names_a_column_without_the_annotation()
    {
        var ex = Assert.Throws<ArgumentException>(() => Vocabulary.FromColumn(Data("x").Schema["Text"]));
        Assert.Contains("'Text'", ex.Message);
        Assert.Contains(Vocabulary.AnnotationName, ex.Message);
    }

    [Fact]
    public void GetOutputSchema_fails_before_reading_data_for_a_missing_or_wrong_column()
    {
        var shape = Shapes.Of(Ml.Data.LoadFromEnumerable(new[] { new { Number = 1f } }).Schema);
        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => Ml.Transforms.Text.TokenizeToIds("Tokens", "Text").GetOutputSchema(shape));
        Assert.Contains("'Text'", missing.Message);
        var wrong = Assert.Throws<ArgumentOutOfRangeException>(() => Ml.Transforms.Text.TokenizeToIds("Tokens", "Number").GetOutputSchema(shape));
        Assert.Contains("'Number'", wrong.Message);
        Assert.Contains("text", wrong.Message);
    }

    [Fact]
    public void GetOutputSchema_describes_a_variable_int_vector_with_the_annotation()
    {
        var output = Ml.Transforms.Text.TokenizeToIds("Tokens", "Text").GetOutputSchema(Shapes.Of(Data("x").Schema));
        var tokens = output.Single(c => c.Name == "Tokens");
        Assert.Equal(SchemaShape.Column.VectorKind.VariableVector, tokens.Kind);
        Assert.Equal(NumberDataViewType.Int32, tokens.ItemType);
        Assert.Contains(tokens.Annotations, a => a.Name == Vocabulary.AnnotationName);
    }

    [Fact]
    public void Invalid_options_are_rejected_with_the_argument_name()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Ml.Transforms.Text.TokenizeToIds("Tokens", "Text", options: new TokenizeToIdsOptions { MinCount = 0 }));
        Assert.Equal("options", ex.ParamName);
        Assert.Contains("MinCount", ex.Message);
        Assert.Equal("maxLength", Assert.Throws<ArgumentOutOfRangeException>(() => Ml.Transforms.Text.TokenizeToIds("Tokens", "Text", maxLength: -1)).ParamName);
        Assert.Throws<ArgumentException>(() => Ml.Transforms.Text.TokenizeToIds(""));
    }

    [Fact]
    public void Prediction_engine_works_through_a_chain()
    {
        var data = Data("i feel happy", "i feel sad");
        var pipeline = Ml.Transforms.CopyColumns("Copy", "Text").Append(Ml.Transforms.Text.TokenizeToIds("Tokens", "Copy"));
        var model = pipeline.Fit(data);
        var engine = Ml.Model.CreatePredictionEngine<TextRow, TokensRow>(model);
        Assert.Equal(new[] { 3, 2, 5, 1 }, engine.Predict(new TextRow { Text = "i feel sad again" }).Tokens);
    }

    [Fact]
    public void Transformer_from_a_loaded_vocabulary_encodes_like_the_fitted_one()
    {
        var fitted = Ml.Transforms.Text.TokenizeToIds("Tokens", "Text").Fit(Data("x y y"));
        var rebuilt = new TokenizeToIdsTransformer(Vocabulary.FromWords(fitted.Vocabulary.Words), "Tokens", "Text", fitted.Options);
        Assert.Equal(fitted.Encode("y x z"), rebuilt.Encode("y x z"));
        Assert.Equal("Text", rebuilt.InputColumnName);
        Assert.Equal("Tokens", rebuilt.OutputColumnName);
    }
}
