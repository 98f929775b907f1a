using Emotion.ML.Persistence;
using Emotion.ML.Pipeline;
using Emotion.ML.Tokenization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Embeddings;

/// <summary>
/// Replaces each row's words by pretrained vectors, pooled into a fixed-size float vector for
/// classic ML.NET trainers (<see cref="EmbeddingPooling.Mean"/>, <see cref="EmbeddingPooling.Max"/>,
/// <see cref="EmbeddingPooling.MeanMax"/>) or flattened in token order (<see cref="EmbeddingPooling.Sequence"/>).
/// </summary>
/// <remarks>
/// The input is a text column (split on runs of white space), a vector of text, or the
/// <see cref="int"/> token-id vector of <c>TokenizeToIds</c>, whose vocabulary annotation maps ids
/// back to words. Pooling skips words without a vector, and a row with no known word gives zeros.
/// </remarks>
public sealed class ApplyEmbeddingsTransformer : RowMappingTransformerBase, IArchivedTransformer
{
    internal const string ExpectedInput = "a text column, a vector of text, or an Int32 token-id vector with the vocabulary annotation of TokenizeToIds";

    /// <summary>Creates the transformer; prefer <c>ml.Transforms.Text.ApplyEmbeddings</c>.</summary>
    /// <param name="outputColumnName">The name of the float-vector column to append.</param>
    /// <param name="inputColumnName">The text or token-id column to read.</param>
    /// <param name="embeddings">The pretrained vectors.</param>
    /// <param name="mode">How a row's vectors are combined.</param>
    public ApplyEmbeddingsTransformer(string outputColumnName, string inputColumnName, WordEmbeddings embeddings, EmbeddingPooling mode = EmbeddingPooling.Mean)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        ArgumentException.ThrowIfNullOrWhiteSpace(inputColumnName);
        ArgumentNullException.ThrowIfNull(embeddings);
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Not an {nameof(EmbeddingPooling)} value.");
        }

        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        Embeddings = embeddings;
        Mode = mode;
    }

    /// <summary>The name of the appended float-vector column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The name of the column read.</summary>
    public string InputColumnName { get; }

    /// <summary>The pretrained vectors.</summary>
    public WordEmbeddings Embeddings { get; }

    /// <summary>How a row's vectors are combined.</summary>
    public EmbeddingPooling Mode { get; }

    /// <summary>The output column type for this mode.</summary>
    internal VectorDataViewType OutputType =>
        new(NumberDataViewType.Single, EmbeddingAccumulator.OutputSize(Mode, Embeddings.Dimension));

    /// <summary>Whether <paramref name="type"/> is text, a vector of text, or a vector of Int32.</summary>
    internal static bool IsSupportedInput(DataViewType type) =>
        type is TextDataViewType || type is VectorDataViewType { ItemType: TextDataViewType } ||
        type is VectorDataViewType { ItemType: NumberDataViewType n } && n.RawType == typeof(int);

    string IArchivedTransformer.ArchiveKind => EmbeddingsArchive.Kind;

    Type? IArchivedTransformer.ArchiveReaderType => null;

    string IArchivedTransformer.ArchivePackage => "Emotion.ML";

    void IArchivedTransformer.WriteTo(ArchiveStepWriter writer) => EmbeddingsArchive.Write(this, writer);

    private protected override RowMapping Bind(DataViewSchema inputSchema) => new Mapping(this, inputSchema);

    private sealed class Mapping : RowMapping
    {
        private readonly ApplyEmbeddingsTransformer _parent;
        private readonly DataViewSchema.Column _input;
        private readonly int[]? _idToRow;

        public Mapping(ApplyEmbeddingsTransformer parent, DataViewSchema schema)
            : this(parent, schema, FindSupportedInput(schema, parent.InputColumnName))
        {
        }

        private Mapping(ApplyEmbeddingsTransformer parent, DataViewSchema schema, DataViewSchema.Column input)
            : base(schema, new[] { input }, new[] { new OutputColumn(parent.OutputColumnName, parent.OutputType) })
        {
            _parent = parent;
            _input = input;
            if (input.Type is VectorDataViewType { ItemType: NumberDataViewType })
            {
                _idToRow = MapIds(Vocabulary.FromColumn(input), parent.Embeddings);
            }
        }

        public override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isActive)
        {
            if (!isActive(0))
            {
                return new Delegate?[] { null };
            }

            var embeddings = _parent.Embeddings;
            var accumulator = new EmbeddingAccumulator(_parent.Mode, embeddings.Dimension);
            ValueGetter<VBuffer<float>> getter;
            if (_idToRow is { } idToRow)
            {
                var ids = input.GetGetter<VBuffer<int>>(_input);
                VBuffer<int> value = default;
                getter = (ref VBuffer<float> dst) =>
                {
                    ids(ref value);
                    accumulator.Reset();
                    if (value.IsDense)
                    {
                        foreach (var id in value.GetValues())
                        {
                            AddId(id);
                        }
                    }
                    else
                    {
                        foreach (var id in value.DenseValues())
                        {
                            AddId(id);
                        }
                    }

                    accumulator.Write(ref dst);
                };

                void AddId(int id)
                {
                    // Ids outside the vocabulary, padding and <unk> have no vector.
                    var row = (uint)id < (uint)idToRow.Length ? idToRow[id] : -1;
                    accumulator.Add(row < 0 ? default : embeddings.GetVector(row));
                }
            }
            else if (_input.Type is TextDataViewType)
            {
                var text = input.GetGetter<ReadOnlyMemory<char>>(_input);
                ReadOnlyMemory<char> value = default;
                getter = (ref VBuffer<float> dst) =>
                {
                    text(ref value);
                    accumulator.Reset();
                    foreach (var token in new WhitespaceTokens(value.Span))
                    {
                        embeddings.TryGetVector(token, out var vector);
                        accumulator.Add(vector);
                    }

                    accumulator.Write(ref dst);
                };
            }
            else
            {
                var tokens = input.GetGetter<VBuffer<ReadOnlyMemory<char>>>(_input);
                VBuffer<ReadOnlyMemory<char>> value = default;
                getter = (ref VBuffer<float> dst) =>
                {
                    tokens(ref value);
                    accumulator.Reset();
                    // Implicit entries of a sparse text vector are empty, and empty tokens are skipped.
                    foreach (var token in value.GetValues())
                    {
                        if (!token.IsEmpty)
                        {
                            embeddings.TryGetVector(token.Span, out var vector);
                            accumulator.Add(vector);
                        }
                    }

                    accumulator.Write(ref dst);
                };
            }

            return new Delegate?[] { getter };
        }

        /// <summary>Each id's row in the embeddings, or -1; the reserved ids have no vector.</summary>
        private static int[] MapIds(Vocabulary vocabulary, WordEmbeddings embeddings)
        {
            var rows = new int[vocabulary.Count];
            rows[Vocabulary.PaddingId] = -1;
            rows[Vocabulary.UnknownId] = -1;
            for (var id = Vocabulary.UnknownId + 1; id < rows.Length; id++)
            {
                rows[id] = embeddings.IndexOf(vocabulary.GetWord(id));
            }

            return rows;
        }

        private static DataViewSchema.Column FindSupportedInput(DataViewSchema schema, string name)
        {
            var column = FindInput(schema, name, ExpectedInput);
            if (!IsSupportedInput(column.Type))
            {
                throw new ArgumentOutOfRangeException(nameof(schema), $"Input column '{name}' has type {column.Type}; expected {ExpectedInput}.");
            }

            if (column.Type is VectorDataViewType { ItemType: NumberDataViewType } && column.Annotations.Schema.GetColumnOrNull(Vocabulary.AnnotationName) is null)
            {
                throw new ArgumentOutOfRangeException(nameof(schema), $"Input column '{name}' holds token ids but has no '{Vocabulary.AnnotationName}' annotation; expected {ExpectedInput}.");
            }

            return column;
        }
    }
}
