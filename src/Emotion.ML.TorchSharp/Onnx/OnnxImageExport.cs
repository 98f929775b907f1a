using System.Globalization;
using Emotion.ML.Onnx;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Onnx.Protobuf;
using Emotion.ML.TorchSharp.Persistence;
using TorchSharp;
using TorchSharp.Modules;
using static Emotion.ML.TorchSharp.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;
using DataType = Emotion.ML.TorchSharp.Onnx.Protobuf.TensorProto.Types.DataType;

namespace Emotion.ML.TorchSharp.Onnx;

/// <summary>
/// Writes a trained <see cref="ImageCnnNetwork"/> as an ONNX model: input <c>pixels</c> float
/// [batch, height * width] (raw values; the graph applies the network's pixel scale), output
/// <c>probabilities</c> float [batch, classes]; class names and image size in the metadata. The
/// graph mirrors the forward pass: Mul, Reshape to [batch, 1, height, width], per block Conv + Relu
/// layers, BatchNormalization (running statistics), MaxPool 2x2, then Flatten and the dense head
/// (Gemm, BatchNormalization, activation), Softmax.
/// </summary>
internal static class OnnxImageExport
{
    /// <exception cref="NotSupportedException">The network has a layer the export cannot write.</exception>
    public static ModelProto Export(nn.Module network, NetworkConfig config, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(classNames);
        if (config.Architecture != NetworkConfig.ImageCnn || config.BlockFilters is not { Length: > 0 } blocks || config.DenseLayers is null)
        {
            throw new NotSupportedException($"The image export writes {NetworkConfig.ImageCnn} networks; this one is '{config.Architecture}'.");
        }

        if (classNames.Count != config.Classes)
        {
            throw new ArgumentException($"The network has {config.Classes} outputs but {classNames.Count} class names were given.", nameof(classNames));
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var parts = new NetworkParts(network);
        var convolutions = parts.List<Conv2d>("convolutions");
        var norms = parts.List<BatchNorm2d>("norms");
        var perBlock = config.ConvolutionsPerBlock;
        if (convolutions.Count != blocks.Length * perBlock || norms.Count != blocks.Length)
        {
            throw new NotSupportedException($"The image network has {convolutions.Count} convolutions and {norms.Count} batch norms; its configuration asks for {blocks.Length} blocks of {perBlock}.");
        }

        var (width, height) = (config.ImageWidth, config.ImageHeight);
        var g = new OnnxGraphBuilder("emotion_ml_image_classifier");
        var pixels = g.AddInput(OnnxModelContract.PixelsInput, DataType.Float, OnnxModelContract.BatchAxis, (long)width * height);
        var scaled = g.NamedNode("Mul", new[] { pixels, g.Scalar("pixel_scale", config.PixelScale) }, "scaled_pixels");
        var x = g.NamedNode("Reshape", new[] { scaled, g.Int64s("image_shape", new[] { -1L, 1, height, width }) }, "images");
        for (var b = 0; b < blocks.Length; b++)
        {
            for (var c = 0; c < perBlock; c++)
            {
                var index = (b * perBlock) + c;
                x = OnnxLayers.Relu(g, Conv2d(g, convolutions[index], x, $"convolutions.{index}"));
            }

            x = OnnxLayers.BatchNorm(g, norms[b], x, $"norms.{b}");
            x = g.NamedNode("MaxPool", new[] { x }, $"pooled.{b}", Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
        }

        var features = g.NamedNode("Flatten", new[] { x }, "features", Int("axis", 1));
        var logits = OnnxLayers.DenseHead(g, parts, "head", config.DenseLayers, features);
        OnnxLayers.Softmax(g, logits, OnnxModelContract.ProbabilitiesOutput);
        g.AddOutput(OnnxModelContract.ProbabilitiesOutput, DataType.Float, OnnxModelContract.BatchAxis, (long)config.Classes);

        var model = OnnxExport.NewModel(g, "Image classifier: grayscale pixels in, class probabilities out.", NetworkConfig.ImageCnn, config, classNames);
        OnnxExport.AddMetadata(model, OnnxModelContract.ImageWidthKey, width.ToString(CultureInfo.InvariantCulture));
        OnnxExport.AddMetadata(model, OnnxModelContract.ImageHeightKey, height.ToString(CultureInfo.InvariantCulture));
        return model;
    }

    /// <summary>A Conv2d with its own symmetric zero padding, stride and dilation, over [batch, channels, height, width].</summary>
    private static string Conv2d(OnnxGraphBuilder g, Conv2d conv, string x, string name)
    {
        if (conv.padding_type is not null || conv.padding_mode != PaddingModes.Zeros || conv.padding is not { Length: 2 } padding)
        {
            throw new NotSupportedException($"Convolution '{name}' pads in a way the ONNX export does not write; it expects explicit zero padding.");
        }

        var inputs = new List<string> { x, g.Weight(name + ".weight", conv.weight!) };
        if (conv.bias is not null)
        {
            inputs.Add(g.Weight(name + ".bias", conv.bias));
        }

        return g.NamedNode(
            "Conv",
            inputs,
            name,
            Ints("kernel_shape", conv.kernel_size[0], conv.kernel_size[1]),
            Ints("pads", padding[0], padding[1], padding[0], padding[1]),
            Ints("strides", conv.stride[0], conv.stride[1]),
            Ints("dilations", conv.dilation[0], conv.dilation[1]),
            Int("group", conv.groups));
    }
}
