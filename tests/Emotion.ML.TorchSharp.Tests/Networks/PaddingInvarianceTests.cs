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

    [Fact]
    public void TextCnn_scores_do_not_change_when_a_batch_gets_more_padding()
    {
        torch.manual_seed(3);
        var network = new TextCnnNetwork(new TokenEmbedding(12, 8, null), filters: 16, kernelSize: 5, blocks: 2, denseUnits: new[] { 12 }, dropout: 0.5, classes: 3);
        AssertPaddingChangesNothing(network);
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
        var network = new RecurrentNetwork(new TokenEmbedding(12, 8, null), Enum.Parse<RecurrentCell>(cell), bidirectional, new[] { 10, 6 }, 0.2, pooling, new[] { 12 }, 0.3, classes: 3);
        AssertPaddingChangesNothing(network);
    }
}
