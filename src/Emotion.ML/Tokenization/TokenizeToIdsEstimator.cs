using Emotion.ML.Pipeline;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Tokenization;

/// <summary>
/// Learns a <see cref="Vocabulary"/> from a text column at <see cref="Fit"/> and returns a
/// <see cref="TokenizeToIdsTransformer"/>. Create it with <c>ml.Transforms.Text.TokenizeToIds</c>.
/// </summary>
public sealed class TokenizeToIdsEstimator : IEstimator<TokenizeToIdsTransformer>
{
    private const string ExpectedInput = "a text column (String) or a vector of text";
    private readonly TokenizeToIdsOptions _options;

    /// <summary>Creates the estimator; prefer <c>ml.Transforms.Text.TokenizeToIds</c>.</summary>
    /// <param name="outputColumnName">The name of the token-id column to append.</param>
    /// <param name="inputColumnName">The text column to read; defaults to <paramref name="outputColumnName"/>.</param>
    /// <param name="options">The options; copied, defaults when null.</param>
    public TokenizeToIdsEstimator(string outputColumnName, string? inputColumnName = null, TokenizeToIdsOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        OutputColumnName = outputColumnName;
        InputColumnName = string.IsNullOrWhiteSpace(inputColumnName) ? outputColumnName : inputColumnName;
        _options = options?.Clone() ?? new TokenizeToIdsOptions();
        _options.Validate(nameof(options));
    }

    /// <summary>The name of the appended token-id column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The name of the text column read.</summary>
    public string InputColumnName { get; }

    /// <summary>A copy of the options.</summary>
    public TokenizeToIdsOptions Options => _options.Clone();

    /// <summary>Reads the input column once and learns the vocabulary.</summary>
    /// <param name="input">The training data.</param>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or not text; the message names it.</exception>
    public TokenizeToIdsTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var column = input.Schema.GetColumnOrNull(InputColumnName);
        if (column is null || !TokenizeToIdsTransformer.IsTextInput(column.Value.Type))
        {
            throw new ArgumentOutOfRangeException(nameof(input), Describe(column?.Type));
        }

        var counter = new Vocabulary.WordCounter(_options.MinCount, _options.MaxSize);
        using (var cursor = input.GetRowCursor(new[] { column.Value }))
        {
            if (column.Value.Type is TextDataViewType)
            {
                var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column.Value);
                ReadOnlyMemory<char> text = default;
                while (cursor.MoveNext())
                {
                    getter(ref text);
                    counter.AddText(text.Span);
                }
            }
            else
            {
                var getter = cursor.GetGetter<VBuffer<ReadOnlyMemory<char>>>(column.Value);
                VBuffer<ReadOnlyMemory<char>> tokens = default;
                while (cursor.MoveNext())
                {
                    getter(ref tokens);
                    foreach (var token in tokens.GetValues())
                    {
                        if (!token.IsEmpty)
                        {
                            counter.Add(token.Span);
                        }
                    }
                }
            }
        }

        return new TokenizeToIdsTransformer(counter.ToVocabulary(_options.AdditionalWords), OutputColumnName, InputColumnName, _options);
    }

    /// <summary>
    /// The schema after fitting: the input columns plus a variable-length <see cref="int"/> vector
    /// column annotated with the vocabulary. Fails before any data is read when the input column is
    /// missing or not text.
    /// </summary>
    /// <param name="inputSchema">The shape of the input data.</param>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or not text; the message names it.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var column = SchemaShapes.Find(inputSchema, InputColumnName, ExpectedInput);
        if (!SchemaShapes.IsScalarText(column) && column.ItemType is not TextDataViewType)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), Describe(column.ItemType));
        }

        var annotations = new SchemaShape(new[]
        {
            SchemaShapes.Column(Vocabulary.AnnotationName, SchemaShape.Column.VectorKind.Vector, TextDataViewType.Instance),
        });
        return SchemaShapes.Append(
            inputSchema,
            SchemaShapes.Column(OutputColumnName, SchemaShape.Column.VectorKind.VariableVector, NumberDataViewType.Int32, annotations: annotations));
    }

    private string Describe(DataViewType? actual) => actual is null
        ? $"Input column '{InputColumnName}' was not found in the schema; expected {ExpectedInput}."
        : $"Input column '{InputColumnName}' has type {actual}; expected {ExpectedInput}.";
}
