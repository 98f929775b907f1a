using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Pipeline;

/// <summary>A row that passes input columns through and computes the appended ones on demand.</summary>
internal sealed class MappedRow : DataViewRow
{
    private readonly DataViewRow _input;
    private readonly RowMapping _mapping;
    private readonly bool[] _active;
    private readonly Delegate?[] _getters;
    private readonly int _inputCount;

    public MappedRow(DataViewRow input, RowMapping mapping, bool[] active)
    {
        _input = input;
        _mapping = mapping;
        _active = active;
        _inputCount = mapping.InputSchema.Count;
        _getters = mapping.CreateGetters(input, i => active[_inputCount + i]);
    }

    public override DataViewSchema Schema => _mapping.OutputSchema;

    public override long Position => _input.Position;

    public override long Batch => _input.Batch;

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column)
    {
        CheckColumn(column);
        return column.Index < _inputCount ? _input.IsColumnActive(_input.Schema[column.Index]) : _active[column.Index];
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        CheckColumn(column);
        if (column.Index < _inputCount)
        {
            return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        }

        var getter = _getters[column.Index - _inputCount]
            ?? throw new InvalidOperationException($"Column '{column.Name}' is not active in this row; request it when creating the cursor.");
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}; it cannot be read as {typeof(TValue).Name}.");
    }

    protected override void Dispose(bool disposing)
    {
        // The input row belongs to whoever passed it in (a prediction engine or a cursor).
    }

    private void CheckColumn(DataViewSchema.Column column)
    {
        if (column.Index < 0 || column.Index >= _mapping.OutputSchema.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(column), $"Column '{column.Name}' (index {column.Index}) is not in this row's schema.");
        }
    }
}
