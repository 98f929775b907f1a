using Emotion.ML.Pipeline;
using Emotion.ML.Tokenization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Embeddings;

/// <summary>
/// The estimator of <see cref="ApplyEmbeddingsTransformer"/>; it learns nothing, so <see cref="Fit"/>
/// only checks the schema. Create it with <c>ml.Transforms.Text.ApplyEmbeddings</c>.
/// </summary>
public sealed class ApplyEmbeddingsEstimator : IEstimator<ApplyEmbeddingsTransformer>
{
    private readonly ApplyEmbeddingsTransformer _transformer;

    /// <summary>Creates the estimator; prefer <c>ml.Transforms.Text.ApplyEmbeddings</c>.</summary>
    /// <param name="outputColumnName">The name of the float-vector column to append.</param>
    /// <param name="inputColumnName">The text or token-id column to read.</param>
    /// <param name="embeddings">The pretrained vectors.</param>
    /// <param name="mode">How a row's vectors are combined.</param>
    public ApplyEmbeddingsEstimator(string outputColumnName, string inputColumnName, WordEmbeddings embeddings, EmbeddingPooling mode = EmbeddingPooling.Mean)
    {
        _transformer = new ApplyEmbeddingsTransformer(outputColumnName, inputColumnName, embeddings, mode);
    }

    /// <summary>Returns the transformer after checking <paramref name="input"/>'s schema.</summary>
    /// <param name="input">The data the pipeline is fitted on.</param>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or of an unsupported type; the message names it.</exception>
    public ApplyEmbeddingsTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _transformer.GetOutputSchema(input.Schema);
        return _transformer;
    }

    /// <summary>
    /// The input columns plus the float-vector output (fixed size for pooling modes, variable for
    /// <see cref="EmbeddingPooling.Sequence"/>). Fails before any data is read when the input column
    /// is missing, of another type, or token ids without the vocabulary annotation.
    /// </summary>
    /// <param name="inputSchema">The shape of the input data.</param>
    /// <exception cref="ArgumentOutOfRangeException">The input column is missing or unsupported; the message names it.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var name = _transformer.InputColumnName;
        var column = SchemaShapes.Find(inputSchema, name, ApplyEmbeddingsTransformer.ExpectedInput);
        var isText = column.ItemType is TextDataViewType;
        var isIds = column.Kind != SchemaShape.Column.VectorKind.Scalar && column.ItemType is NumberDataViewType n && n.RawType == typeof(int);
        if (!isText && !isIds)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Input column '{name}' has type {column.ItemType} ({column.Kind}); expected {ApplyEmbeddingsTransformer.ExpectedInput}.");
        }

        if (isIds && (column.Annotations is null || !column.Annotations.Any(a => a.Name == Vocabulary.AnnotationName)))
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Input column '{name}' holds token ids but has no '{Vocabulary.AnnotationName}' annotation; expected {ApplyEmbeddingsTransformer.ExpectedInput}.");
        }

        var kind = _transformer.Mode == EmbeddingPooling.Sequence ? SchemaShape.Column.VectorKind.VariableVector : SchemaShape.Column.VectorKind.Vector;
        return SchemaShapes.Append(inputSchema, SchemaShapes.Column(_transformer.OutputColumnName, kind, NumberDataViewType.Single));
    }
}
