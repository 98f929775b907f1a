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
/// Stacked bidirectional LSTM text classifier: embedding, LSTM layers with their own widths
/// (packed, so padded steps are never read), pooling of the last layer, dense head.
/// </summary>
internal sealed class BiLstmNetwork : nn.Module<Tensor, Tensor, Tensor>, IConfiguredNetwork
{
    private readonly TokenEmbedding embedding;
    private readonly ModuleList<LSTM> layers = new();
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
            layers.Add(nn.LSTM(inputs, size, batchFirst: true, bidirectional: true));
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
        // Packing needs lengths >= 1 on the CPU; an empty row reads one padding vector (zeros).
        var packLengths = lengths.clamp_min(1).cpu();
        var x = embedding.forward(ids);
        Tensor pooled = null!;
        for (var i = 0; i < layers.Count; i++)
        {
            var packed = nn.utils.rnn.pack_padded_sequence(x, packLengths, batch_first: true, enforce_sorted: false);
            var (output, hidden, _) = layers[i].call(packed);
            var last = i == layers.Count - 1;
            if (last && pooling == SequencePooling.FinalStates)
            {
                pooled = cat(new[] { hidden[0], hidden[1] }, 1);
                break;
            }

            (x, _) = nn.utils.rnn.pad_packed_sequence(output, batch_first: true, total_length: steps);
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
}
