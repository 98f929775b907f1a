using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Data;

/// <summary>The rows of a view whose text label is one of a chosen set (see <see cref="LabelSubsetCatalog.KeepLabels"/>).</summary>
internal sealed class LabelSubsetDataView : IDataView
{
    private readonly IDataView input;
    private readonly DataViewSchema.Column label;
    private readonly HashSet<string> keep;

    public LabelSubsetDataView(IDataView input, DataViewSchema.Column label, HashSet<string> keep)
    {
        this.input = input;
        this.label = label;
        this.keep = keep;
    }

    public bool CanShuffle => input.CanShuffle;

    public DataViewSchema Schema => input.Schema;

    /// <summary>Unknown until the rows are read.</summary>
    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(input.GetRowCursor(columnsNeeded.Append(label).Distinct(), rand), label, keep);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : FilteringCursor
    {
        private readonly ValueGetter<ReadOnlyMemory<char>> getLabel;
        private readonly HashSet<string> keep;
        private ReadOnlyMemory<char> value;

        public Cursor(DataViewRowCursor input, DataViewSchema.Column label, HashSet<string> keep)
            : base(input)
        {
            this.keep = keep;
            getLabel = input.GetGetter<ReadOnlyMemory<char>>(label);
        }

        protected override bool Keep()
        {
            getLabel(ref value);
            return keep.Contains(value.ToString());
        }
    }
}
