using Emotion.ML.Data;
using Google.Protobuf;
using Emotion.ML.Onnx;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Onnx;
using Emotion.ML.TorchSharp.Persistence;
using Emotion.ML.TorchSharp.Tests.Persistence;
using Emotion.ML.TorchSharp.Tests.Trainers;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Tests.Onnx;

/// <summary>Image classifiers exported to ONNX give TorchSharp's probabilities on raw pixels.</summary>
[Collection(SerialTorchCollection.Name)]
public class ImageOnnxExportTests
{
    private readonly ITestOutputHelper output;

    public ImageOnnxExportTests(ITestOutputHelper output) => this.output = output;

    /// <summary>The model's probabilities for <paramref name="images"/> fed as one [rows, pixels] batch.</summary>
    internal static float[] Run(InferenceSession session, IReadOnlyList<float[]> images)
    {
        var size = images[0].Length;
        var block = images.SelectMany(i => i).ToArray();
        using var pixels = OrtValue.CreateTensorValueFromMemory(block, new long[] { images.Count, size });
        using var run = new RunOptions();
        using var outputs = session.Run(run, new[] { OnnxModelContract.PixelsInput }, new[] { pixels }, new[] { OnnxModelContract.ProbabilitiesOutput });
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    [Fact]
    public void The_default_seed003_network_exports_with_parity_on_fer_faces()
    {
        torch.manual_seed(2);
        var network = new ImageCnnNetwork(48, 48, new[] { 32, 64, 128, 256 }, 2, 3, 0.25, new DenseLayer[] { new(256, DenseActivation.Relu, 0.5) }, 7, 1f / 255);
        // Random weights in [-1, 1], then batch-norm statistics from one train-mode pass over the faces
        // (momentum 1 keeps that batch's): every block's scale stays sane and the probabilities differ
        // from face to face, so a wrong evaluation form of batch norm would show.
        OnnxParity.Randomize(network);
        var calibration = ImageSamples.Fer().Select(f => f.Pixels).Take(24).ToArray();
        using (no_grad())
        {
            foreach (var (_, module) in network.named_modules())
            {
                if (module is BatchNorm norm)
                {
                    norm.momentum = 1;
                }
            }

            network.train();
            using var scope = NewDisposeScope();
            network.forward(tensor(calibration.SelectMany(i => i).ToArray(), new long[] { calibration.Length, calibration[0].Length }), ones(calibration.Length, dtype: ScalarType.Int64));
        }

        network.eval();
        var config = network.Config;
        var model = OnnxImageExport.Export(network, config, Fer2013.ClassNames);
        using var session = OnnxParity.Session(model.ToByteArray());
        var faces = ImageSamples.Fer().Skip(30).Take(12).Select(f => f.Pixels).ToArray();
        var expected = Torch(network, faces);
        var actual = Run(session, faces);
        var difference = OnnxParity.MaxAbsDifference(expected, actual);
        var spread = Enumerable.Range(0, 7).Max(c => expected.Where((_, i) => i % 7 == c).Max() - expected.Where((_, i) => i % 7 == c).Min());
        output.WriteLine($"seed-003 network: max abs difference {difference:E2}, probability spread {spread:F3}");
        Assert.InRange(difference, 0, OnnxParity.Tolerance);
        Assert.True(spread > 0.05, $"the probabilities barely depend on the face (spread {spread}); the comparison would prove little");

        // One image: the batch axis is free.
        Assert.InRange(OnnxParity.MaxAbsDifference(Torch(network, faces[..1]), Run(session, faces[..1])), 0, OnnxParity.Tolerance);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("48", metadata[OnnxModelContract.ImageWidthKey]);
        Assert.Equal("48", metadata[OnnxModelContract.ImageHeightKey]);
        Assert.Equal(NetworkConfig.ImageCnn, metadata[OnnxModelContract.ArchitectureKey]);
        Assert.Equal(new[] { -1, 2304 }, session.InputMetadata[OnnxModelContract.PixelsInput].Dimensions);
    }

    [Theory]
    [InlineData(1, 3, DenseActivation.Relu, true)]
    [InlineData(2, 5, DenseActivation.Tanh, false)]
    public void A_trained_classifier_exports_with_parity_for_other_block_shapes(int convolutionsPerBlock, int kernel, DenseActivation activation, bool batchNorm)
    {
        var ml = new MLContext(1);
        var options = ImageSamples.TinyOptions();
        options.ConvolutionsPerBlock = convolutionsPerBlock;
        options.KernelSize = kernel;
        options.DenseLayers = new DenseLayer[] { new(8, activation, 0.1, batchNorm) };
        options.MaxEpochs = 2;
        options.Augmentation = new ImageAugmentation();
        var model = ImageSamples.Train(ml, ml.Data.LoadFromEnumerable(ImageSamples.Shapes(60, 1)), options);
        var classifier = ImageSamples.Classifier(model);
        using var stream = new MemoryStream();
        classifier.ExportToOnnx(stream);
        using var session = OnnxParity.Session(stream.ToArray());
        var images = ImageSamples.Shapes(15, 2).Select(r => r.Pixels).ToArray();
        var difference = OnnxParity.MaxAbsDifference(classifier.PredictProbabilities(images).SelectMany(p => p).ToArray(), Run(session, images));
        output.WriteLine($"{convolutionsPerBlock} per block, kernel {kernel}, {activation}, batch norm {batchNorm}: {difference:E2}");
        Assert.InRange(difference, 0, OnnxParity.Tolerance);
    }

    [Fact]
    public void The_exported_image_model_runs_in_MLNet_ApplyOnnxModel_on_the_pixels_column()
    {
        var ml = new MLContext(1);
        var options = ImageSamples.TinyOptions();
        options.ImageWidth = options.ImageHeight = 48;
        options.MaxEpochs = 1;
        var train = ml.Data.LoadFromEnumerable(ImageSamples.Fer(Fer2013.Training));
        var model = ImageSamples.Train(ml, train, options);
        var classifier = ImageSamples.Classifier(model);
        var path = Path.Combine(Path.GetTempPath(), $"emotion-ml-image-{Guid.NewGuid():N}.onnx");
        try
        {
            classifier.ExportToOnnx(path);
            var faces = ml.Data.LoadFromEnumerable(ImageSamples.Fer(Fer2013.PrivateTest));
            // Fer2013 rows have a fixed-size Pixels vector (2,304), which ApplyOnnxModel feeds as [1, 2304].
            var onnx = ml.Transforms.CopyColumns(OnnxModelContract.PixelsInput, "Pixels")
                .Append(ml.Transforms.ApplyOnnxModel(OnnxModelContract.ProbabilitiesOutput, OnnxModelContract.PixelsInput, path))
                .Fit(faces);
            var actual = onnx.Transform(faces).GetColumn<float[]>(OnnxModelContract.ProbabilitiesOutput).SelectMany(p => p).ToArray();
            var expected = classifier.PredictProbabilities(ImageSamples.Fer(Fer2013.PrivateTest).Select(f => f.Pixels).ToArray()).SelectMany(p => p).ToArray();
            Assert.InRange(OnnxParity.MaxAbsDifference(expected, actual), 0, OnnxParity.Tolerance);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static float[] Torch(nn.Module<Tensor, Tensor, Tensor> network, float[][] images)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = tensor(images.SelectMany(i => i).ToArray(), new long[] { images.Length, images[0].Length });
        return nn.functional.softmax(network.forward(input, ones(images.Length, dtype: ScalarType.Int64)), 1).data<float>().ToArray();
    }
}
