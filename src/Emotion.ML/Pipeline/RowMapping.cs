using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Pipeline;

/// <summary>
/// A transformer's mapping bound to one input schema: which input columns it reads, which
/// columns it appends, and how to compute them for a row.
/// </summary>
internal abstract class RowMapping : IRowToRowMapper
{
    private readonly int[] _dependencies;

    protected RowMapping(DataViewSchema inputSchema, IReadOnlyList<DataViewSchema.Column> inputColumns, IReadOnlyList<OutputColumn> outputs)
    {
        InputSchema = inputSchema;
        _dependencies = inputColumns.Select(c => c.Index).Distinct().ToArray();
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        foreach (var output in outputs)
        {
            builder.AddColumn(output.Name, output.Type, output.Annotations);
        }

        OutputSchema = builder.ToSchema();
        OutputCount = outputs.Count;
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    /// <summary>Number of appended columns; they follow the input columns in <see cref="OutputSchema"/>.</summary>
    public int OutputCount { get; }

    /// <summary>
    /// Creates the getters of the appended columns over <paramref name="input"/>. Called once per
    /// row or cursor, so a mapping may keep per-cursor buffers in the closures it returns.
    /// </summary>
    /// <param name="input">The input row; every dependency column is active.</param>
    /// <param name="isActive">Whether appended column <c>i</c> (0-based among the outputs) is requested.</param>
    /// <returns>One <c>ValueGetter&lt;T&gt;</c> per appended column, <see langword="null"/> where inactive.</returns>
    public abstract Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isActive);

    /// <summary>The input columns needed to produce the requested output columns.</summary>
    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var needed = new SortedSet<int>();
        var inputCount = InputSchema.Count;
        foreach (var column in dependingColumns)
        {
            if (column.Index < inputCount)
            {
                needed.Add(column.Index);
            }
            else
            {
                needed.UnionWith(_dependencies);
            }
        }

        return needed.Select(i => InputSchema[i]);
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        var active = new bool[OutputSchema.Count];
        foreach (var column in activeColumns)
        {
            active[column.Index] = true;
        }

        return new MappedRow(input, this, active);
    }

    /// <summary>Finds <paramref name="name"/> in the input schema or throws a message naming it.</summary>
    protected static DataViewSchema.Column FindInput(DataViewSchema schema, string name, string expected)
    {
        var column = schema.GetColumnOrNull(name);
        if (column is null)
        {
            throw new ArgumentOutOfRangeException(nameof(schema), $"Input column '{name}' was not found in the schema; expected {expected}.");
        }

        return column.Value;
    }

    /// <summary>An appended column.</summary>
    public readonly record struct OutputColumn(string Name, DataViewType Type, DataViewSchema.Annotations? Annotations = null);
}
