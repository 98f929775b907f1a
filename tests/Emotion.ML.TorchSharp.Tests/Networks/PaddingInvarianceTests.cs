using Emotion.ML.TorchSharp.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Tests.Networks;

public class PaddingInvarianceTests
{
    private static readonly long[][] Rows =
    {
        new long[] { 5, 9, 3, 7, 2, 8 },
        new long[] { 4, 6 },
        new long[] { 11 },
        Array.Empty<long>(),
    };

    private static (Tensor Ids, Tensor Lengths) Pad(int steps)
    {
        var ids = new long[Rows.Length * steps];
        for (var r = 0; r < Rows.Length; r++)
        {
            Rows[r].CopyTo(ids, r * steps);
        }

        return (tensor(ids, new long[] { Rows.Length, steps }), tensor(Rows.Select(r => (long)r.Length).ToArray()));
    }

    private static float[] Scores(nn.Module<Tensor, Tensor, Tensor> network, int steps)
    {
        var (ids, lengths) = Pad(steps);
        using var noGrad = no_grad();
        return network.forward(ids, lengths).data<float>().ToArray();
    }

    private static void AssertPaddingChangesNothing(nn.Module<Tensor, Tensor, Tensor> network)
    {
        network.eval();
        var tight = Scores(network, 6);
        var padded = Scores(network, 23);
        Assert.Equal(tight.Length, padded.Length);
        for (var i = 0; i < tight.Length; i++)
        {
            Assert.InRange(Math.Abs(tight[i] - padded[i]), 0, 1e-5);
        }
    }

    public static TheoryData<int[], int, ConvolutionPooling, int> ConvolutionShapes() => new()
    {
        { new[] { 5 }, 1, ConvolutionPooling.Max, 1 },
        { new[] { 3, 4, 5 }, 1, ConvolutionPooling.Max, 1 },
        { new[] { 2, 4 }, 2, ConvolutionPooling.Average, 1 },
        { new[] { 3, 4 }, 1, ConvolutionPooling.KMax, 3 },
        { new[] { 4 }, 3, ConvolutionPooling.KMax, 2 },
    };

    [Theory]
    [MemberData(nameof(ConvolutionShapes))]
    public void TextCnn_scores_do_not_change_when_a_batch_gets_more_padding(int[] kernelSizes, int stride, ConvolutionPooling pooling, int k)
    {
        torch.manual_seed(3);
        var network = new TextCnnNetwork(
            new TokenEmbedding(12, 8, null), filters: 16, kernelSizes, blocks: 2, new DenseLayer[] { new(12, DenseActivation.Tanh, 0.5), new(6, DenseActivation.Gelu, BatchNorm: false) }, classes: 3,
            stride, pooling, k, dropout: 0.5);
        AssertPaddingChangesNothing(network);
    }

    [Fact]
    public void Every_dense_activation_runs_and_differs()
    {
        var outputs = new List<float[]>();
        foreach (var activation in Enum.GetValues<DenseActivation>())
        {
            torch.manual_seed(3);
            var network = new TextCnnNetwork(new TokenEmbedding(12, 8, null), 8, new[] { 3 }, 1, new DenseLayer[] { new(6, activation) }, classes: 3);
            network.eval();
            outputs.Add(Scores(network, 6));
        }

        for (var i = 0; i < outputs.Count; i++)
        {
            for (var j = i + 1; j < outputs.Count; j++)
            {
                Assert.NotEqual(outputs[i], outputs[j]);
            }
        }
    }

    [Fact]
    public void KMax_pooling_keeps_the_k_largest_valid_values_in_sentence_order()
    {
        var x = tensor(new float[] { 1, 5, 2, 4, 9, 9, 1, 7 }, new long[] { 2, 1, 4 });
        var mask = Masking.ValidSteps(tensor(new long[] { 4, 1 }), 4).unsqueeze(1);

        var pooled = Masking.KMaxOverValidSteps(x, mask, 3).data<float>().ToArray();

        // Row 1: 5, 2, 4 in order (1 dropped); row 2: one valid value, then zeros.
        Assert.Equal(new float[] { 5, 2, 4, 9, 0, 0 }, pooled);
    }

    public static TheoryData<string, bool, SequencePooling> RecurrentShapes()
    {
        var data = new TheoryData<string, bool, SequencePooling>();
        foreach (var cell in new[] { "SimpleRnn", "Lstm", "Gru" })
        {
            foreach (var bidirectional in new[] { false, true })
            {
                foreach (var pooling in Enum.GetValues<SequencePooling>())
                {
                    data.Add(cell, bidirectional, pooling);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RecurrentShapes))]
    public void Recurrent_scores_do_not_change_when_a_batch_gets_more_padding(string cell, bool bidirectional, SequencePooling pooling)
    {
        torch.manual_seed(3);
        var network = new RecurrentNetwork(new TokenEmbedding(12, 8, null), Enum.Parse<RecurrentCell>(cell), bidirectional, new[] { 10, 6 }, 0.2, pooling, new DenseLayer[] { new(12, Dropout: 0.3) }, classes: 3, attentionUnits: 5);
        AssertPaddingChangesNothing(network);
    }

    [Theory]
    [InlineData(SequencePooling.FinalStates)]
    [InlineData(SequencePooling.Attention)]
    public void CnnBiLstm_scores_do_not_change_when_a_batch_gets_more_padding(SequencePooling pooling)
    {
        torch.manual_seed(3);
        var network = new RecurrentNetwork(
            new TokenEmbedding(12, 8, null), RecurrentCell.Lstm, bidirectional: true, new[] { 10, 6 }, 0.2, pooling, new DenseLayer[] { new(12, Dropout: 0.5), new(6, Dropout: 0.3) }, classes: 3,
            attentionUnits: 4, new ConvolutionFrontEnd(Filters: 16, KernelSize: 4, Blocks: 2));
        AssertPaddingChangesNothing(network);
    }

    [Fact]
    public void Attention_weights_ignore_padded_steps()
    {
        torch.manual_seed(5);
        var attention = new AttentionPooling(3, 4);
        var x = randn(2, 5, 3);
        var mask = Masking.ValidSteps(tensor(new long[] { 2, 5 }), 5);

        var pooled = attention.forward(x, mask);
        var changed = x.clone();
        changed[0, 3] = tensor(new float[] { 100, -100, 100 });

        // Row 0 sees only its first 2 steps, and its result lies between their values.
        Assert.True(pooled.allclose(attention.forward(changed, mask), atol: 1e-6));
        var first = x[0].narrow(0, 0, 2);
        Assert.True(pooled[0].ge(first.amin(new long[] { 0 }) - 1e-6).all().item<bool>());
        Assert.True(pooled[0].le(first.amax(new long[] { 0 }) + 1e-6).all().item<bool>());
    }
}
