using Emotion.ML.TorchSharp.Persistence;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Networks;

/// <summary>
/// Convolutional text classifier: embedding, then one branch per kernel size (Kim 2014), each a
/// stack of Conv1d + ReLU + BatchNorm blocks; each branch is pooled over its valid (unpadded) steps
/// (1-max, average or k-max), the branches are concatenated, then dropout and a dense head.
/// With one kernel size this is the seed-000 CNN. Input: token ids [batch, steps] and lengths
/// [batch]; output: logits [batch, classes].
/// </summary>
internal sealed class TextCnnNetwork : nn.Module<Tensor, Tensor, Tensor>, IConfiguredNetwork
{
    // Field names are state-dict keys of saved models: keep them. Block j of branch b is entry
    // b * blocks + j of both lists, so a single-branch network has the keys it always had.
    private readonly TokenEmbedding embedding;
    private readonly ModuleList<Conv1d> convolutions = new();
    private readonly ModuleList<BatchNorm1d> convolutionNorms = new();
    private readonly Dropout featureDropout;
    private readonly DenseHead head;
    private readonly int branches;
    private readonly int blocks;
    private readonly int stride;
    private readonly ConvolutionPooling pooling;
    private readonly int poolingK;

    /// <summary>The single-branch network with 1-max pooling and ReLU + BatchNorm dense layers sharing one dropout.</summary>
    public TextCnnNetwork(TokenEmbedding embedding, int filters, int kernelSize, int blocks, IReadOnlyList<int> denseUnits, double dropout, int classes)
        : this(embedding, filters, new[] { kernelSize }, blocks, denseUnits.Select(u => new DenseLayer(u, DenseActivation.Relu, dropout)).ToArray(), classes)
    {
    }

    public TextCnnNetwork(
        TokenEmbedding embedding,
        int filters,
        IReadOnlyList<int> kernelSizes,
        int blocks,
        IReadOnlyList<DenseLayer> denseLayers,
        int classes,
        int stride = 1,
        ConvolutionPooling pooling = ConvolutionPooling.Max,
        int poolingK = 1,
        double dropout = 0)
        : base(nameof(TextCnnNetwork))
    {
        this.embedding = embedding;
        foreach (var kernelSize in kernelSizes)
        {
            var channels = embedding.Dimension;
            for (var i = 0; i < blocks; i++)
            {
                convolutions.Add(Convolutions.Create(channels, filters, kernelSize, stride));
                convolutionNorms.Add(nn.BatchNorm1d(filters));
                channels = filters;
            }
        }

        branches = kernelSizes.Count;
        this.blocks = blocks;
        this.stride = stride;
        this.pooling = pooling;
        this.poolingK = pooling == ConvolutionPooling.KMax ? poolingK : 1;
        featureDropout = nn.Dropout(dropout);
        head = new DenseHead((long)branches * filters * this.poolingK, denseLayers, classes);
        RegisterComponents();
        Config = new NetworkConfig
        {
            Architecture = NetworkConfig.TextCnn,
            VocabularySize = embedding.VocabularySize,
            EmbeddingDimension = embedding.Dimension,
            Classes = classes,
            Filters = filters,
            KernelSizes = kernelSizes.ToArray(),
            ConvolutionBlocks = blocks,
            Stride = stride,
            ConvolutionPooling = pooling,
            PoolingK = this.poolingK,
            Dropout = dropout,
            DenseLayers = denseLayers.ToArray(),
        };
    }

    public NetworkConfig Config { get; }

    public override Tensor forward(Tensor ids, Tensor lengths)
    {
        var embedded = embedding.forward(ids).transpose(1, 2);                // [B,E,T]
        var pooled = new Tensor[branches];
        for (var b = 0; b < branches; b++)
        {
            var x = embedded;
            var valid = lengths;
            for (var i = 0; i < blocks; i++)
            {
                var steps = Convolutions.OutputSteps(x.shape[2], stride);
                valid = Masking.StridedLengths(valid, stride);
                var mask = Masking.ValidSteps(valid, steps).unsqueeze(1);   // [B,1,T']
                x = Convolutions.Block(convolutions[b * blocks + i], convolutionNorms[b * blocks + i], x, mask);
            }

            var finalMask = Masking.ValidSteps(valid, x.shape[2]).unsqueeze(1);
            pooled[b] = pooling switch
            {
                ConvolutionPooling.Max => Masking.MaxOverValidSteps(x, finalMask),
                ConvolutionPooling.Average => Masking.MeanOverValidSteps(x, finalMask),
                _ => Masking.KMaxOverValidSteps(x, finalMask, poolingK),
            };
        }

        var features = branches == 1 ? pooled[0] : cat(pooled, 1);
        return head.forward(featureDropout.forward(features));
    }
}
