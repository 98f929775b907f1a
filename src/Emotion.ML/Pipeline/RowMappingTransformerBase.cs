using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Pipeline;

/// <summary>
/// Base of Emotion.ML's fitted transformers: each maps a row to a row, keeping every input
/// column and appending its own output columns, so it works in <c>Transform</c>, in
/// <see cref="TransformerChain{TLastTransformer}"/> and in a <c>PredictionEngine</c>.
/// </summary>
/// <remarks>
/// ML.NET cannot persist third-party transformers with <c>mlContext.Model.Save</c> (its save
/// context has no public members), so <see cref="ICanSaveModel.Save"/> throws a
/// <see cref="NotSupportedException"/> naming Emotion.ML's own archive methods instead.
/// </remarks>
public abstract class RowMappingTransformerBase : ITransformer
{
    private protected RowMappingTransformerBase()
    {
    }

    /// <summary>Always <see langword="true"/>: the transformer maps one row at a time.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>
    /// The schema this transformer produces from <paramref name="inputSchema"/>.
    /// </summary>
    /// <param name="inputSchema">The schema of the data to transform.</param>
    /// <exception cref="ArgumentOutOfRangeException">A required column is missing or of the wrong type; the message names it.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return Bind(inputSchema).OutputSchema;
    }

    /// <summary>
    /// Lazily transforms <paramref name="input"/>: rows are mapped as a cursor reads them.
    /// </summary>
    /// <param name="input">The data to transform.</param>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MappedDataView(input, Bind(input.Schema), this);
    }

    /// <summary>
    /// A row-to-row mapper bound to <paramref name="inputSchema"/>, as used by prediction engines.
    /// </summary>
    /// <param name="inputSchema">The schema of the rows that will be mapped.</param>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return Bind(inputSchema);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException(
            $"{GetType().Name} is an Emotion.ML transformer, which mlContext.Model.Save cannot write. " +
            "Save the model with mlContext.Model.SaveEmotionModel(model, schema, path) and load it with " +
            "mlContext.Model.LoadEmotionModel(path, out schema).");

    /// <summary>Validates <paramref name="inputSchema"/> and builds the mapping for it.</summary>
    private protected abstract RowMapping Bind(DataViewSchema inputSchema);
}
