namespace Emotion.ML.Evaluation;

/// <summary>
/// Precision, recall, F1 and support of one class, as one row of a <see cref="ClassificationReport"/>.
/// </summary>
/// <remarks>
/// Undefined ratios are reported as 0, like scikit-learn's <c>zero_division=0</c>: the precision of a
/// class that is never predicted, the recall of a class with no samples, and the F1 of a class whose
/// precision and recall are both 0.
/// </remarks>
public sealed class ClassMetrics
{
    internal ClassMetrics(string name, double precision, double recall, double f1, int support)
    {
        Name = name;
        Precision = precision;
        Recall = recall;
        F1 = f1;
        Support = support;
    }

    /// <summary>Gets the class name.</summary>
    public string Name { get; }

    /// <summary>Gets the fraction of samples predicted as this class that truly belong to it (0 when it is never predicted).</summary>
    public double Precision { get; }

    /// <summary>Gets the fraction of this class's samples that were predicted as this class (0 when the class has no samples).</summary>
    public double Recall { get; }

    /// <summary>Gets the harmonic mean of <see cref="Precision"/> and <see cref="Recall"/> (0 when both are 0).</summary>
    public double F1 { get; }

    /// <summary>Gets the number of samples whose true class is this class.</summary>
    public int Support { get; }

    /// <summary>Computes the metrics of one class from its counts.</summary>
    /// <param name="name">The class name.</param>
    /// <param name="truePositives">Samples of this class predicted as this class.</param>
    /// <param name="predicted">Samples predicted as this class (the confusion matrix column sum).</param>
    /// <param name="support">Samples of this class (the confusion matrix row sum).</param>
    internal static ClassMetrics FromCounts(string name, int truePositives, int predicted, int support)
    {
        double precision = predicted > 0 ? (double)truePositives / predicted : 0;
        double recall = support > 0 ? (double)truePositives / support : 0;
        return new ClassMetrics(name, precision, recall, HarmonicMean(precision, recall), support);
    }

    internal static double HarmonicMean(double precision, double recall) =>
        precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;

    /// <summary>Returns the class name and its figures, e.g. <c>joy: P=0.9000 R=0.8000 F1=0.8471 n=100</c>.</summary>
    /// <returns>A one-line summary.</returns>
    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{Name}: P={Precision:F4} R={Recall:F4} F1={F1:F4} n={Support}");
}
