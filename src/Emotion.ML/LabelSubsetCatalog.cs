using Emotion.ML.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML;

/// <summary>Label subsets on ML.NET's data catalog: turn a multi-class data set into a smaller or binary problem.</summary>
public static class LabelSubsetCatalog
{
    /// <summary>
    /// The rows of <paramref name="data"/> whose text label is one of <paramref name="labels"/>
    /// (e.g. anger vs joy out of TweetEval's four emotions); apply it before <c>MapValueToKey</c>
    /// so the label's key values are exactly the kept labels. The trainers handle two classes like any other number.
    /// </summary>
    /// <param name="catalog">The data catalog (<c>ml.Data</c>).</param>
    /// <param name="data">The data, with a text label column.</param>
    /// <param name="labelColumnName">The text label column.</param>
    /// <param name="labels">The labels to keep (at least one; compared exactly).</param>
    /// <returns>A lazy view over the kept rows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The label column is missing or not text; the message names it.</exception>
    /// <exception cref="ArgumentException"><paramref name="labels"/> is empty.</exception>
    public static IDataView KeepLabels(this DataOperationsCatalog catalog, IDataView data, string labelColumnName, params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length == 0)
        {
            throw new ArgumentException("Give at least one label to keep.", nameof(labels));
        }

        var column = data.Schema.GetColumnOrNull(labelColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(labelColumnName), $"Label column '{labelColumnName}' was not found; expected a text column.");
        if (column.Type is not TextDataViewType)
        {
            throw new ArgumentOutOfRangeException(nameof(labelColumnName), $"Label column '{labelColumnName}' has type {column.Type}; expected text (apply KeepLabels before MapValueToKey).");
        }

        return new LabelSubsetDataView(data, column, new HashSet<string>(labels, StringComparer.Ordinal));
    }
}
