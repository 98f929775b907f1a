using Emotion.ML.Pipeline;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Tests.Pipeline;

public class RowMappingTransformerBaseTests
{
    private sealed class Input
    {
        public string Text { get; set; } = "";
    }

    private sealed class Output
    {
        public string Text { get; set; } = "";

        public string Shout { get; set; } = "";
    }

    /// <summary>A minimal transformer on the shared plumbing: upper-cases a text column.</summary>
    private sealed class ShoutTransformer : RowMappingTransformerBase
    {
        private protected override RowMapping Bind(DataViewSchema inputSchema) => new Mapping(inputSchema);

        private sealed class Mapping : RowMapping
        {
            private readonly DataViewSchema.Column _input;

            public Mapping(DataViewSchema schema)
                : this(schema, FindInput(schema, "Text", "a text column"))
            {
            }

            private Mapping(DataViewSchema schema, DataViewSchema.Column input)
                : base(schema, new[] { input }, new[] { new OutputColumn("Shout", TextDataViewType.Instance) })
            {
                _input = input;
            }

            public override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isActive)
            {
                var text = input.GetGetter<ReadOnlyMemory<char>>(_input);
                ReadOnlyMemory<char> value = default;
                ValueGetter<ReadOnlyMemory<char>> shout = (ref ReadOnlyMemory<char> dst) =>
                {
                    text(ref value);
                    dst = value.ToString().ToUpperInvariant().AsMemory();
                };
                return new Delegate?[] { isActive(0) ? shout : null };
            }
        }
    }

    [Fact]
    public void Transform_appends_the_mapped_column_and_keeps_inputs()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Input { Text = "hi" }, new Input { Text = "there" } });
        var transformed = new ShoutTransformer().Transform(data);
        var rows = ml.Data.CreateEnumerable<Output>(transformed, reuseRowObject: false).ToList();
        Assert.Equal(new[] { "HI", "THERE" }, rows.Select(r => r.Shout));
        Assert.Equal(new[] { "hi", "there" }, rows.Select(r => r.Text));
    }

    [Fact]
    public void Prediction_engine_works_through_a_chain()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Input { Text = "hi" } });
        var chain = new TransformerChain<ITransformer>(ml.Transforms.CopyColumns("Copy", "Text").Fit(data), new ShoutTransformer());
        var engine = ml.Model.CreatePredictionEngine<Input, Output>(chain);
        Assert.Equal("ABC", engine.Predict(new Input { Text = "abc" }).Shout);
    }

    [Fact]
    public void Missing_input_column_is_named_in_the_error()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Output() }.Select(o => new { Other = "x" }));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ShoutTransformer().GetOutputSchema(data.Schema));
        Assert.Contains("'Text'", ex.Message);
    }

    [Fact]
    public void Model_save_points_to_the_emotion_archive()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Input { Text = "hi" } });
        using var stream = new MemoryStream();
        var ex = Assert.ThrowsAny<Exception>(() => ml.Model.Save(new ShoutTransformer(), data.Schema, stream));
        var all = ex.ToString();
        Assert.Contains("SaveEmotionModel", all);
    }

    [Fact]
    public void Schema_shape_columns_can_be_built()
    {
        var column = SchemaShapes.Column("Tokens", SchemaShape.Column.VectorKind.VariableVector, NumberDataViewType.Int32);
        Assert.Equal("Tokens", column.Name);
        Assert.Equal(SchemaShape.Column.VectorKind.VariableVector, column.Kind);
        Assert.Equal(NumberDataViewType.Int32, column.ItemType);
    }
}
