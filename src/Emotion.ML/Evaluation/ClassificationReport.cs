namespace Emotion.ML.Evaluation;

/// <summary>
/// The evaluation of a multiclass classifier on a labelled set: accuracy, macro- and weighted-average
/// precision/recall/F1, per-class figures, the confusion matrix and, when probabilities are known, the
/// log-loss. Immutable.
/// </summary>
/// <remarks>
/// <para>Undefined ratios count as 0, like scikit-learn's <c>zero_division=0</c>: a class never
/// predicted has precision 0, a class with no samples has recall 0 (see <see cref="ClassMetrics"/>).</para>
/// <para>Macro averages are the unweighted mean over the classes that occur in the truth or in the
/// predictions (scikit-learn's default label set); a class absent from both is listed in
/// <see cref="PerClass"/> with zeros but does not pull the averages down. When every predicted class
/// also has samples, <see cref="MacroRecall"/> equals ML.NET's <c>MacroAccuracy</c>. Weighted averages
/// weight each class by its support.</para>
/// <para>Log-loss matches ML.NET's <c>MulticlassClassificationMetrics.LogLoss</c>: the mean over samples
/// of <c>-ln(p)</c>, where <c>p</c> is the probability given to the true class clamped to
/// [<c>(float)1e-15</c>, 1] in single precision.</para>
/// </remarks>
public sealed class ClassificationReport
{
    /// <summary>The lower clamp of a true-class probability, the same single-precision value ML.NET's evaluator uses.</summary>
    internal const float LogLossEpsilon = (float)1e-15;

    internal ClassificationReport(
        IReadOnlyList<string> classNames,
        int count,
        double accuracy,
        (double Precision, double Recall, double F1) macro,
        (double Precision, double Recall, double F1) weighted,
        double? logLoss,
        IReadOnlyList<ClassMetrics> perClass,
        ConfusionMatrix confusion)
    {
        ClassNames = classNames;
        Count = count;
        Accuracy = accuracy;
        (MacroPrecision, MacroRecall, MacroF1) = macro;
        (WeightedPrecision, WeightedRecall, WeightedF1) = weighted;
        LogLoss = logLoss;
        PerClass = perClass;
        Confusion = confusion;
    }

    /// <summary>Gets the class names; index <c>i</c> is class id <c>i</c> everywhere in the report.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Gets the number of evaluated samples.</summary>
    public int Count { get; }

    /// <summary>Gets the fraction of samples predicted correctly (ML.NET's <c>MicroAccuracy</c>).</summary>
    public double Accuracy { get; }

    /// <summary>Gets the unweighted mean of the per-class precisions.</summary>
    public double MacroPrecision { get; }

    /// <summary>Gets the unweighted mean of the per-class recalls.</summary>
    public double MacroRecall { get; }

    /// <summary>Gets the unweighted mean of the per-class F1 scores (the usual "macro-F1").</summary>
    public double MacroF1 { get; }

    /// <summary>Gets the support-weighted mean of the per-class precisions.</summary>
    public double WeightedPrecision { get; }

    /// <summary>Gets the support-weighted mean of the per-class recalls (equal to <see cref="Accuracy"/>).</summary>
    public double WeightedRecall { get; }

    /// <summary>Gets the support-weighted mean of the per-class F1 scores.</summary>
    public double WeightedF1 { get; }

    /// <summary>Gets the mean negative log-probability of the true class, or <see langword="null"/> when no probabilities were given.</summary>
    public double? LogLoss { get; }

    /// <summary>Gets one entry per class, in <see cref="ClassNames"/> order.</summary>
    public IReadOnlyList<ClassMetrics> PerClass { get; }

    /// <summary>Gets the confusion matrix (rows: true class, columns: predicted class).</summary>
    public ConfusionMatrix Confusion { get; }

    /// <summary>Computes the report from true and predicted class ids.</summary>
    /// <param name="classNames">The class names, distinct and non-empty; id <c>i</c> names class <c>i</c>.</param>
    /// <param name="truth">The true class id of each sample (0-based).</param>
    /// <param name="predicted">The predicted class id of each sample (0-based), as long as <paramref name="truth"/>.</param>
    /// <param name="probabilities">
    /// Optional: for each sample, the probability of every class (one row per sample, one finite value per
    /// class). When given, <see cref="LogLoss"/> is computed from the true class's probability.
    /// </param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="classNames"/> or a name is null.</exception>
    /// <exception cref="ArgumentException">No classes or samples, a blank or repeated name, lengths that differ, or a non-finite probability.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class id outside [0, number of classes).</exception>
    public static ClassificationReport Compute(
        IReadOnlyList<string> classNames,
        ReadOnlySpan<int> truth,
        ReadOnlySpan<int> predicted,
        float[][]? probabilities = null)
    {
        var names = ValidateClassNames(classNames);
        int classCount = names.Length;
        if (truth.Length == 0)
            throw new ArgumentException("There are no samples to evaluate: at least one true class id is needed.", nameof(truth));
        if (predicted.Length != truth.Length)
            throw new ArgumentException(
                $"Expected one predicted class id per sample ({truth.Length}) but got {predicted.Length}.", nameof(predicted));

        var counts = new int[classCount][];
        for (int c = 0; c < classCount; c++)
            counts[c] = new int[classCount];
        for (int i = 0; i < truth.Length; i++)
        {
            int t = CheckId(truth[i], classCount, i, nameof(truth));
            int p = CheckId(predicted[i], classCount, i, nameof(predicted));
            counts[t][p]++;
        }

        double? logLoss = probabilities is null ? null : ComputeLogLoss(truth, probabilities, classCount);
        return FromConfusion(names, counts, logLoss);
    }

    /// <summary>Derives every figure from the confusion counts; the counts array is owned by the report.</summary>
    internal static ClassificationReport FromConfusion(string[] names, int[][] counts, double? logLoss)
    {
        int classCount = names.Length;
        var predictedTotals = new int[classCount];
        int total = 0, correct = 0;
        for (int t = 0; t < classCount; t++)
        {
            for (int p = 0; p < classCount; p++)
            {
                predictedTotals[p] += counts[t][p];
                total += counts[t][p];
            }
            correct += counts[t][t];
        }

        var perClass = new ClassMetrics[classCount];
        double macroP = 0, macroR = 0, macroF = 0, weightedP = 0, weightedR = 0, weightedF = 0;
        int activeClasses = 0;
        for (int c = 0; c < classCount; c++)
        {
            int support = counts[c].Sum();
            var metrics = ClassMetrics.FromCounts(names[c], counts[c][c], predictedTotals[c], support);
            perClass[c] = metrics;
            weightedP += metrics.Precision * support;
            weightedR += metrics.Recall * support;
            weightedF += metrics.F1 * support;
            if (support == 0 && predictedTotals[c] == 0)
                continue;
            activeClasses++;
            macroP += metrics.Precision;
            macroR += metrics.Recall;
            macroF += metrics.F1;
        }

        var readOnlyNames = Array.AsReadOnly(names);
        return new ClassificationReport(
            readOnlyNames,
            total,
            (double)correct / total,
            (macroP / activeClasses, macroR / activeClasses, macroF / activeClasses),
            (weightedP / total, weightedR / total, weightedF / total),
            logLoss,
            Array.AsReadOnly(perClass),
            new ConfusionMatrix(readOnlyNames, counts));
    }

    /// <summary>Returns the report as a plain-text table in the layout of scikit-learn's <c>classification_report</c>, followed by the log-loss and the confusion matrix.</summary>
    /// <returns>The table, four decimals per figure.</returns>
    public override string ToString() => ClassificationReportText.Format(this, digits: 4);

    /// <summary>Returns the report as a plain-text table with the given number of decimals per figure.</summary>
    /// <param name="digits">Decimals for precision, recall, F1, accuracy and log-loss, from 0 to 10.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="digits"/> is outside [0, 10].</exception>
    public string ToString(int digits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 10);
        return ClassificationReportText.Format(this, digits);
    }

    /// <summary>
    /// Serializes the report to camelCase JSON: <c>count</c>, <c>accuracy</c>, the macro and weighted figures,
    /// <c>logLoss</c> (null when unknown), <c>perClass</c> (an object keyed by class name, in class order) and
    /// <c>confusion</c> (<c>classes</c> and <c>matrix</c>, rows = true class).
    /// </summary>
    /// <param name="indented">Whether to indent the JSON for reading.</param>
    /// <returns>The JSON text.</returns>
    public string ToJson(bool indented = true) => ClassificationReportJson.Write(this, indented);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The report, with the same numbers as the one serialized.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="System.Text.Json.JsonException">The text is not JSON of that shape; the message names the property.</exception>
    public static ClassificationReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ClassificationReportJson.Read(json);
    }

    /// <summary>Checks class names and copies them so later changes by the caller cannot alter the report.</summary>
    internal static string[] ValidateClassNames(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count == 0)
            throw new ArgumentException("At least one class name is needed.", nameof(classNames));
        var names = new string[classNames.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            var name = classNames[i];
            if (string.IsNullOrWhiteSpace(name))
                throw new ArgumentException($"Class name {i} is null or blank; every class needs a name.", nameof(classNames));
            if (!seen.Add(name))
                throw new ArgumentException($"Class name '{name}' appears more than once; names must be distinct.", nameof(classNames));
            names[i] = name;
        }
        return names;
    }

    private static int CheckId(int id, int classCount, int sample, string argument)
    {
        if ((uint)id >= (uint)classCount)
            throw new ArgumentOutOfRangeException(
                argument, id, $"Sample {sample} has class id {id}; expected an id in [0, {classCount}).");
        return id;
    }

    private static double ComputeLogLoss(ReadOnlySpan<int> truth, float[][] probabilities, int classCount)
    {
        if (probabilities.Length != truth.Length)
            throw new ArgumentException(
                $"Expected one probability row per sample ({truth.Length}) but got {probabilities.Length}.", nameof(probabilities));

        // Summed in sample order in double, clamped in float, exactly as ML.NET's evaluator does, so both agree to the last bits.
        double sum = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            var row = probabilities[i];
            if (row is null || row.Length != classCount)
                throw new ArgumentException(
                    $"Probability row {i} has {row?.Length.ToString() ?? "no"} values; expected one per class ({classCount}).", nameof(probabilities));
            foreach (var value in row)
            {
                if (!float.IsFinite(value))
                    throw new ArgumentException($"Probability row {i} holds a non-finite value ({value}).", nameof(probabilities));
            }
            float p = Math.Min(1f, Math.Max(LogLossEpsilon, row[truth[i]]));
            sum += -Math.Log(p);
        }
        return sum / truth.Length;
    }
}
