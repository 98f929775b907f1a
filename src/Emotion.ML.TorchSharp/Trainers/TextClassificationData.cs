using Emotion.ML.Pipeline;
using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>Reads token ids and labels out of ML.NET data for the training loop.</summary>
internal static class TextClassificationData
{
    /// <summary>The label column's class names (its key values), in key order.</summary>
    public static string[] ClassNames(DataViewSchema.Column label)
    {
        if (label.Type is not KeyDataViewType key)
        {
            throw new ArgumentOutOfRangeException(nameof(label), $"Label column '{label.Name}' has type {label.Type}; expected a key type (apply MapValueToKey to it first).");
        }

        var count = checked((int)key.Count);
        var names = Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (label.Annotations.Schema.GetColumnOrNull(AnnotationKinds.KeyValues) is { } column && column.Type is VectorDataViewType { ItemType: TextDataViewType })
        {
            VBuffer<ReadOnlyMemory<char>> values = default;
            label.Annotations.GetValue(AnnotationKinds.KeyValues, ref values);
            var i = 0;
            foreach (var value in values.DenseValues())
            {
                names[i++] = value.ToString();
            }
        }

        return names;
    }

    /// <summary>Checks that <paramref name="column"/> is a variable-length vector of Int32 token ids.</summary>
    public static void CheckTokens(DataViewSchema.Column column)
    {
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType number } || number.RawType != typeof(int))
        {
            throw new ArgumentOutOfRangeException(nameof(column), $"Tokens column '{column.Name}' has type {column.Type}; expected a vector of Int32 token ids from TokenizeToIds.");
        }
    }

    /// <summary>
    /// Reads every labelled row, matching labels to <paramref name="classNames"/> by value and
    /// skipping rows with a missing label.
    /// </summary>
    public static TrainingData Read(IDataView data, string tokensColumn, string labelColumn, int vocabularySize, IReadOnlyList<string> classNames, string what)
    {
        var tokens = data.Schema.GetColumnOrNull(tokensColumn)
            ?? throw new ArgumentOutOfRangeException(nameof(tokensColumn), $"The {what} has no column '{tokensColumn}'; expected the token ids from TokenizeToIds.");
        CheckTokens(tokens);
        var label = data.Schema.GetColumnOrNull(labelColumn)
            ?? throw new ArgumentOutOfRangeException(nameof(labelColumn), $"The {what} has no label column '{labelColumn}'.");
        var readLabel = LabelReader(label, classNames, what);

        var rows = new List<int[]>();
        var labels = new List<int>();
        using var cursor = data.GetRowCursor(new[] { tokens, label });
        var getTokens = cursor.GetGetter<VBuffer<int>>(tokens);
        var getLabel = readLabel(cursor);
        VBuffer<int> buffer = default;
        long row = 0;
        while (cursor.MoveNext())
        {
            row++;
            var y = getLabel();
            if (y < 0)
            {
                continue;
            }

            getTokens(ref buffer);
            var ids = buffer.DenseValues().ToArray();
            foreach (var id in ids)
            {
                if (id < 0 || id >= vocabularySize)
                {
                    throw new ArgumentOutOfRangeException(nameof(data), $"Row {row} of the {what} has token id {id}, outside the vocabulary of {vocabularySize} words (0..{vocabularySize - 1}).");
                }
            }

            rows.Add(ids);
            labels.Add(y);
        }

        return new TrainingData(rows.ToArray(), labels.ToArray());
    }

    /// <summary>
    /// Brings raw validation data to the trainer's input form by replaying the Emotion.ML transforms
    /// that produced <paramref name="trainingInput"/>, when the validation data lacks the tokens column.
    /// </summary>
    public static IDataView PrepareValidation(IDataView validation, IDataView trainingInput, string tokensColumn)
    {
        if (validation.Schema.GetColumnOrNull(tokensColumn) is not null)
        {
            return validation;
        }

        var steps = new Stack<RowMappingTransformerBase>();
        for (var view = trainingInput; view is MappedDataView mapped; view = mapped.Input)
        {
            steps.Push(mapped.Transformer);
        }

        var result = validation;
        foreach (var step in steps)
        {
            result = step.Transform(result);
        }

        if (result.Schema.GetColumnOrNull(tokensColumn) is null)
        {
            throw new ArgumentOutOfRangeException(nameof(validation),
                $"The validation set has no column '{tokensColumn}', and it could not be derived: only Emotion.ML transforms placed " +
                "directly before the trainer are replayed on validation data. Transform the validation set with the fitted preprocessing first.");
        }

        return result;
    }

    /// <summary>Reads a label column (key or text) as indices into <paramref name="classNames"/>, -1 for a missing label.</summary>
    internal static Func<DataViewRowCursor, Func<int>> LabelReader(DataViewSchema.Column label, IReadOnlyList<string> classNames, string what)
    {
        var byName = classNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        int Resolve(string name) => byName.TryGetValue(name, out var index)
            ? index
            : throw new ArgumentOutOfRangeException(nameof(label), $"The {what} has label '{name}', which the training data does not have (classes: {string.Join(", ", classNames)}).");

        if (label.Type is TextDataViewType)
        {
            return cursor =>
            {
                var get = cursor.GetGetter<ReadOnlyMemory<char>>(label);
                ReadOnlyMemory<char> value = default;
                return () =>
                {
                    get(ref value);
                    return value.IsEmpty ? -1 : Resolve(value.ToString());
                };
            };
        }

        if (label.Type is KeyDataViewType key)
        {
            var names = ClassNames(label);
            // Keys are matched by name, so a validation set keyed in another order still lines up.
            var map = names.Select(n => byName.TryGetValue(n, out var i) ? i : -2).ToArray();
            return cursor =>
            {
                var get = KeyGetter(cursor, label, key);
                return () =>
                {
                    var k = get();
                    if (k == 0)
                    {
                        return -1;
                    }

                    var index = map[k - 1];
                    return index >= 0 ? index : Resolve(names[k - 1]);
                };
            };
        }

        throw new ArgumentOutOfRangeException(nameof(label), $"Label column '{label.Name}' of the {what} has type {label.Type}; expected a key type or text.");
    }

    private static Func<int> KeyGetter(DataViewRowCursor cursor, DataViewSchema.Column label, KeyDataViewType key)
    {
        switch (Type.GetTypeCode(key.RawType))
        {
            case TypeCode.Byte:
                {
                    var get = cursor.GetGetter<byte>(label);
                    byte v = 0;
                    return () => { get(ref v); return v; };
                }

            case TypeCode.UInt16:
                {
                    var get = cursor.GetGetter<ushort>(label);
                    ushort v = 0;
                    return () => { get(ref v); return v; };
                }

            case TypeCode.UInt64:
                {
                    var get = cursor.GetGetter<ulong>(label);
                    ulong v = 0;
                    return () => { get(ref v); return checked((int)v); };
                }

            default:
                {
                    var get = cursor.GetGetter<uint>(label);
                    uint v = 0;
                    return () => { get(ref v); return checked((int)v); };
                }
        }
    }
}
