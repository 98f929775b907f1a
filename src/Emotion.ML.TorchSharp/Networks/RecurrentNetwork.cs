using Emotion.ML.TorchSharp.Persistence;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Networks;

/// <summary>
/// Stacked recurrent sequence classifier (SimpleRNN, LSTM or GRU layers, one or both directions):
/// an input stage (the token embedding of a text network, or the frames of a numeric sequence),
/// optionally convolution blocks whose feature sequence replaces it (the CNN+BiLSTM hybrid),
/// recurrent layers with their own widths, pooling of the last layer, dense head.
/// </summary>
/// <remarks>
/// Each direction is its own unidirectional layer over the whole padded batch, the backward one
/// reading every sentence reversed within its own length. Unlike packed sequences this lets
/// libtorch run each layer as one fused sequence kernel, and since padding only ever follows the
/// valid steps, no valid output depends on it; final states are read at each row's last valid step.
/// </remarks>
internal sealed class RecurrentNetwork : nn.Module<Tensor, Tensor, Tensor>, IConfiguredNetwork
{
    // The field names are the state-dict keys of saved BiLstm models: keep them. A frame input
    // has no weights, so a frame network has the same keys without the embedding's.
    private readonly SequenceInput embedding;
    private readonly ModuleList<Conv1d> convolutions = new();
    private readonly ModuleList<BatchNorm1d> convolutionNorms = new();
    private readonly ModuleList<nn.Module> forwardLayers = new();
    private readonly ModuleList<nn.Module> backwardLayers = new();
    private readonly Dropout dropout;
    private readonly SequencePooling pooling;
    private readonly AttentionPooling? attention;
    private readonly DenseHead head;

    /// <summary>The network without convolution front end, with ReLU + BatchNorm dense layers sharing one dropout.</summary>
    public RecurrentNetwork(SequenceInput embedding, RecurrentCell cell, bool bidirectional, IReadOnlyList<int> units, double dropout, SequencePooling pooling, IReadOnlyList<int> denseUnits, double denseDropout, int classes)
        : this(embedding, cell, bidirectional, units, dropout, pooling, denseUnits.Select(u => new DenseLayer(u, DenseActivation.Relu, denseDropout)).ToArray(), classes, attentionUnits: 16)
    {
    }

    public RecurrentNetwork(
        SequenceInput embedding,
        RecurrentCell cell,
        bool bidirectional,
        IReadOnlyList<int> units,
        double dropout,
        SequencePooling pooling,
        IReadOnlyList<DenseLayer> denseLayers,
        int classes,
        int attentionUnits = 0,
        ConvolutionFrontEnd? frontEnd = null)
        : base(nameof(RecurrentNetwork))
    {
        this.embedding = embedding;
        var directions = bidirectional ? 2L : 1L;
        var inputs = embedding.Dimension;
        if (frontEnd is not null)
        {
            for (var i = 0; i < frontEnd.Blocks; i++)
            {
                convolutions.Add(Convolutions.Create(inputs, frontEnd.Filters, frontEnd.KernelSize));
                convolutionNorms.Add(nn.BatchNorm1d(frontEnd.Filters));
                inputs = frontEnd.Filters;
            }
        }

        foreach (var size in units)
        {
            forwardLayers.Add(Layer(cell, inputs, size));
            if (bidirectional)
            {
                backwardLayers.Add(Layer(cell, inputs, size));
            }

            inputs = directions * size;
        }

        this.dropout = nn.Dropout(dropout);
        this.pooling = pooling;
        if (pooling == SequencePooling.Attention)
        {
            attention = new AttentionPooling(inputs, attentionUnits);
        }

        head = new DenseHead(inputs, denseLayers, classes);
        RegisterComponents();
        Config = new NetworkConfig
        {
            Architecture = NetworkConfig.Recurrent,
            Cell = cell,
            Bidirectional = bidirectional,
            VocabularySize = (embedding as TokenEmbedding)?.VocabularySize ?? 0,
            EmbeddingDimension = embedding is TokenEmbedding ? embedding.Dimension : 0,
            FrameSize = (embedding as FrameInput)?.FrameSize ?? 0,
            Classes = classes,
            Units = units.ToArray(),
            Pooling = pooling,
            AttentionUnits = pooling == SequencePooling.Attention ? attentionUnits : 0,
            Filters = frontEnd?.Filters ?? 0,
            KernelSizes = frontEnd is null ? Array.Empty<int>() : new[] { frontEnd.KernelSize },
            ConvolutionBlocks = frontEnd?.Blocks ?? 0,
            Dropout = dropout,
            DenseLayers = denseLayers.ToArray(),
        };
    }

    public NetworkConfig Config { get; }

    /// <summary>Logits [batch, classes] for <paramref name="input"/> (token ids [batch, steps] or frames [batch, steps, features]) padded after each row's <paramref name="lengths"/> [batch].</summary>
    public override Tensor forward(Tensor input, Tensor lengths)
    {
        var steps = input.shape[1];
        var bidirectional = backwardLayers.Count > 0;
        // An empty row reads one padding vector (zeros), so every row has a last valid step.
        var valid = lengths.clamp_min(1);
        var reversed = bidirectional ? ReverseWithinLength(valid, steps) : null;
        var lastStep = (valid - 1).view(-1, 1, 1);
        var x = embedding.forward(input);
        if (convolutions.Count > 0)
        {
            var mask = Masking.ValidSteps(lengths, steps).unsqueeze(1);
            x = x.transpose(1, 2);
            for (var i = 0; i < convolutions.Count; i++)
            {
                x = Convolutions.Block(convolutions[i], convolutionNorms[i], x, mask);
            }

            x = x.transpose(1, 2);
        }

        Tensor pooled = null!;
        for (var i = 0; i < forwardLayers.Count; i++)
        {
            var ahead = Run(forwardLayers[i], x);
            var behindReversed = bidirectional ? Run(backwardLayers[i], TimeGather(x, reversed!)) : null;
            var last = i == forwardLayers.Count - 1;
            if (last && pooling == SequencePooling.FinalStates)
            {
                var final = TimeGather(ahead, lastStep).squeeze(1);
                pooled = bidirectional ? cat(new[] { final, TimeGather(behindReversed!, lastStep).squeeze(1) }, 1) : final;
                break;
            }

            // Reversing within the length is its own inverse.
            x = bidirectional ? cat(new[] { ahead, TimeGather(behindReversed!, reversed!) }, 2) : ahead;
            if (!last)
            {
                x = dropout.forward(x);
            }
        }

        if (pooling == SequencePooling.Attention)
        {
            // An empty row attends to its one padding step, as the final-state pooling reads it.
            pooled = attention!.forward(x, Masking.ValidSteps(valid, steps));
        }
        else if (pooling != SequencePooling.FinalStates)
        {
            var mask = Masking.ValidSteps(lengths, steps).unsqueeze(1);
            var channels = x.transpose(1, 2);
            pooled = pooling == SequencePooling.Max ? Masking.MaxOverValidSteps(channels, mask) : Masking.MeanOverValidSteps(channels, mask);
        }

        return head.forward(dropout.forward(pooled));
    }

    private static nn.Module Layer(RecurrentCell cell, long inputs, int size) => cell switch
    {
        RecurrentCell.SimpleRnn => nn.RNN(inputs, size, nonLinearity: nn.NonLinearities.Tanh, batchFirst: true),
        RecurrentCell.Lstm => nn.LSTM(inputs, size, batchFirst: true),
        RecurrentCell.Gru => nn.GRU(inputs, size, batchFirst: true),
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, "Unknown recurrent cell."),
    };

    /// <summary>The outputs [batch, steps, units] of one unidirectional layer.</summary>
    private static Tensor Run(nn.Module layer, Tensor x) => layer switch
    {
        LSTM lstm => lstm.call(x).Item1,
        GRU gru => gru.call(x).Item1,
        RNN rnn => rnn.call(x).Item1,
        _ => throw new InvalidOperationException($"Unexpected layer {layer.GetType().Name}."),
    };

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
