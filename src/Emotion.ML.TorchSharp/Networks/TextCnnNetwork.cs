using Emotion.ML.TorchSharp.Persistence;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Networks;

/// <summary>
/// Convolutional text classifier: embedding, blocks of Conv1d + ReLU + BatchNorm, global max pool
/// over the valid (unpadded) steps, then a dense head. Input: token ids [batch, steps] and
/// lengths [batch]; output: logits [batch, classes].
/// </summary>
internal sealed class TextCnnNetwork : nn.Module<Tensor, Tensor, Tensor>, IConfiguredNetwork
{
    private readonly TokenEmbedding embedding;
    private readonly ModuleList<Conv1d> convolutions = new();
    private readonly ModuleList<BatchNorm1d> convolutionNorms = new();
    private readonly DenseHead head;

    public TextCnnNetwork(TokenEmbedding embedding, int filters, int kernelSize, int blocks, IReadOnlyList<int> denseUnits, double dropout, int classes)
        : base(nameof(TextCnnNetwork))
    {
        this.embedding = embedding;
        var channels = embedding.Dimension;
        for (var i = 0; i < blocks; i++)
        {
            // "Same" padding keeps step t aligned with token t, so the validity mask applies to every block.
            convolutions.Add(nn.Conv1d(channels, filters, kernelSize, padding: kernelSize / 2));
            convolutionNorms.Add(nn.BatchNorm1d(filters));
            channels = filters;
        }

        head = new DenseHead(channels, denseUnits, dropout, classes);
        RegisterComponents();
        Config = new NetworkConfig
        {
            Architecture = NetworkConfig.TextCnn,
            VocabularySize = embedding.VocabularySize,
            EmbeddingDimension = embedding.Dimension,
            Classes = classes,
            Filters = filters,
            KernelSize = kernelSize,
            ConvolutionBlocks = blocks,
            DenseUnits = denseUnits.ToArray(),
            Dropout = dropout,
        };
    }

    public NetworkConfig Config { get; }

    public override Tensor forward(Tensor ids, Tensor lengths)
    {
        var mask = Masking.ValidSteps(lengths, ids.shape[1]).unsqueeze(1);   // [B,1,T]
        var x = embedding.forward(ids).transpose(1, 2);                       // [B,E,T]
        for (var i = 0; i < convolutions.Count; i++)
        {
            // Zeroing padded steps after every block keeps the valid steps' values independent of padding.
            x = convolutionNorms[i].forward(nn.functional.relu(convolutions[i].forward(x))) * mask;
        }

        var pooled = Masking.MaxOverValidSteps(x, mask);
        return head.forward(pooled);
    }
}
