using System.Text.Json.Serialization;
using Emotion.ML.TorchSharp.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Persistence;

/// <summary>
/// The shape of a trained network, enough to rebuild it before its weights are loaded: the
/// <c>network.json</c> entry of a text classifier in a model archive.
/// </summary>
/// <remarks>
/// Older archives describe dense layers as <see cref="DenseUnits"/> with one dropout (TextCnn:
/// <see cref="Dropout"/>; recurrent: <see cref="DenseDropout"/>) and a TextCnn kernel as
/// <see cref="KernelSize"/>; they still load. New archives write <see cref="DenseLayers"/> and
/// <see cref="KernelSizes"/>.
/// </remarks>
internal sealed class NetworkConfig
{
    public const string TextCnn = nameof(TextCnn);
    public const string Recurrent = nameof(Recurrent);
    public const string ImageCnn = nameof(ImageCnn);

    /// <summary>Archives written before <see cref="Recurrent"/> name the bidirectional LSTM this way.</summary>
    public const string BiLstm = nameof(BiLstm);

    // Bounds far above any trainable text network, so a damaged file cannot ask for a huge allocation.
    private const int MaxWidth = 1 << 16;
    private const int MaxLayers = 64;

    /// <summary><see cref="TextCnn"/>, <see cref="Recurrent"/>, <see cref="BiLstm"/> or <see cref="ImageCnn"/>.</summary>
    public string Architecture { get; set; } = "";

    /// <summary>Recurrent: the layer kind (a <see cref="BiLstm"/> is always <see cref="RecurrentCell.Lstm"/>).</summary>
    public RecurrentCell Cell { get; set; }

    /// <summary>Recurrent: whether each layer also reads the sentence backwards (a <see cref="BiLstm"/> always does).</summary>
    public bool Bidirectional { get; set; }

    /// <summary>Text networks: rows of the token embedding; 0 for a frame network.</summary>
    public long VocabularySize { get; set; }

    public long EmbeddingDimension { get; set; }

    public int Classes { get; set; }

    /// <summary>Recurrent networks over numeric frame sequences: features per frame (their input stage); 0 (not written) for text networks.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int FrameSize { get; set; }

    /// <summary>ImageCnn: input width in pixels; 0 (not written) for other networks.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int ImageWidth { get; set; }

    /// <summary>ImageCnn: input height in pixels.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int ImageHeight { get; set; }

    /// <summary>ImageCnn: filters of each convolution block (each block ends in one 2x2 max pooling).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int[]? BlockFilters { get; set; }

    /// <summary>ImageCnn: Conv2d layers per block.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int ConvolutionsPerBlock { get; set; }

    /// <summary>ImageCnn: the constant every pixel is multiplied by before the first convolution (1/255).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public float PixelScale { get; set; }

    /// <summary>Filters per convolution (TextCnn, and the convolution front end of a recurrent network).</summary>
    public int Filters { get; set; }

    /// <summary>Older TextCnn archives: the one kernel width.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int KernelSize { get; set; }

    /// <summary>TextCnn: the kernel width of each parallel branch; recurrent: the front end's kernel width (one entry) or none; ImageCnn: the square kernel size (one entry).</summary>
    public int[] KernelSizes { get; set; } = Array.Empty<int>();

    /// <summary>TextCnn: blocks per branch; recurrent: convolution front-end blocks (0: none).</summary>
    public int ConvolutionBlocks { get; set; }

    /// <summary>TextCnn: stride of every convolution (0 in older archives, meaning 1).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Stride { get; set; }

    /// <summary>TextCnn: how each branch is pooled.</summary>
    public ConvolutionPooling ConvolutionPooling { get; set; }

    /// <summary>TextCnn: values kept per filter (k of k-max pooling; 1 otherwise, 0 in older archives).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int PoolingK { get; set; }

    /// <summary>Recurrent: units per direction of each layer.</summary>
    public int[] Units { get; set; } = Array.Empty<int>();

    /// <summary>Recurrent: how the last layer becomes one vector.</summary>
    public SequencePooling Pooling { get; set; }

    /// <summary>Recurrent with attention pooling: width of the attention projection.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int AttentionUnits { get; set; }

    /// <summary>The dense layers before the output layer; null in older archives (see <see cref="DenseUnits"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DenseLayer[]? DenseLayers { get; set; }

    /// <summary>Older archives: dense layer widths (ReLU and BatchNorm each).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int[]? DenseUnits { get; set; }

    /// <summary>
    /// TextCnn: dropout on the pooled features (older archives: after each dense layer); recurrent:
    /// dropout between recurrent layers and before the dense head; ImageCnn: dropout after each block.
    /// </summary>
    public double Dropout { get; set; }

    /// <summary>Older recurrent archives: dropout after each dense layer.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double DenseDropout { get; set; }

    /// <summary>Builds the network with zero weights, on the CPU, in evaluation mode.</summary>
    /// <exception cref="ArgumentException">The configuration is incomplete or names an unknown architecture.</exception>
    public nn.Module<Tensor, Tensor, Tensor> Build()
    {
        Validate();
        if (Architecture == ImageCnn)
        {
            var image = new ImageCnnNetwork(ImageWidth, ImageHeight, BlockFilters!, ConvolutionsPerBlock, KernelSizes[0], Dropout, DenseLayers!, Classes, PixelScale);
            image.eval();
            return image;
        }

        // The table is overwritten by the saved weights; zeros avoid drawing from the global generator.
        SequenceInput embedding = FrameSize > 0
            ? new FrameInput(FrameSize)
            : new TokenEmbedding(VocabularySize, EmbeddingDimension, new float[checked(VocabularySize * EmbeddingDimension)]);
        var legacy = Architecture == BiLstm;
        var dense = ResolvedDenseLayers();
        nn.Module<Tensor, Tensor, Tensor> network = Architecture == TextCnn
            ? new TextCnnNetwork(
                (TokenEmbedding)embedding, Filters, ResolvedKernelSizes(), ConvolutionBlocks, dense, Classes,
                Math.Max(Stride, 1), ConvolutionPooling, Math.Max(PoolingK, 1), DenseLayers is null ? 0 : Dropout)
            : new RecurrentNetwork(
                embedding, legacy ? RecurrentCell.Lstm : Cell, legacy || Bidirectional, Units, Dropout, Pooling, dense, Classes, AttentionUnits,
                ConvolutionBlocks > 0 ? new ConvolutionFrontEnd(Filters, KernelSizes[0], ConvolutionBlocks) : null);
        network.eval();
        return network;
    }

    private int[] ResolvedKernelSizes() => KernelSizes.Length > 0 ? KernelSizes : new[] { KernelSize };

    private DenseLayer[] ResolvedDenseLayers() => DenseLayers
        ?? (DenseUnits ?? Array.Empty<int>()).Select(u => new DenseLayer(u, DenseActivation.Relu, Architecture == TextCnn ? Dropout : DenseDropout)).ToArray();

    private void Validate()
    {
        if (Architecture is not (TextCnn or Recurrent or BiLstm or ImageCnn))
        {
            throw new ArgumentException($"Unknown architecture '{Architecture}'; expected {TextCnn}, {Recurrent}, {BiLstm} or {ImageCnn}.");
        }

        if (Architecture == ImageCnn)
        {
            ValidateImage();
            return;
        }

        var dense = DenseLayers is null && DenseUnits is null ? null : ResolvedDenseLayers();
        if (FrameSize < 0 || FrameSize > MaxWidth || (FrameSize > 0 && Architecture != Recurrent))
        {
            throw new ArgumentException($"The frame size {FrameSize} is out of range, or given for a {Architecture} network (only {Recurrent} networks read frames).");
        }

        var input = FrameSize > 0 || (VocabularySize >= 2 && EmbeddingDimension is >= 1 and <= MaxWidth);
        if (!input || Classes < 2 || dense is null || dense.Length > MaxLayers
            || dense.Any(l => l is null || l.Units is < 1 or > MaxWidth || !Enum.IsDefined(l.Activation) || !(l.Dropout is >= 0 and < 1))
            || !(Dropout is >= 0 and < 1) || !(DenseDropout is >= 0 and < 1))
        {
            throw new ArgumentException("The vocabulary size, embedding dimension (or frame size), class count, dense layers or dropout are missing or out of range.");
        }

        bool ValidKernels(int[] kernels) => kernels is { Length: > 0 and <= MaxLayers } && kernels.All(k => k is >= 1 and <= MaxWidth);
        var valid = Architecture == TextCnn
            ? Filters is >= 1 and <= MaxWidth && ValidKernels(ResolvedKernelSizes()) && ConvolutionBlocks is >= 1 and <= MaxLayers
                && Stride is >= 0 and <= MaxWidth && PoolingK is >= 0 and <= MaxWidth && Enum.IsDefined(ConvolutionPooling)
            : Units is { Length: > 0 and <= MaxLayers } && Units.All(u => u is >= 1 and <= MaxWidth) && Enum.IsDefined(Pooling) && Enum.IsDefined(Cell)
                && (Pooling != SequencePooling.Attention || AttentionUnits is >= 1 and <= MaxWidth)
                && (ConvolutionBlocks == 0 || (ConvolutionBlocks <= MaxLayers && Filters is >= 1 and <= MaxWidth && KernelSizes.Length == 1 && ValidKernels(KernelSizes)));
        if (!valid)
        {
            throw new ArgumentException($"The {Architecture} layer sizes are missing or out of range.");
        }
    }

    private void ValidateImage()
    {
        var (width, height) = ImageCnnNetwork.FeatureMapSize(ImageWidth, ImageHeight, BlockFilters?.Length ?? 0);
        var valid = ImageWidth is >= 1 and <= MaxWidth && ImageHeight is >= 1 and <= MaxWidth && Classes >= 2
            && BlockFilters is { Length: > 0 and <= MaxLayers } && BlockFilters.All(f => f is >= 1 and <= MaxWidth) && width >= 1 && height >= 1
            && ConvolutionsPerBlock is >= 1 and <= MaxLayers && KernelSizes is { Length: 1 } && KernelSizes[0] is >= 1 and <= 31 && KernelSizes[0] % 2 == 1
            && Dropout is >= 0 and < 1 && float.IsFinite(PixelScale) && PixelScale > 0
            && DenseLayers is { Length: <= MaxLayers } && DenseLayers.All(l => l is not null && l.Units is >= 1 and <= MaxWidth && Enum.IsDefined(l.Activation) && l.Dropout is >= 0 and < 1);
        if (!valid)
        {
            throw new ArgumentException("The ImageCnn image size, blocks, kernel, dropout, pixel scale, dense layers or class count are missing or out of range.");
        }
    }
}
