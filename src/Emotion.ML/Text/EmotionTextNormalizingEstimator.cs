using Emotion.ML.Pipeline;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Text;

/// <summary>
/// Estimator for <see cref="EmotionTextNormalizingTransformer"/>: normalizes a scalar text column
/// for emotion classification. Create it with
/// <see cref="TextNormalizationCatalog.NormalizeEmotionText"/>.
/// </summary>
/// <remarks>Normalization learns nothing, so <see cref="Fit"/> reads no data.</remarks>
public sealed class EmotionTextNormalizingEstimator : IEstimator<EmotionTextNormalizingTransformer>
{
    private const string Expected = "a scalar text column";
    private readonly EmotionTextNormalizer _normalizer;

    /// <summary>Creates the estimator.</summary>
    /// <param name="outputColumnName">The text column to write.</param>
    /// <param name="inputColumnName">The scalar text column to read; <see langword="null"/> means <paramref name="outputColumnName"/>.</param>
    /// <param name="options">The normalization steps; <see langword="null"/> means the defaults of <see cref="EmotionTextNormalizerOptions"/>. The options are copied.</param>
    /// <exception cref="ArgumentException">A column name is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option holds an undefined value.</exception>
    public EmotionTextNormalizingEstimator(string outputColumnName, string? inputColumnName = null, EmotionTextNormalizerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        if (inputColumnName is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(inputColumnName);
        }

        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName ?? outputColumnName;
        _normalizer = EmotionTextNormalizer.Create(options);
    }

    /// <summary>The text column read.</summary>
    public string InputColumnName { get; }

    /// <summary>The text column written.</summary>
    public string OutputColumnName { get; }

    /// <summary>A copy of the normalization options.</summary>
    public EmotionTextNormalizerOptions Options => _normalizer.Options;

    /// <summary>Checks the input schema and returns the transformer; no data is read.</summary>
    /// <param name="input">The data whose schema holds the input column.</param>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or not scalar text.</exception>
    public EmotionTextNormalizingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var transformer = new EmotionTextNormalizingTransformer(OutputColumnName, InputColumnName, _normalizer);
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <summary>The schema after normalization: the input columns plus the output text column.</summary>
    /// <param name="inputSchema">The shape of the input data.</param>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or not scalar text; the message names it.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var input = SchemaShapes.Find(inputSchema, InputColumnName, Expected);
        if (!SchemaShapes.IsScalarText(input))
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Input column '{InputColumnName}' is {input.Kind} of {input.ItemType}; expected {Expected}.");
        }

        return SchemaShapes.Append(inputSchema, SchemaShapes.Column(OutputColumnName, SchemaShape.Column.VectorKind.Scalar, TextDataViewType.Instance));
    }
}
