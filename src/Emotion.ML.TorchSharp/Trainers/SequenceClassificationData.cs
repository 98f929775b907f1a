using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>Reads numeric frame sequences and labels out of ML.NET data, checking every row.</summary>
internal static class SequenceClassificationData
{
    /// <summary>Checks that <paramref name="column"/> is a vector of Single.</summary>
    public static void CheckFrames(DataViewSchema.Column column)
    {
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType number } || number.RawType != typeof(float))
        {
            throw new ArgumentOutOfRangeException(nameof(column), $"Frames column '{column.Name}' has type {column.Type}; expected a vector of Single holding each row's frames one after another.");
        }
    }

    /// <summary>
    /// Checks one row's values: a whole number of frames of <paramref name="frameSize"/> features, all finite.
    /// </summary>
    /// <exception cref="InvalidDataException">The row's length or a value is wrong; the message names the row, frame and feature.</exception>
    public static void CheckRow(ReadOnlySpan<float> values, int frameSize, long row, string column, string what)
    {
        if (values.Length % frameSize != 0)
        {
            throw new InvalidDataException(
                $"Row {row} of the {what} has {values.Length} values in column '{column}', not a whole number of frames of FrameSize {frameSize} features " +
                $"({values.Length / frameSize} frames and {values.Length % frameSize} values left over). Check FrameSize and the row's frames.");
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new InvalidDataException($"Row {row} of the {what} has {values[i]} at frame {i / frameSize}, feature {i % frameSize} of column '{column}'; expected finite numbers.");
            }
        }
    }

    /// <summary>
    /// Reads every labelled row (raw, not normalized), matching labels to <paramref name="classNames"/>
    /// by value and skipping rows with a missing label. Rows are numbered from 1 in messages.
    /// </summary>
    public static (float[][] Frames, int[] Labels) Read(IDataView data, string framesColumn, string labelColumn, int frameSize, IReadOnlyList<string> classNames, string what)
    {
        var frames = data.Schema.GetColumnOrNull(framesColumn)
            ?? throw new ArgumentOutOfRangeException(nameof(framesColumn), $"The {what} has no column '{framesColumn}'; expected a vector of Single holding each row's frames.");
        CheckFrames(frames);
        var label = data.Schema.GetColumnOrNull(labelColumn)
            ?? throw new ArgumentOutOfRangeException(nameof(labelColumn), $"The {what} has no label column '{labelColumn}'.");
        var readLabel = TextClassificationData.LabelReader(label, classNames, what);

        var rows = new List<float[]>();
        var labels = new List<int>();
        using var cursor = data.GetRowCursor(new[] { frames, label });
        var getFrames = cursor.GetGetter<VBuffer<float>>(frames);
        var getLabel = readLabel(cursor);
        VBuffer<float> buffer = default;
        long row = 0;
        while (cursor.MoveNext())
        {
            row++;
            var y = getLabel();
            if (y < 0)
            {
                continue;
            }

            getFrames(ref buffer);
            var values = buffer.DenseValues().ToArray();
            CheckRow(values, frameSize, row, framesColumn, what);
            rows.Add(values);
            labels.Add(y);
        }

        return (rows.ToArray(), labels.ToArray());
    }
}
