using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Data;

/// <summary>The rows of a view whose positions (in the view's own order) are selected by a mask.</summary>
internal sealed class RowSelectionDataView : IDataView
{
    private readonly IDataView input;
    private readonly bool[] selected;
    private readonly long count;

    public RowSelectionDataView(IDataView input, bool[] selected)
    {
        this.input = input;
        this.selected = selected;
        count = selected.LongCount(s => s);
    }

    /// <summary>False: selection is by position, so rows are always read in the input's order.</summary>
    public bool CanShuffle => false;

    public DataViewSchema Schema => input.Schema;

    public long? GetRowCount() => count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(input.GetRowCursor(columnsNeeded), selected);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        new[] { GetRowCursor(columnsNeeded) };

    private sealed class Cursor : FilteringCursor
    {
        private readonly bool[] selected;
        private long inputPosition = -1;

        public Cursor(DataViewRowCursor input, bool[] selected)
            : base(input)
        {
            this.selected = selected;
        }

        protected override bool Keep()
        {
            inputPosition++;
            if (inputPosition >= selected.Length)
            {
                throw new InvalidOperationException($"The data now has more than the {selected.Length} rows it had when it was split; split data that does not change between reads.");
            }

            return selected[inputPosition];
        }
    }
}
