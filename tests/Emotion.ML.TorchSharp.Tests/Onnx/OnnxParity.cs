using Emotion.ML.TorchSharp.Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Tests.Onnx;

/// <summary>Runs an exported model in ONNX Runtime next to the TorchSharp network on the same padded batch.</summary>
internal static class OnnxParity
{
    /// <summary>The largest difference the exported model may have from TorchSharp's probabilities.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>
    /// Sentences of varied lengths, including one token, an empty one and the longest one, with
    /// token ids drawn from 1..vocabulary-1 (0 is padding).
    /// </summary>
    public static int[][] Sentences(int vocabulary, int seed)
    {
        var random = new Random(seed);
        var lengths = new[] { 7, 1, 4, 0, 11, 2, 9 };
        return lengths.Select(n => Enumerable.Range(0, n).Select(_ => random.Next(1, vocabulary)).ToArray()).ToArray();
    }

    /// <summary>Token ids [rows, steps] padded with 0 to <paramref name="steps"/>, and lengths [rows].</summary>
    public static (long[] Ids, long[] Lengths) Pad(int[][] sentences, int steps)
    {
        var ids = new long[sentences.Length * steps];
        for (var r = 0; r < sentences.Length; r++)
        {
            for (var t = 0; t < sentences[r].Length; t++)
            {
                ids[(r * steps) + t] = sentences[r][t];
            }
        }

        return (ids, sentences.Select(s => (long)s.Length).ToArray());
    }

    /// <summary>softmax(network logits) in evaluation mode, row-major [rows, classes].</summary>
    public static float[] TorchProbabilities(nn.Module<Tensor, Tensor, Tensor> network, int[][] sentences, int steps)
    {
        var (ids, lengths) = Pad(sentences, steps);
        network.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var logits = network.forward(tensor(ids, new long[] { sentences.Length, steps }), tensor(lengths));
        return nn.functional.softmax(logits, 1).data<float>().ToArray();
    }

    /// <summary>The model's <c>probabilities</c> output, row-major [rows, classes].</summary>
    public static float[] OnnxProbabilities(InferenceSession session, int[][] sentences, int steps)
    {
        var (ids, lengths) = Pad(sentences, steps);
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, new long[] { sentences.Length, steps });
        using var lengthsValue = OrtValue.CreateTensorValueFromMemory(lengths, new long[] { sentences.Length });
        using var options = new RunOptions();
        using var outputs = session.Run(
            options,
            new[] { OnnxExport.TokenIdsInput, OnnxExport.LengthsInput },
            new[] { idsValue, lengthsValue },
            new[] { OnnxExport.ProbabilitiesOutput });
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public static InferenceSession Session(byte[] model)
    {
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        return new InferenceSession(model, options);
    }

    public static double MaxAbsDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.False(float.IsNaN(actual[i]), $"ONNX output {i} is NaN.");
            max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        }

        return max;
    }

    /// <summary>
    /// Draws every weight from [-1, 1] (the embedding keeps its own draw) and gives every batch
    /// norm random running statistics: with the small default initialisation the probabilities
    /// hardly depend on the sentence, and a wrong evaluation form of batch norm could pass as the identity.
    /// </summary>
    public static void Randomize(nn.Module network)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in network.named_parameters())
        {
            if (!name.StartsWith("embedding.", StringComparison.Ordinal))
            {
                parameter.uniform_(-1, 1);
            }
        }

        foreach (var (_, module) in network.named_modules())
        {
            if (module is BatchNorm norm)
            {
                norm.weight!.uniform_(0.5, 1.5);
                norm.running_mean!.uniform_(-0.5, 0.5);
                norm.running_var!.uniform_(0.5, 2.0);
            }
        }
    }

    /// <summary>
    /// Exports and compares on the sentences padded tightly and with extra steps; returns the
    /// largest difference and the largest spread of one class's probability across the sentences.
    /// </summary>
    public static (double Difference, double Spread) Compare(nn.Module<Tensor, Tensor, Tensor> network, byte[] model, int[][] sentences)
    {
        using var session = Session(model);
        var longest = sentences.Max(s => s.Length);
        double max = 0;
        double spread = 0;
        foreach (var steps in new[] { longest, longest + 5 })
        {
            var expected = TorchProbabilities(network, sentences, steps);
            max = Math.Max(max, MaxAbsDifference(expected, OnnxProbabilities(session, sentences, steps)));
            spread = Math.Max(spread, Spread(expected, expected.Length / sentences.Length));
        }

        // A batch of one sentence: the batch axis is free too.
        var single = new[] { sentences[0] };
        max = Math.Max(max, MaxAbsDifference(TorchProbabilities(network, single, single[0].Length), OnnxProbabilities(session, single, single[0].Length)));
        return (max, spread);
    }

    /// <summary>How much the sentences' probabilities differ: a near-constant output would hide export mistakes.</summary>
    private static double Spread(float[] probabilities, int classes)
    {
        double spread = 0;
        for (var c = 0; c < classes; c++)
        {
            var column = probabilities.Where((_, i) => i % classes == c).ToArray();
            spread = Math.Max(spread, column.Max() - column.Min());
        }

        return spread;
    }
}
