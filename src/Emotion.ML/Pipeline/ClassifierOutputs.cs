using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Pipeline;

/// <summary>
/// ML.NET's multiclass output columns as every trained classifier appends them: <c>Score</c> (one
/// probability per class, slot names = class names) and <c>PredictedLabel</c> (a key over the classes),
/// whether TorchSharp or ONNX Runtime computes the probabilities.
/// </summary>
internal static class ClassifierOutputs
{
    /// <summary>The name of the probabilities column.</summary>
    public const string ScoreColumnName = "Score";

    /// <summary>The name of the predicted class column.</summary>
    public const string PredictedLabelColumnName = "PredictedLabel";

    /// <summary>The two output columns for <paramref name="classNames"/>.</summary>
    public static RowMapping.OutputColumn[] Columns(IReadOnlyList<string> classNames)
    {
        var names = new VBuffer<ReadOnlyMemory<char>>(classNames.Count, classNames.Select(n => n.AsMemory()).ToArray());
        var namesType = new VectorDataViewType(TextDataViewType.Instance, classNames.Count);
        var scoreAnnotations = new DataViewSchema.Annotations.Builder();
        scoreAnnotations.Add(AnnotationKinds.SlotNames, namesType, (ref VBuffer<ReadOnlyMemory<char>> v) => names.CopyTo(ref v));
        scoreAnnotations.Add(AnnotationKinds.ScoreColumnKind, TextDataViewType.Instance, (ref ReadOnlyMemory<char> v) => v = AnnotationKinds.MulticlassClassification.AsMemory());
        scoreAnnotations.Add(AnnotationKinds.ScoreValueKind, TextDataViewType.Instance, (ref ReadOnlyMemory<char> v) => v = AnnotationKinds.Score.AsMemory());
        var labelAnnotations = new DataViewSchema.Annotations.Builder();
        labelAnnotations.Add(AnnotationKinds.KeyValues, namesType, (ref VBuffer<ReadOnlyMemory<char>> v) => names.CopyTo(ref v));
        return new[]
        {
            new RowMapping.OutputColumn(ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, classNames.Count), scoreAnnotations.ToAnnotations()),
            new RowMapping.OutputColumn(PredictedLabelColumnName, new KeyDataViewType(typeof(uint), classNames.Count), labelAnnotations.ToAnnotations()),
        };
    }

    /// <summary>
    /// The getters of the two columns over <paramref name="probabilities"/>, which returns the current
    /// row's class probabilities (both columns share one computation per row).
    /// </summary>
    public static Delegate?[] Getters(Func<float[]> probabilities, Func<int, bool> isActive)
    {
        ValueGetter<VBuffer<float>> score = (ref VBuffer<float> destination) =>
        {
            var values = probabilities();
            var editor = VBufferEditor.Create(ref destination, values.Length);
            values.CopyTo(editor.Values);
            destination = editor.Commit();
        };
        ValueGetter<uint> predicted = (ref uint destination) =>
        {
            var values = probabilities();
            var best = 0;
            for (var i = 1; i < values.Length; i++)
            {
                if (values[i] > values[best])
                {
                    best = i;
                }
            }

            destination = (uint)(best + 1);
        };
        return new Delegate?[] { isActive(0) ? score : null, isActive(1) ? predicted : null };
    }
}
