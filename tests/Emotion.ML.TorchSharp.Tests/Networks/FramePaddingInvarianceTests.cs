using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Tests.Networks;

public class FramePaddingInvarianceTests
{
    private const int FrameSize = 4;

    /// <summary>Rows of 7, 2, 1 and 5 frames with values far from 0, so zero padding would show if it leaked.</summary>
    private static FrameSequences Rows()
    {
        var random = new Random(5);
        var rows = new[] { 7, 2, 1, 5 }
            .Select(frames => Enumerable.Range(0, frames * FrameSize).Select(_ => (float)(3 + random.NextDouble())).ToArray())
            .ToArray();
        return new FrameSequences(rows, FrameSize);
    }

    private static float[] Scores(nn.Module<Tensor, Tensor, Tensor> network, int minSteps)
    {
        var rows = Rows();
        var (frames, lengths) = rows.Collate(Enumerable.Range(0, rows.Count).ToArray(), minSteps, CPU);
        Assert.Equal(new long[] { rows.Count, Math.Max(7, minSteps), FrameSize }, frames.shape);
        using var noGrad = no_grad();
        return network.forward(frames, lengths).data<float>().ToArray();
    }

    public static TheoryData<RecurrentCell, bool, SequencePooling> Shapes() => new()
    {
        { RecurrentCell.Lstm, false, SequencePooling.FinalStates },
        { RecurrentCell.Lstm, true, SequencePooling.FinalStates },
        { RecurrentCell.Gru, true, SequencePooling.Max },
        { RecurrentCell.SimpleRnn, true, SequencePooling.Mean },
        { RecurrentCell.Gru, false, SequencePooling.Attention },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Frame_network_scores_do_not_change_when_a_batch_gets_more_padding(RecurrentCell cell, bool bidirectional, SequencePooling pooling)
    {
        torch.manual_seed(11);
        var network = new RecurrentNetwork(new FrameInput(FrameSize), cell, bidirectional, new[] { 6, 5 }, 0.3, pooling, new DenseLayer[] { new(8, Dropout: 0.2) }, 3, attentionUnits: 4);
        network.eval();
        var tight = Scores(network, 1);
        var padded = Scores(network, 30);
        Assert.Equal(tight.Length, padded.Length);
        for (var i = 0; i < tight.Length; i++)
        {
            Assert.InRange(Math.Abs(tight[i] - padded[i]), 0, 1e-5);
        }

        // A row scored alone sees no padding at all.
        var single = Rows();
        var (alone, length) = single.Collate(new[] { 1 }, 1, CPU);
        using var noGrad = no_grad();
        var own = network.forward(alone, length).data<float>().ToArray();
        for (var c = 0; c < own.Length; c++)
        {
            Assert.InRange(Math.Abs(own[c] - tight[own.Length + c]), 0, 1e-5);
        }
    }

    [Fact]
    public void Frame_network_state_dict_names_follow_the_text_network_without_the_embedding()
    {
        var network = new RecurrentNetwork(new FrameInput(FrameSize), RecurrentCell.Lstm, true, new[] { 6 }, 0.2, SequencePooling.FinalStates, new DenseLayer[] { 8 }, 3);
        var keys = network.state_dict().Keys.ToList();
        Assert.Contains("forwardLayers.0.weight_ih_l0", keys);
        Assert.Contains("backwardLayers.0.weight_hh_l0", keys);
        Assert.Contains("head.output.weight", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("embedding", StringComparison.Ordinal));
        Assert.Equal(FrameSize, network.Config.FrameSize);
        Assert.Equal(0, network.Config.VocabularySize);
    }
}
