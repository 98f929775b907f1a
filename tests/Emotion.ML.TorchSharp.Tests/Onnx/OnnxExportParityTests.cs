using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Onnx;
using Emotion.ML.TorchSharp.Onnx.Protobuf;
using Emotion.ML.TorchSharp.Persistence;
using Emotion.ML.TorchSharp.Tests.Persistence;
using Google.Protobuf;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Tests.Onnx;

[Collection(SerialTorchCollection.Name)]
public class OnnxExportParityTests
{
    private const int Vocabulary = 40;
    private const int Dimension = 10;
    private const int Classes = 4;

    private readonly ITestOutputHelper output;

    public OnnxExportParityTests(ITestOutputHelper output) => this.output = output;

    private static byte[] Export(nn.Module<Tensor, Tensor, Tensor> network)
    {
        var config = ((IConfiguredNetwork)network).Config;
        var words = Enumerable.Range(0, Vocabulary).Select(i => "w" + i).ToArray();
        var classes = Enumerable.Range(0, Classes).Select(i => "class" + i).ToArray();
        return OnnxExport.Export(network, config, classes, words).ToByteArray();
    }

    private void AssertParity(nn.Module<Tensor, Tensor, Tensor> network, string description)
    {
        OnnxParity.Randomize(network);
        var model = Export(network);
        var (difference, spread) = OnnxParity.Compare(network, model, OnnxParity.Sentences(Vocabulary, seed: 11));
        output.WriteLine($"{description}: max abs difference {difference:E2}, probability spread {spread:F3}");
        Assert.InRange(difference, 0, OnnxParity.Tolerance);
        Assert.True(spread > 0.05, $"The probabilities barely depend on the sentence (spread {spread:F3}), so the comparison proves little.");
    }

    [Theory]
    [InlineData(1, 3, new int[0])]
    [InlineData(1, 5, new[] { 16 })]
    [InlineData(2, 3, new[] { 16, 8 })]
    [InlineData(2, 1, new int[0])]
    [InlineData(2, 7, new[] { 12 })]
    public void TextCnn_probabilities_match_TorchSharp(int blocks, int kernelSize, int[] denseUnits)
    {
        manual_seed(21);
        var network = new TextCnnNetwork(new TokenEmbedding(Vocabulary, Dimension, null), filters: 12, kernelSize, blocks, denseUnits, dropout: 0.3, Classes);
        AssertParity(network, $"TextCnn blocks={blocks} kernel={kernelSize} dense=[{string.Join(',', denseUnits)}]");
    }

    public static TheoryData<string, bool, int, SequencePooling> RecurrentShapes()
    {
        var data = new TheoryData<string, bool, int, SequencePooling>();
        foreach (var cell in Enum.GetNames<RecurrentCell>())
        {
            foreach (var bidirectional in new[] { false, true })
            {
                foreach (var layers in new[] { 1, 2 })
                {
                    foreach (var pooling in Enum.GetValues<SequencePooling>())
                    {
                        data.Add(cell, bidirectional, layers, pooling);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RecurrentShapes))]
    public void Recurrent_probabilities_match_TorchSharp(string cell, bool bidirectional, int layers, SequencePooling pooling)
    {
        manual_seed(22);
        var units = new[] { 9, 6 }.Take(layers).ToArray();
        var network = new RecurrentNetwork(new TokenEmbedding(Vocabulary, Dimension, null), Enum.Parse<RecurrentCell>(cell), bidirectional, units, dropout: 0.2, pooling, new[] { 8 }, denseDropout: 0.3, Classes);
        AssertParity(network, $"{cell} bidirectional={bidirectional} layers={layers} pooling={pooling}");
    }

    [Fact]
    public void Recurrent_without_dense_layers_matches_TorchSharp()
    {
        manual_seed(23);
        var network = new RecurrentNetwork(new TokenEmbedding(Vocabulary, Dimension, null), RecurrentCell.Lstm, bidirectional: true, new[] { 7 }, dropout: 0, SequencePooling.Max, Array.Empty<int>(), denseDropout: 0, Classes);
        AssertParity(network, "Lstm bidirectional, no dense layers");
    }

    public static TheoryData<int[], int, int, ConvolutionPooling, int> ConvolutionShapes() => new()
    {
        { new[] { 3, 4, 5 }, 1, 1, ConvolutionPooling.Max, 1 },
        { new[] { 2, 4 }, 2, 2, ConvolutionPooling.Average, 1 },
        { new[] { 3, 4 }, 1, 1, ConvolutionPooling.KMax, 3 },
        { new[] { 4 }, 2, 3, ConvolutionPooling.KMax, 2 },
        { new[] { 6 }, 1, 1, ConvolutionPooling.KMax, 12 },
    };

    [Theory]
    [MemberData(nameof(ConvolutionShapes))]
    public void Kim_TextCnn_probabilities_match_TorchSharp(int[] kernelSizes, int blocks, int stride, ConvolutionPooling pooling, int k)
    {
        manual_seed(24);
        var network = new TextCnnNetwork(
            new TokenEmbedding(Vocabulary, Dimension, null), filters: 8, kernelSizes, blocks, new DenseLayer[] { new(10, DenseActivation.Tanh, 0.5, BatchNorm: false) }, Classes,
            stride, pooling, k, dropout: 0.5);
        AssertParity(network, $"TextCnn kernels=[{string.Join(',', kernelSizes)}] blocks={blocks} stride={stride} pooling={pooling} k={k}");
    }

    [Theory]
    [InlineData(DenseActivation.Relu, true)]
    [InlineData(DenseActivation.Tanh, false)]
    [InlineData(DenseActivation.Sigmoid, true)]
    [InlineData(DenseActivation.Gelu, true)]
    [InlineData(DenseActivation.Elu, false)]
    [InlineData(DenseActivation.LeakyRelu, true)]
    [InlineData(DenseActivation.Linear, false)]
    public void Dense_layer_specs_match_TorchSharp(DenseActivation activation, bool batchNorm)
    {
        manual_seed(26);
        var network = new RecurrentNetwork(
            new TokenEmbedding(Vocabulary, Dimension, null), RecurrentCell.Gru, bidirectional: false, new[] { 9 }, dropout: 0, SequencePooling.Mean,
            new DenseLayer[] { new(12, activation, 0.3, batchNorm), new(6, activation, 0, !batchNorm) }, Classes);
        AssertParity(network, $"dense {activation} batchNorm={batchNorm}");
    }

    [Theory]
    [InlineData(SequencePooling.FinalStates, 4)]
    [InlineData(SequencePooling.Attention, 5)]
    [InlineData(SequencePooling.Max, 3)]
    public void CnnBiLstm_probabilities_match_TorchSharp(SequencePooling pooling, int kernelSize)
    {
        manual_seed(27);
        var network = new RecurrentNetwork(
            new TokenEmbedding(Vocabulary, Dimension, null), RecurrentCell.Lstm, bidirectional: true, new[] { 8, 5 }, dropout: 0.2, pooling,
            new DenseLayer[] { new(10, Dropout: 0.5), new(6, Dropout: 0.3) }, Classes, attentionUnits: 6, new ConvolutionFrontEnd(Filters: 12, kernelSize, Blocks: 2));
        AssertParity(network, $"CnnBiLstm pooling={pooling} kernel={kernelSize}");
    }

    [Fact]
    public void Exported_model_has_free_batch_and_sequence_axes_and_uses_opset_17()
    {
        manual_seed(25);
        var network = new TextCnnNetwork(new TokenEmbedding(Vocabulary, Dimension, null), filters: 6, kernelSize: 3, blocks: 1, Array.Empty<int>(), dropout: 0, Classes);
        var bytes = Export(network);

        var model = ModelProto.Parser.ParseFrom(bytes);
        Assert.Equal(17, model.OpsetImport.Single(o => o.Domain == "").Version);

        // Zero-valued attributes (keepdims = 0, axis = 0) must be on the wire, not left to a reader's default.
        var integers = model.Graph.Node.SelectMany(n => n.Attribute).Where(a => a.Type == AttributeProto.Types.AttributeType.Int).ToArray();
        Assert.Contains(integers, a => a.Name == "keepdims" && a.HasI && a.I == 0);
        Assert.All(integers, a => Assert.True(a.HasI, a.Name));
        using var session = OnnxParity.Session(bytes);
        var ids = session.InputMetadata[OnnxExport.TokenIdsInput];
        Assert.Equal(typeof(long), ids.ElementType);
        Assert.Equal(new[] { OnnxExport.BatchAxis, OnnxExport.SequenceAxis }, ids.SymbolicDimensions);
        var lengths = session.InputMetadata[OnnxExport.LengthsInput];
        Assert.Equal(typeof(long), lengths.ElementType);
        Assert.Equal(new[] { OnnxExport.BatchAxis }, lengths.SymbolicDimensions);
        var probabilities = session.OutputMetadata[OnnxExport.ProbabilitiesOutput];
        Assert.Equal(typeof(float), probabilities.ElementType);
        Assert.Equal(new[] { -1, Classes }, probabilities.Dimensions);
        Assert.Single(session.OutputMetadata);
    }
}
