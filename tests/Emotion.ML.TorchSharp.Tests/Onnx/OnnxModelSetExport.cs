using System.Text.Json;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Onnx;
using Emotion.ML.TorchSharp.Persistence;
using Emotion.ML.TorchSharp.Tests.Persistence;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Tests.Onnx;

/// <summary>
/// Writes one exported model per architecture, with random weights, to the folder named by
/// <c>EMOTION_ML_EXPORT_DIR</c>: <c>name.onnx</c> and <c>name.json</c> (token ids and TorchSharp
/// probabilities, in the format of <c>tests/Emotion.ML.Tests/Fixtures/carer-textcnn.json</c>), for
/// checking other ONNX readers such as <c>benchmarks/python/onnx_torch_check.py</c>. Does nothing
/// when the variable is unset.
/// </summary>
[Collection(SerialTorchCollection.Name)]
public class OnnxModelSetExport
{
    public const string FolderVariable = "EMOTION_ML_EXPORT_DIR";

    private const int Vocabulary = 40;
    private const int Dimension = 10;
    private const int Classes = 4;

    private readonly ITestOutputHelper output;

    public OnnxModelSetExport(ITestOutputHelper output) => this.output = output;

    private static IEnumerable<(string Name, Func<nn.Module<Tensor, Tensor, Tensor>> Create, int MinSteps)> Networks()
    {
        TokenEmbedding Embedding() => new(Vocabulary, Dimension, null);
        var head = new DenseLayer[] { new(10, DenseActivation.Tanh, 0.5, BatchNorm: false) };

        yield return ("textcnn-k3-b2", () => new TextCnnNetwork(Embedding(), filters: 12, kernelSize: 3, blocks: 2, new[] { 16, 8 }, dropout: 0.3, Classes), 1);
        yield return ("textcnn-k3-minsteps5", () => new TextCnnNetwork(Embedding(), filters: 12, kernelSize: 3, blocks: 1, new[] { 8 }, dropout: 0.3, Classes), 5);
        yield return ("kim-345-max", () => new TextCnnNetwork(Embedding(), 8, new[] { 3, 4, 5 }, 1, head, Classes, 1, ConvolutionPooling.Max, 1), 1);
        yield return ("kim-24-b2-s2-average", () => new TextCnnNetwork(Embedding(), 8, new[] { 2, 4 }, 2, head, Classes, 2, ConvolutionPooling.Average, 1), 1);
        yield return ("kim-34-kmax3", () => new TextCnnNetwork(Embedding(), 8, new[] { 3, 4 }, 1, head, Classes, 1, ConvolutionPooling.KMax, 3), 1);
        yield return ("kim-4-b2-s3-kmax2", () => new TextCnnNetwork(Embedding(), 8, new[] { 4 }, 2, head, Classes, 3, ConvolutionPooling.KMax, 2), 1);
        yield return ("kim-6-kmax12", () => new TextCnnNetwork(Embedding(), 8, new[] { 6 }, 1, head, Classes, 1, ConvolutionPooling.KMax, 12), 1);

        foreach (var cell in Enum.GetValues<RecurrentCell>())
        {
            foreach (var bidirectional in new[] { false, true })
            {
                foreach (var pooling in Enum.GetValues<SequencePooling>())
                {
                    var units = bidirectional ? new[] { 9, 6 } : new[] { 9 };
                    var name = $"{cell}-{(bidirectional ? "bi" : "uni")}{units.Length}-{pooling}".ToLowerInvariant();
                    yield return (name, () => new RecurrentNetwork(Embedding(), cell, bidirectional, units, 0.2, pooling, new DenseLayer[] { new(8, Dropout: 0.3) }, Classes, attentionUnits: 6), 1);
                }
            }
        }

        foreach (var activation in new[] { DenseActivation.Gelu, DenseActivation.Elu, DenseActivation.LeakyRelu, DenseActivation.Sigmoid, DenseActivation.Linear })
        {
            yield return ($"gru-dense-{activation}".ToLowerInvariant(), () => new RecurrentNetwork(
                Embedding(), RecurrentCell.Gru, bidirectional: false, new[] { 9 }, 0, SequencePooling.Mean,
                new DenseLayer[] { new(12, activation, 0.3, true), new(6, activation, 0, false) }, Classes), 1);
        }

        foreach (var (pooling, kernel) in new[] { (SequencePooling.FinalStates, 4), (SequencePooling.Attention, 5), (SequencePooling.Max, 3) })
        {
            yield return ($"cnnbilstm-{pooling}-k{kernel}".ToLowerInvariant(), () => new RecurrentNetwork(
                Embedding(), RecurrentCell.Lstm, bidirectional: true, new[] { 8, 5 }, 0.2, pooling,
                new DenseLayer[] { new(10, Dropout: 0.5), new(6, Dropout: 0.3) }, Classes, attentionUnits: 6, new ConvolutionFrontEnd(Filters: 12, kernel, Blocks: 2)), 1);
        }
    }

    [Fact]
    public void Writes_one_model_per_architecture_when_asked()
    {
        var folder = Environment.GetEnvironmentVariable(FolderVariable);
        if (string.IsNullOrEmpty(folder))
        {
            output.WriteLine($"{FolderVariable} is not set; nothing written.");
            return;
        }

        Directory.CreateDirectory(folder);
        var words = Enumerable.Range(0, Vocabulary).Select(i => "w" + i).ToArray();
        var classes = Enumerable.Range(0, Classes).Select(i => "class" + i).ToArray();
        var sentences = OnnxParity.Sentences(Vocabulary, seed: 11).Concat(OnnxParity.Sentences(Vocabulary, seed: 12)).ToArray();
        var json = new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        var seed = 40;
        foreach (var (name, create, minSteps) in Networks())
        {
            manual_seed(seed++);
            var network = create();
            OnnxParity.Randomize(network);
            network.eval();
            var config = ((IConfiguredNetwork)network).Config;
            using (var file = File.Create(Path.Combine(folder, name + ".onnx")))
            {
                OnnxExport.Write(network, config, classes, words, file, minSteps);
            }

            var steps = Math.Max(minSteps, sentences.Max(s => s.Length));
            var probabilities = OnnxParity.TorchProbabilities(network, sentences, steps);
            var record = new
            {
                Source = $"OnnxModelSetExport in tests/Emotion.ML.TorchSharp.Tests: {name}, random weights, TorchSharp probabilities at export",
                ClassNames = classes,
                Sentences = sentences.Select((s, i) => new
                {
                    Text = string.Join(' ', s.Select(id => words[id])),
                    TokenIds = s,
                    Probabilities = probabilities.Skip(i * Classes).Take(Classes).ToArray(),
                }).ToArray(),
            };
            File.WriteAllText(Path.Combine(folder, name + ".json"), JsonSerializer.Serialize(record, json) + "\n");
            output.WriteLine($"{name}: written");
        }
    }
}
