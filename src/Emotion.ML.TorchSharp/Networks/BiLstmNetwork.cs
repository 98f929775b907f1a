using Emotion.ML.TorchSharp.Persistence;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Networks;

/// <summary>How the last recurrent layer's outputs become one vector per sentence.</summary>
public enum SequencePooling
{
    /// <summary>The final hidden states (forward at the last valid step, backward at the first), concatenated.</summary>
    FinalStates,

    /// <summary>Element-wise maximum over the valid steps.</summary>
    Max,

    /// <summary>Mean over the valid steps.</summary>
    Mean,
}

/// <summary>
/// Stacked bidirectional LSTM text classifier: embedding, LSTM layers with their own widths,
/// pooling of the last layer, dense head.
/// </summary>
/// <remarks>
/// Each direction is its own unidirectional LSTM over the whole padded batch, the backward one
/// reading every sentence reversed within its own length. Unlike packed sequences this lets
/// libtorch run each layer as one fused sequence kernel, and since padding only ever follows the
/// valid steps, no valid output depends on it; final states are read at each row's last valid step.
/// </remarks>
internal sealed class BiLstmNetwork : nn.Module<Tensor, Tensor, Tensor>, IConfiguredNetwork
{
    private readonly TokenEmbedding embedding;
    private readonly ModuleList<LSTM> forwardLayers = new();
    private readonly ModuleList<LSTM> backwardLayers = new();
    private readonly Dropout dropout;
    private readonly SequencePooling pooling;
    private readonly DenseHead head;

    public BiLstmNetwork(TokenEmbedding embedding, IReadOnlyList<int> units, double dropout, SequencePooling pooling, IReadOnlyList<int> denseUnits, double denseDropout, int classes)
        : base(nameof(BiLstmNetwork))
    {
        this.embedding = embedding;
        var inputs = embedding.Dimension;
        foreach (var size in units)
        {
            forwardLayers.Add(nn.LSTM(inputs, size, batchFirst: true));
            backwardLayers.Add(nn.LSTM(inputs, size, batchFirst: true));
            inputs = 2L * size;
        }

        this.dropout = nn.Dropout(dropout);
        this.pooling = pooling;
        head = new DenseHead(inputs, denseUnits, denseDropout, classes);
        RegisterComponents();
        Config = new NetworkConfig
        {
            Architecture = NetworkConfig.BiLstm,
            VocabularySize = embedding.VocabularySize,
            EmbeddingDimension = embedding.Dimension,
            Classes = classes,
            Units = units.ToArray(),
            Pooling = pooling,
            DenseUnits = denseUnits.ToArray(),
            Dropout = dropout,
            DenseDropout = denseDropout,
        };
    }

    public NetworkConfig Config { get; }

    public override Tensor forward(Tensor ids, Tensor lengths)
    {
        var steps = ids.shape[1];
        // An empty row reads one padding vector (zeros), so every row has a last valid step.
        var valid = lengths.clamp_min(1);
        var reversed = ReverseWithinLength(valid, steps);
        var lastStep = (valid - 1).view(-1, 1, 1);
        var x = embedding.forward(ids);
        Tensor pooled = null!;
        for (var i = 0; i < forwardLayers.Count; i++)
        {
            var (ahead, _, _) = forwardLayers[i].call(x);
            var (behindReversed, _, _) = backwardLayers[i].call(TimeGather(x, reversed));
            var last = i == forwardLayers.Count - 1;
            if (last && pooling == SequencePooling.FinalStates)
            {
                pooled = cat(new[] { TimeGather(ahead, lastStep).squeeze(1), TimeGather(behindReversed, lastStep).squeeze(1) }, 1);
                break;
            }

            // Reversing within the length is its own inverse.
            x = cat(new[] { ahead, TimeGather(behindReversed, reversed) }, 2);
            if (!last)
            {
                x = dropout.forward(x);
            }
        }

        if (pooling != SequencePooling.FinalStates)
        {
            var mask = Masking.ValidSteps(lengths, steps).unsqueeze(1);
            var channels = x.transpose(1, 2);
            pooled = pooling == SequencePooling.Max ? Masking.MaxOverValidSteps(channels, mask) : Masking.MeanOverValidSteps(channels, mask);
        }

        return head.forward(dropout.forward(pooled));
    }

    /// <summary>Index [batch, steps] mapping step t to length-1-t inside each row's length and to itself after it.</summary>
    private static Tensor ReverseWithinLength(Tensor lengths, long steps)
    {
        var positions = arange(steps, dtype: ScalarType.Int64, device: lengths.device).unsqueeze(0);
        var flipped = lengths.unsqueeze(1) - 1 - positions;
        return where(flipped.ge(0), flipped, positions);
    }

    /// <summary>Picks, for each row, the time steps in <paramref name="index"/> [batch, k] from <paramref name="x"/> [batch, steps, features].</summary>
    private static Tensor TimeGather(Tensor x, Tensor index)
    {
        var expanded = index.view(index.shape[0], -1, 1).expand(-1, -1, x.shape[2]);
        return x.gather(1, expanded);
    }
}
