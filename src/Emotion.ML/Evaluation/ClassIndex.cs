using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Evaluation;

/// <summary>
/// The growing list of class names of one evaluation, and the readers that turn a label or predicted-label
/// column (key or text) into 0-based indices into it. Classes are matched by name, so a label keyed in a
/// different order than the model's scores still lands on the right class.
/// </summary>
internal sealed class ClassIndex
{
    internal const string SlotNamesKind = "SlotNames";
    internal const string KeyValuesKind = "KeyValues";

    private readonly List<string> _names = new();
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Names => _names;

    public int Count => _names.Count;

    /// <summary>Returns the index of a class, adding it at the end when it is new.</summary>
    public int IndexOf(string name)
    {
        if (!_byName.TryGetValue(name, out int index))
        {
            index = _names.Count;
            _names.Add(name);
            _byName.Add(name, index);
        }
        return index;
    }

    /// <summary>
    /// Reads a vector annotation (slot names, key values) of exactly <paramref name="size"/> items as names,
    /// or null when there is none. Numeric key values (a label keyed from numbers, e.g. 0 to 5) are written
    /// in invariant culture.
    /// </summary>
    public static string[]? ReadNames(DataViewSchema.Column column, string kind, int size)
    {
        var annotation = column.Annotations.Schema.GetColumnOrNull(kind);
        if (annotation?.Type is not VectorDataViewType type || type.Size != size)
            return null;
        var raw = type.ItemType.RawType;
        if (type.ItemType is TextDataViewType)
            return Read<ReadOnlyMemory<char>>(column.Annotations, kind, v => v.ToString());
        if (raw == typeof(float))
            return Read<float>(column.Annotations, kind, v => v.ToString("R", CultureInfo.InvariantCulture));
        if (raw == typeof(double))
            return Read<double>(column.Annotations, kind, v => v.ToString("R", CultureInfo.InvariantCulture));
        if (raw == typeof(int))
            return Read<int>(column.Annotations, kind, v => v.ToString(CultureInfo.InvariantCulture));
        if (raw == typeof(long))
            return Read<long>(column.Annotations, kind, v => v.ToString(CultureInfo.InvariantCulture));
        if (raw == typeof(uint))
            return Read<uint>(column.Annotations, kind, v => v.ToString(CultureInfo.InvariantCulture));
        if (raw == typeof(bool))
            return Read<bool>(column.Annotations, kind, v => v ? "true" : "false");
        return null;
    }

    private static string[] Read<T>(DataViewSchema.Annotations annotations, string kind, Func<T, string> toName)
    {
        VBuffer<T> values = default;
        annotations.GetValue(kind, ref values);
        return values.DenseValues().Select(toName).ToArray();
    }

    /// <summary>
    /// Builds a getter of class indices (-1 for a missing value) for a key or text column. A key with key
    /// values is matched by name; a key without them is taken as the class at position key - 1, the
    /// convention ML.NET's evaluator uses.
    /// </summary>
    public Func<int> CreateReader(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type is TextDataViewType)
        {
            var text = row.GetGetter<ReadOnlyMemory<char>>(column);
            ReadOnlyMemory<char> value = default;
            return () =>
            {
                text(ref value);
                // An empty text label is ML.NET's missing value for text.
                return value.IsEmpty ? -1 : IndexOf(value.ToString());
            };
        }

        var keyType = (KeyDataViewType)column.Type;
        int keyCount = checked((int)keyType.Count);
        var keyToClass = new int[keyCount + 1];
        keyToClass[0] = -1;
        var keyNames = ReadNames(column, KeyValuesKind, keyCount);
        for (int k = 1; k <= keyCount; k++)
            keyToClass[k] = keyNames is null ? PositionalIndex(k - 1) : IndexOf(keyNames[k - 1]);

        var key = CreateKeyGetter(row, column);
        return () =>
        {
            ulong k = key();
            // Keys beyond the declared count cannot be named; treat them as missing rather than guess.
            return k < (ulong)keyToClass.Length ? keyToClass[k] : -1;
        };
    }

    /// <summary>Makes sure classes 0 to <paramref name="count"/> - 1 exist, naming unnamed ones by position.</summary>
    public void CreatePositions(int count)
    {
        if (count > 0)
            PositionalIndex(count - 1);
    }

    private int PositionalIndex(int position)
    {
        while (_names.Count <= position)
        {
            // Unnamed classes are called by their position; a clash with a real name gets a '#' prefix.
            string name = _names.Count.ToString(CultureInfo.InvariantCulture);
            while (_byName.ContainsKey(name))
                name = "#" + name;
            IndexOf(name);
        }
        return position;
    }

    private static Func<ulong> CreateKeyGetter(DataViewRow row, DataViewSchema.Column column)
    {
        // ML.NET keys may be stored in any unsigned integer width; MapValueToKey uses uint.
        var raw = column.Type.RawType;
        if (raw == typeof(uint))
            return Widen(row.GetGetter<uint>(column), v => v);
        if (raw == typeof(ulong))
            return Widen(row.GetGetter<ulong>(column), v => v);
        if (raw == typeof(ushort))
            return Widen(row.GetGetter<ushort>(column), v => v);
        return Widen(row.GetGetter<byte>(column), v => v);
    }

    private static Func<ulong> Widen<T>(ValueGetter<T> getter, Func<T, ulong> toUInt64)
    {
        T value = default!;
        return () =>
        {
            getter(ref value);
            return toUInt64(value);
        };
    }
}
