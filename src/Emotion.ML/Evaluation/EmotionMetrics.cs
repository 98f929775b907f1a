using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Evaluation;

/// <summary>
/// Builds a <see cref="ClassificationReport"/> from the output of any ML.NET multiclass model
/// (a label column, <c>PredictedLabel</c> and, optionally, <c>Score</c>).
/// </summary>
public static class EmotionMetrics
{
    /// <summary>
    /// Evaluates scored data: accuracy, per-class and averaged precision/recall/F1, the confusion matrix
    /// and, when the score column is present, the log-loss, with the same numbers as ML.NET's
    /// <c>MulticlassClassification.Evaluate</c> for accuracy, macro accuracy (= macro recall) and log-loss.
    /// </summary>
    /// <remarks>
    /// <para>The label and the predicted label may each be a key (from <c>MapValueToKey</c>, named through its
    /// key values) or text (after <c>MapKeyToValue</c>). Classes are matched by name, so the order of a key's
    /// values does not matter.</para>
    /// <para>Class order: the score column's slot names when present (ML.NET's multiclass trainers set them),
    /// else the label's key values, else the predicted label's key values; a class seen only in the data is
    /// appended in order of first appearance. Score slot <c>i</c> is the probability of class <c>i</c>; when the
    /// score column has no slot names and the classes cannot be tied to its slots, no log-loss is reported.</para>
    /// <para>Predictions are read from the predicted-label column, while ML.NET's evaluator takes the
    /// highest score; the two agree for ML.NET's trainers, and differ only for a model whose predicted label
    /// is not the arg-max of its scores.</para>
    /// <para>As in ML.NET's evaluator, rows with a missing label (key 0 or empty text) are skipped, and so are
    /// rows whose scores are not all finite and rows with a missing prediction.</para>
    /// </remarks>
    /// <param name="scored">The output of a fitted model's <c>Transform</c>.</param>
    /// <param name="labelColumnName">The true-label column: a key or text.</param>
    /// <param name="scoreColumnName">The score column: a known-size vector of <see cref="float"/> holding class probabilities; optional.</param>
    /// <param name="predictedLabelColumnName">The predicted-label column: a key or text.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scored"/> or a column name is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A required column is missing, or a column has the wrong type; the message names the column and the expected type.</exception>
    /// <exception cref="ArgumentException"><paramref name="scored"/> holds no labelled rows.</exception>
    public static ClassificationReport From(
        IDataView scored,
        string labelColumnName = "Label",
        string scoreColumnName = "Score",
        string predictedLabelColumnName = "PredictedLabel")
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(labelColumnName);
        ArgumentNullException.ThrowIfNull(scoreColumnName);
        ArgumentNullException.ThrowIfNull(predictedLabelColumnName);

        var schema = scored.Schema;
        var label = ClassColumn(schema, labelColumnName, nameof(labelColumnName), "label");
        var predicted = ClassColumn(schema, predictedLabelColumnName, nameof(predictedLabelColumnName), "predicted label");
        var score = ScoreColumn(schema, scoreColumnName, nameof(scoreColumnName));

        var classes = new ClassIndex();
        bool scoresTiedToClasses = SeedClasses(classes, label, predicted, score);

        var truth = new List<int>();
        var predictions = new List<int>();
        var scoreRows = score is null ? null : new List<float[]>();
        var columns = score is null ? new[] { label, predicted } : new[] { label, predicted, score.Value };
        using (var cursor = scored.GetRowCursor(columns))
        {
            var readLabel = classes.CreateReader(cursor, label);
            var readPrediction = classes.CreateReader(cursor, predicted);
            var readScores = score is null ? null : cursor.GetGetter<VBuffer<float>>(score.Value);
            VBuffer<float> scores = default;
            while (cursor.MoveNext())
            {
                int t = readLabel();
                if (t < 0)
                    continue;
                float[]? scoreRow = null;
                if (readScores is not null)
                {
                    readScores(ref scores);
                    scoreRow = scores.DenseValues().ToArray();
                    if (!scoreRow.All(float.IsFinite))
                        continue;
                }
                int p = readPrediction();
                if (p < 0)
                    continue;
                truth.Add(t);
                predictions.Add(p);
                scoreRows?.Add(scoreRow!);
            }
        }

        if (truth.Count == 0)
            throw new ArgumentException(
                $"The data has no rows with both a label in '{labelColumnName}' and a prediction in '{predictedLabelColumnName}' to evaluate.",
                nameof(scored));

        float[][]? probabilities = scoreRows is not null && scoresTiedToClasses
            ? scoreRows.Select(row => Widen(row, classes.Count)).ToArray()
            : null;
        return ClassificationReport.Compute(classes.Names, truth.ToArray(), predictions.ToArray(), probabilities);
    }

    /// <summary>Seeds the class list; returns whether score slot i is class i.</summary>
    private static bool SeedClasses(
        ClassIndex classes, DataViewSchema.Column label, DataViewSchema.Column predicted, DataViewSchema.Column? score)
    {
        int scoreSize = (score?.Type as VectorDataViewType)?.Size ?? 0;
        var seed = score is null ? null : ClassIndex.ReadNames(score.Value, ClassIndex.SlotNamesKind, scoreSize);
        bool fromScore = seed is not null;
        seed ??= KeyNames(label) ?? KeyNames(predicted);
        if (seed is null)
        {
            // Unnamed keys: ML.NET ties key k to score slot k - 1.
            if (label.Type is KeyDataViewType key)
            {
                classes.CreatePositions(checked((int)key.Count));
                return score is null || scoreSize == classes.Count;
            }
            return false;
        }
        foreach (var name in seed)
            classes.IndexOf(name);
        return fromScore || (score is not null && scoreSize == seed.Length);
    }

    private static string[]? KeyNames(DataViewSchema.Column column) =>
        column.Type is KeyDataViewType key ? ClassIndex.ReadNames(column, ClassIndex.KeyValuesKind, checked((int)key.Count)) : null;

    /// <summary>Pads a score row with zeros for classes the model never scored (seen only in the data), so their probability clamps to epsilon as in ML.NET.</summary>
    private static float[] Widen(float[] row, int classCount)
    {
        if (row.Length == classCount)
            return row;
        var wide = new float[classCount];
        Array.Copy(row, wide, Math.Min(row.Length, classCount));
        return wide;
    }

    private static DataViewSchema.Column ClassColumn(DataViewSchema schema, string name, string argument, string role)
    {
        string expected = $"a {role} column of key type (from MapValueToKey) or text";
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentOutOfRangeException(argument, name, $"The data has no column '{name}'; expected {expected}.");
        if (column.Type is not (KeyDataViewType or TextDataViewType))
            throw new ArgumentOutOfRangeException(argument, name, $"Column '{name}' is {column.Type}; expected {expected}.");
        return column;
    }

    private static DataViewSchema.Column? ScoreColumn(DataViewSchema schema, string name, string argument)
    {
        // The score column is optional: without it the report simply has no log-loss.
        var column = schema.GetColumnOrNull(name);
        if (column is null)
            return null;
        if (column.Value.Type is not VectorDataViewType { ItemType: NumberDataViewType, IsKnownSize: true } type
            || type.ItemType.RawType != typeof(float))
        {
            throw new ArgumentOutOfRangeException(
                argument, name,
                $"Column '{name}' is {column.Value.Type}; expected a score column that is a known-size vector of Single (class probabilities).");
        }
        return column;
    }
}
