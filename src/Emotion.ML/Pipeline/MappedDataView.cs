using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Pipeline;

/// <summary>The lazy result of a <see cref="RowMappingTransformerBase"/> over an input view.</summary>
internal sealed class MappedDataView : IDataView
{
    private readonly IDataView _input;
    private readonly RowMapping _mapping;

    public MappedDataView(IDataView input, RowMapping mapping, RowMappingTransformerBase transformer)
    {
        _input = input;
        _mapping = mapping;
        Transformer = transformer;
    }

    /// <summary>The view this one maps.</summary>
    public IDataView Input => _input;

    /// <summary>The transformer whose mapping this view applies; lets a trainer replay Emotion.ML's steps on validation data.</summary>
    public RowMappingTransformerBase Transformer { get; }

    public bool CanShuffle => _input.CanShuffle;

    public DataViewSchema Schema => _mapping.OutputSchema;

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var (inputColumns, active) = Plan(columnsNeeded);
        return new MappedCursor(_input.GetRowCursor(inputColumns, rand), _mapping, active);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        var (inputColumns, active) = Plan(columnsNeeded);
        return _input.GetRowCursorSet(inputColumns, n, rand)
            .Select(c => (DataViewRowCursor)new MappedCursor(c, _mapping, active))
            .ToArray();
    }

    private (IEnumerable<DataViewSchema.Column> Input, bool[] Active) Plan(IEnumerable<DataViewSchema.Column> columnsNeeded)
    {
        var needed = columnsNeeded.ToList();
        var active = new bool[_mapping.OutputSchema.Count];
        foreach (var column in needed)
        {
            active[column.Index] = true;
        }

        return (_mapping.GetDependencies(needed).ToList(), active);
    }

    private sealed class MappedCursor : DataViewRowCursor
    {
        private readonly DataViewRowCursor _input;
        private readonly MappedRow _row;

        public MappedCursor(DataViewRowCursor input, RowMapping mapping, bool[] active)
        {
            _input = input;
            _row = new MappedRow(input, mapping, active);
        }

        public override DataViewSchema Schema => _row.Schema;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _row.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _row.GetGetter<TValue>(column);

        public override bool MoveNext() => _input.MoveNext();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
