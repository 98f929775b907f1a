using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Data;

/// <summary>A cursor over the input rows that <see cref="Keep"/> accepts; values come from the input cursor.</summary>
internal abstract class FilteringCursor : DataViewRowCursor
{
    private long position = -1;

    protected FilteringCursor(DataViewRowCursor input)
    {
        Input = input;
    }

    public override DataViewSchema Schema => Input.Schema;

    public override long Position => position;

    public override long Batch => Input.Batch;

    protected DataViewRowCursor Input { get; }

    public override ValueGetter<DataViewRowId> GetIdGetter() => Input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => Input.IsColumnActive(column);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => Input.GetGetter<TValue>(column);

    public override bool MoveNext()
    {
        while (Input.MoveNext())
        {
            if (Keep())
            {
                position++;
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the input's current row is kept.</summary>
    protected abstract bool Keep();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Input.Dispose();
        }

        base.Dispose(disposing);
    }
}
