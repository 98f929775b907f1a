using System.IO.Compression;
using System.Text.Json.Nodes;
using Emotion.ML.Onnx;
using Emotion.ML.Persistence;
using Emotion.ML.TorchSharp.Tests.Trainers;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;

namespace Emotion.ML.TorchSharp.Tests.Persistence;

[Collection(SerialTorchCollection.Name)]
public sealed class ImageClassifierArchiveTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("emotion-image-archive-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private (MLContext Ml, ITransformer Model, IDataView Train, string Path) SavedModel()
    {
        var ml = new MLContext(1);
        var train = ml.Data.LoadFromEnumerable(ImageSamples.Shapes(60, 1));
        var options = ImageSamples.TinyOptions();
        options.MaxEpochs = 2;
        options.ValidationFraction = 0.2;
        var model = ImageSamples.Train(ml, train, options);
        var path = Path.Combine(folder, "shapes.zip");
        ml.Model.SaveEmotionModel(model, train.Schema, path);
        return (ml, model, train, path);
    }

    [Fact]
    public void Loaded_image_classifier_scores_bit_identically_and_its_onnx_form_agrees()
    {
        var (ml, model, _, path) = SavedModel();
        var test = ml.Data.LoadFromEnumerable(ImageSamples.Shapes(20, 2));
        var loaded = ml.Model.LoadEmotionModel(path, out var schema);
        Assert.NotNull(schema.GetColumnOrNull("Pixels"));
        var original = ImageSamples.Classifier(model);
        var restored = ImageSamples.Classifier(loaded);

        // The weights come back bit for bit; libtorch's convolution kernels may still round the
        // last bit differently from one call to the next, so the scores are compared to 1e-6.
        var savedWeights = original.Network.parameters().Select(p => p.detach().cpu().data<float>().ToArray()).ToArray();
        var loadedWeights = restored.Network.parameters().Select(p => p.detach().cpu().data<float>().ToArray()).ToArray();
        Assert.Equal(savedWeights, loadedWeights);
        var savedScores = ImageSamples.Scores(ml, model, test).SelectMany(s => s).ToArray();
        var loadedScores = ImageSamples.Scores(ml, loaded, test).SelectMany(s => s).ToArray();
        Assert.Equal(savedScores.Length, loadedScores.Length);
        Assert.InRange(savedScores.Zip(loadedScores, (e, a) => Math.Abs(e - a)).Max(), 0, 1e-6);
        Assert.Equal(original.ClassNames, restored.ClassNames);
        Assert.Equal((12, 12), (restored.ImageWidth, restored.ImageHeight));
        Assert.Equal("Pixels", restored.PixelsColumnName);
        Assert.Equal(original.History.Epochs.Count, restored.History.Epochs.Count);

        using (var zip = ZipFile.OpenRead(path))
        {
            var names = zip.Entries.Select(e => e.FullName).Where(n => n.Contains("-ImageClassifier/")).Select(Path.GetFileName).ToArray();
            Assert.Equal(new[] { "classifier.json", "network.json", "weights.bin", "model.onnx", "history.json" }, names);
        }

        // The archive's ONNX form, read by Emotion.ML alone, gives the TorchSharp probabilities.
        using var onnx = OnnxImageClassifier.LoadFromArchive(path, new OnnxClassifierOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpNumThreads = 1 });
        var images = ImageSamples.Shapes(20, 2).Select(r => r.Pixels).ToArray();
        var expected = original.PredictProbabilities(images).SelectMany(p => p).ToArray();
        Assert.InRange(Onnx.OnnxParity.MaxAbsDifference(expected, onnx.PredictProbabilities(images).SelectMany(p => p).ToArray()), 0, Onnx.OnnxParity.Tolerance);
        Assert.Equal(original.ClassNames, onnx.ClassNames);
        Assert.Equal(144, onnx.PixelCount);
    }

    [Fact]
    public void A_damaged_image_step_fails_naming_the_archive_and_entry()
    {
        var (ml, _, _, path) = SavedModel();
        var broken = Path.Combine(folder, "broken.zip");
        File.Copy(path, broken);
        using (var zip = ZipFile.Open(broken, ZipArchiveMode.Update))
        {
            var entry = zip.Entries.Single(e => e.FullName.EndsWith("-ImageClassifier/classifier.json", StringComparison.Ordinal));
            JsonNode json;
            using (var stream = entry.Open())
            {
                json = JsonNode.Parse(stream)!;
            }

            json["imageWidth"] = 13;
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(entry.FullName).Open());
            writer.Write(json.ToJsonString());
        }

        var error = Assert.Throws<EmotionModelFormatException>(() => ml.Model.LoadEmotionModel(broken, out _));
        Assert.Contains("broken.zip", error.Message);
        Assert.EndsWith("-ImageClassifier/network.json", error.Entry);
        Assert.Contains("13x12", error.Message);

        var onnxError = Assert.Throws<EmotionModelFormatException>(() => OnnxImageClassifier.LoadFromArchive(broken));
        Assert.EndsWith("-ImageClassifier/model.onnx", onnxError.Entry);
        Assert.Contains("12x12", onnxError.Message);
    }
}
