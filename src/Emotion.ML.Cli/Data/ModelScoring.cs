using Emotion.ML.Data;
using Emotion.ML.Evaluation;
using Emotion.ML.Onnx;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Cli.Data;

/// <summary>Class probabilities of image or frame-sequence rows from a saved model: the archive's pipeline, or ONNX Runtime.</summary>
internal static class ModelScoring
{
    /// <summary>The model's class names and one probability row per input row.</summary>
    public sealed record Scores(string[] Classes, float[][] Probabilities);

    /// <summary>Scores images (2,304 pixels each for FER models) with an archive (TorchSharp, or its ONNX form with <paramref name="onnx"/>) or an <c>.onnx</c> file.</summary>
    public static Scores Images(string modelPath, bool onnx, IReadOnlyList<FaceImageExample> rows)
    {
        if (onnx || OnnxModels.IsOnnxFile(modelPath))
        {
            var options = new OnnxClassifierOptions { Log = line => Console.Error.WriteLine($"note: {line}") };
            using var classifier = OnnxModels.IsOnnxFile(modelPath) ? OnnxImageClassifier.Load(modelPath, options) : OnnxImageClassifier.LoadFromArchive(modelPath, options);
            return new Scores(classifier.ClassNames.ToArray(), classifier.PredictProbabilities(rows.Select(r => r.Pixels).ToArray()));
        }

        var ml = new MLContext(seed: 1);
        return Pipeline(ml, ml.Model.LoadEmotionModel(modelPath, out _), ml.Data.LoadFromEnumerable(rows));
    }

    /// <summary>Scores frame sequences with an archive.</summary>
    /// <exception cref="NotSupportedException">An ONNX form was asked for: the command line scores sequence models through their archive.</exception>
    public static Scores Sequences(string modelPath, bool onnx, IReadOnlyList<SequenceExample> rows)
    {
        if (onnx || OnnxModels.IsOnnxFile(modelPath))
        {
            throw new NotSupportedException($"'{modelPath}': the command line scores frame-sequence models through their model archive (.zip), not ONNX; run the exported .onnx file with ONNX Runtime (inputs frames and lengths).");
        }

        var ml = new MLContext(seed: 1);
        return Pipeline(ml, ml.Model.LoadEmotionModel(modelPath, out _), ml.Data.LoadFromEnumerable(rows));
    }

    /// <summary>The classification report of <paramref name="scores"/> against the <paramref name="truth"/> labels.</summary>
    /// <exception cref="InvalidDataException">A label is not one of the model's classes; the message names the file and row.</exception>
    public static ClassificationReport Report(Scores scores, IReadOnlyList<string> truth, string dataPath)
    {
        var classes = scores.Classes.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
        var expected = new int[truth.Count];
        for (var i = 0; i < expected.Length; i++)
        {
            if (!classes.TryGetValue(truth[i], out expected[i]))
            {
                throw new InvalidDataException($"{dataPath}: data row {i + 1} has label '{truth[i]}', which is not one of the model's classes ({string.Join(", ", scores.Classes)}).");
            }
        }

        var predicted = scores.Probabilities.Select(p => Array.IndexOf(p, p.Max())).ToArray();
        return ClassificationReport.Compute(scores.Classes, expected, predicted, scores.Probabilities);
    }

    private static Scores Pipeline(MLContext ml, ITransformer model, IDataView data)
    {
        var scored = model.Transform(data);
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        scored.Schema["Score"].GetSlotNames(ref slotNames);
        var classes = slotNames.DenseValues().Select(n => n.ToString()).ToArray();
        return new Scores(classes, scored.GetColumn<float[]>("Score").ToArray());
    }
}
