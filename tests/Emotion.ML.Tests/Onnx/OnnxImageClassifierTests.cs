using System.Text.Json;
using Emotion.ML.Data;
using Emotion.ML.Onnx;
using Emotion.ML.Persistence;
using Emotion.ML.Testing;
using Microsoft.ML;

namespace Emotion.ML.Tests.Onnx;

/// <summary>
/// The committed face model (<c>Fixtures/fer-imagecnn.onnx</c> and its archive <c>fer-imagecnn.zip</c>),
/// scored by Emotion.ML alone (no TorchSharp in this test project), gives the probabilities TorchSharp
/// recorded at export (<c>fer-imagecnn.json</c>).
/// </summary>
public class OnnxImageClassifierTests
{
    private static readonly string Fixtures = Path.Combine(TestData.Root, "tests", "Emotion.ML.Tests", "Fixtures");
    private static readonly string ModelPath = Path.Combine(Fixtures, "fer-imagecnn.onnx");
    private static readonly string ArchivePath = Path.Combine(Fixtures, "fer-imagecnn.zip");
    private static readonly OnnxClassifierOptions Cpu = new() { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = 1 };

    private static IReadOnlyList<FaceImageExample> Faces() => Fer2013.Read(TestData.File("fer2013-sample/fer2013-sample.csv.gz"), Fer2013.PrivateTest);

    private static float[][] Recorded()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(ModelPath, ".json")));
        return document.RootElement.GetProperty("faces").EnumerateArray()
            .Select(f => f.GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle()).ToArray())
            .ToArray();
    }

    private static void AssertClose(float[][] expected, float[][] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var r = 0; r < expected.Length; r++)
        {
            for (var c = 0; c < expected[r].Length; c++)
            {
                Assert.InRange(Math.Abs(expected[r][c] - actual[r][c]), 0, 1e-4);
            }
        }
    }

    [Fact]
    public void The_onnx_file_and_the_archive_give_the_recorded_probabilities()
    {
        var pixels = Faces().Select(f => f.Pixels).ToArray();
        using var file = OnnxImageClassifier.Load(ModelPath, Cpu);
        using var archive = OnnxImageClassifier.LoadFromArchive(ArchivePath, Cpu);
        Assert.Equal(Fer2013.ClassNames, file.ClassNames);
        Assert.Equal((48, 48, 2304), (file.ImageWidth, file.ImageHeight, file.PixelCount));
        Assert.Equal("ImageCnn", file.Architecture);
        AssertClose(Recorded(), file.PredictProbabilities(pixels));
        AssertClose(Recorded(), archive.PredictProbabilities(pixels));

        var prediction = file.Predict(pixels[0]);
        Assert.Equal(file.ClassNames[prediction.LabelIndex], prediction.Label);
        Assert.Equal(1, prediction.Scores.Sum(), 4);
        Assert.Equal(prediction.Scores[prediction.LabelIndex], prediction.Probabilities[prediction.Label]);
    }

    [Fact]
    public void LoadEmotionModel_without_TorchSharp_scores_the_archive_through_its_onnx_form()
    {
        var ml = new MLContext(1);
        var model = ml.Model.LoadEmotionModel(ArchivePath, out var schema);
        var step = ((IEnumerable<ITransformer>)model).OfType<OnnxImageClassificationTransformer>().Single();
        Assert.Equal("Pixels", step.PixelsColumnName);
        Assert.NotNull(schema.GetColumnOrNull("Pixels"));
        var scored = ml.Data.CreateEnumerable<TestData.Prediction>(model.Transform(ml.Data.LoadFromEnumerable(Faces())), reuseRowObject: false).ToArray();
        AssertClose(Recorded(), scored.Select(s => s.Score).ToArray());
        Assert.All(scored, s => Assert.Contains(s.PredictedLabel, Fer2013.ClassNames));
    }

    [Fact]
    public void Images_of_the_wrong_size_or_with_NaN_are_rejected_naming_the_image()
    {
        using var classifier = OnnxImageClassifier.Load(ModelPath, Cpu);
        var good = Faces()[0].Pixels;
        var small = Assert.Throws<ArgumentException>(() => classifier.PredictProbabilities(new[] { good, good[..2000] }));
        Assert.Contains("Image 1 has 2000 pixel values; the model reads 2304 (48x48 grayscale, row-major)", small.Message);
        var nan = (float[])good.Clone();
        nan[100] = float.NaN;
        Assert.Contains("Image 0 has NaN at pixel 100 (row 2, column 4)", Assert.Throws<ArgumentException>(() => classifier.Predict(nan)).Message);
    }

    [Fact]
    public void A_text_model_is_not_an_image_model_and_the_reverse()
    {
        var text = Path.Combine(Fixtures, "carer-textcnn.onnx");
        var error = Assert.Throws<OnnxModelFormatException>(() => OnnxImageClassifier.Load(text, Cpu));
        Assert.Contains("expected the one input pixels float [batch, height * width]", error.Message);
        Assert.Contains("token_ids", Assert.Throws<OnnxModelFormatException>(() => OnnxTextClassifier.Load(ModelPath, Cpu)).Message);
        Assert.Contains("holds no image classifier", Assert.Throws<EmotionModelFormatException>(() => OnnxImageClassifier.LoadFromArchive(Path.Combine(Fixtures, "carer-textcnn.zip"), Cpu)).Message);
    }
}
