using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>Reads image pixels and labels out of ML.NET data, checking every row.</summary>
internal static class ImageClassificationData
{
    /// <summary>Checks that <paramref name="column"/> is a vector of Single whose size, when fixed, is <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static void CheckPixels(DataViewSchema.Column column, int width, int height)
    {
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType number } vector || number.RawType != typeof(float))
        {
            throw new ArgumentOutOfRangeException(nameof(column), $"Pixels column '{column.Name}' has type {column.Type}; expected a vector of Single holding each row's {width}x{height} grayscale image, row-major.");
        }

        if (vector.Size > 0 && vector.Size != width * height)
        {
            throw new ArgumentOutOfRangeException(nameof(column), $"Pixels column '{column.Name}' holds {vector.Size} values per row; a {width}x{height} image has {width * height}. Check the image size options.");
        }
    }

    /// <summary>Checks one row: exactly <paramref name="width"/> x <paramref name="height"/> values, all finite.</summary>
    /// <exception cref="InvalidDataException">The row's size or a value is wrong; the message names the row and the pixel.</exception>
    public static void CheckRow(ReadOnlySpan<float> values, int width, int height, long row, string column, string what)
    {
        if (values.Length != width * height)
        {
            throw new InvalidDataException($"Row {row} of the {what} has {values.Length} values in column '{column}'; expected {width * height} (a {width}x{height} grayscale image, row-major).");
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new InvalidDataException($"Row {row} of the {what} has {values[i]} at pixel {i} (image row {i / width}, column {i % width}) of column '{column}'; expected finite values.");
            }
        }
    }

    /// <summary>
    /// Reads every labelled row into one block of pixels, matching labels to <paramref name="classNames"/>
    /// by value and skipping rows with a missing label. Rows are numbered from 1 in messages.
    /// </summary>
    public static (float[] Pixels, int[] Labels) Read(IDataView data, string pixelsColumn, string labelColumn, int width, int height, IReadOnlyList<string> classNames, string what)
    {
        var pixels = data.Schema.GetColumnOrNull(pixelsColumn)
            ?? throw new ArgumentOutOfRangeException(nameof(pixelsColumn), $"The {what} has no column '{pixelsColumn}'; expected a vector of Single holding each row's {width}x{height} image.");
        CheckPixels(pixels, width, height);
        var label = data.Schema.GetColumnOrNull(labelColumn)
            ?? throw new ArgumentOutOfRangeException(nameof(labelColumn), $"The {what} has no label column '{labelColumn}'.");
        var readLabel = TextClassificationData.LabelReader(label, classNames, what);

        var size = width * height;
        var block = new List<float>();
        var labels = new List<int>();
        using var cursor = data.GetRowCursor(new[] { pixels, label });
        var getPixels = cursor.GetGetter<VBuffer<float>>(pixels);
        var getLabel = readLabel(cursor);
        VBuffer<float> buffer = default;
        var dense = new float[size];
        long row = 0;
        while (cursor.MoveNext())
        {
            row++;
            var y = getLabel();
            if (y < 0)
            {
                continue;
            }

            getPixels(ref buffer);
            if (buffer.Length != size)
            {
                CheckRow(buffer.DenseValues().ToArray(), width, height, row, pixelsColumn, what);
            }

            buffer.CopyTo(dense);
            CheckRow(dense, width, height, row, pixelsColumn, what);
            block.AddRange(dense);
            labels.Add(y);
        }

        return (block.ToArray(), labels.ToArray());
    }
}
