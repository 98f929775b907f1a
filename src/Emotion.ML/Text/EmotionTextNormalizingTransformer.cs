using Emotion.ML.Persistence;
using Emotion.ML.Pipeline;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Text;

/// <summary>
/// Normalizes a text column with <see cref="EmotionTextNormalizer"/>, appending the result as a
/// text column. Stateless: produced by <see cref="EmotionTextNormalizingEstimator.Fit"/> without reading data.
/// </summary>
/// <remarks>Immutable and thread-safe. A missing (null) text value gives an empty string.</remarks>
public sealed class EmotionTextNormalizingTransformer : RowMappingTransformerBase, IArchivedTransformer
{
    private readonly EmotionTextNormalizer _normalizer;

    internal EmotionTextNormalizingTransformer(string outputColumnName, string inputColumnName, EmotionTextNormalizer normalizer)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        _normalizer = normalizer;
    }

    /// <summary>The text column read.</summary>
    public string InputColumnName { get; }

    /// <summary>The text column written; it replaces an input column of the same name.</summary>
    public string OutputColumnName { get; }

    /// <summary>A copy of the normalization options.</summary>
    public EmotionTextNormalizerOptions Options => _normalizer.Options;

    /// <summary>The normalizer this transformer applies.</summary>
    public EmotionTextNormalizer Normalizer => _normalizer;

    string IArchivedTransformer.ArchiveKind => TextNormalizerArchive.Kind;

    Type? IArchivedTransformer.ArchiveReaderType => null;

    string IArchivedTransformer.ArchivePackage => "Emotion.ML";

    void IArchivedTransformer.WriteTo(ArchiveStepWriter writer) => TextNormalizerArchive.Write(this, writer);

    private protected override RowMapping Bind(DataViewSchema inputSchema) => new Mapping(this, inputSchema);

    private sealed class Mapping : RowMapping
    {
        private readonly EmotionTextNormalizer _normalizer;
        private readonly DataViewSchema.Column _input;

        public Mapping(EmotionTextNormalizingTransformer parent, DataViewSchema schema)
            : this(parent, schema, FindText(schema, parent.InputColumnName))
        {
        }

        private Mapping(EmotionTextNormalizingTransformer parent, DataViewSchema schema, DataViewSchema.Column input)
            : base(schema, new[] { input }, new[] { new OutputColumn(parent.OutputColumnName, TextDataViewType.Instance) })
        {
            _normalizer = parent._normalizer;
            _input = input;
        }

        public override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isActive)
        {
            if (!isActive(0))
            {
                return new Delegate?[] { null };
            }

            var text = input.GetGetter<ReadOnlyMemory<char>>(_input);
            ReadOnlyMemory<char> value = default;
            ValueGetter<ReadOnlyMemory<char>> getter = (ref ReadOnlyMemory<char> destination) =>
            {
                text(ref value);
                destination = _normalizer.Normalize(value.Span).AsMemory();
            };
            return new Delegate?[] { getter };
        }

        private static DataViewSchema.Column FindText(DataViewSchema schema, string name)
        {
            const string expected = "a scalar text column";
            var column = FindInput(schema, name, expected);
            if (column.Type is not TextDataViewType)
            {
                throw new ArgumentOutOfRangeException(nameof(schema), $"Input column '{name}' has type {column.Type}; expected {expected}.");
            }

            return column;
        }
    }
}
