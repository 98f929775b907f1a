using Emotion.ML.TorchSharp.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Persistence;

/// <summary>
/// The shape of a trained network, enough to rebuild it before its weights are loaded: the
/// <c>network.json</c> entry of a text classifier in a model archive.
/// </summary>
internal sealed class NetworkConfig
{
    public const string TextCnn = nameof(TextCnn);
    public const string Recurrent = nameof(Recurrent);

    /// <summary>Archives written before <see cref="Recurrent"/> name the bidirectional LSTM this way.</summary>
    public const string BiLstm = nameof(BiLstm);

    // Bounds far above any trainable text network, so a damaged file cannot ask for a huge allocation.
    private const int MaxWidth = 1 << 16;
    private const int MaxLayers = 64;

    /// <summary><see cref="TextCnn"/>, <see cref="Recurrent"/> or <see cref="BiLstm"/>.</summary>
    public string Architecture { get; set; } = "";

    /// <summary>Recurrent: the layer kind (a <see cref="BiLstm"/> is always <see cref="RecurrentCell.Lstm"/>).</summary>
    public RecurrentCell Cell { get; set; }

    /// <summary>Recurrent: whether each layer also reads the sentence backwards (a <see cref="BiLstm"/> always does).</summary>
    public bool Bidirectional { get; set; }

    public long VocabularySize { get; set; }

    public long EmbeddingDimension { get; set; }

    public int Classes { get; set; }

    /// <summary>TextCnn: filters per convolution.</summary>
    public int Filters { get; set; }

    /// <summary>TextCnn: kernel width.</summary>
    public int KernelSize { get; set; }

    /// <summary>TextCnn: convolution blocks.</summary>
    public int ConvolutionBlocks { get; set; }

    /// <summary>Recurrent: units per direction of each layer.</summary>
    public int[] Units { get; set; } = Array.Empty<int>();

    /// <summary>Recurrent: how the last layer becomes one vector.</summary>
    public SequencePooling Pooling { get; set; }

    public int[] DenseUnits { get; set; } = Array.Empty<int>();

    /// <summary>TextCnn: dropout after dense layers; recurrent: dropout between recurrent layers.</summary>
    public double Dropout { get; set; }

    /// <summary>Recurrent: dropout after dense layers.</summary>
    public double DenseDropout { get; set; }

    /// <summary>Builds the network with zero weights, on the CPU, in evaluation mode.</summary>
    /// <exception cref="ArgumentException">The configuration is incomplete or names an unknown architecture.</exception>
    public nn.Module<Tensor, Tensor, Tensor> Build()
    {
        Validate();

        // The table is overwritten by the saved weights; zeros avoid drawing from the global generator.
        var embedding = new TokenEmbedding(VocabularySize, EmbeddingDimension, new float[checked(VocabularySize * EmbeddingDimension)]);
        var legacy = Architecture == BiLstm;
        nn.Module<Tensor, Tensor, Tensor> network = Architecture == TextCnn
            ? new TextCnnNetwork(embedding, Filters, KernelSize, ConvolutionBlocks, DenseUnits, Dropout, Classes)
            : new RecurrentNetwork(embedding, legacy ? RecurrentCell.Lstm : Cell, legacy || Bidirectional, Units, Dropout, Pooling, DenseUnits, DenseDropout, Classes);
        network.eval();
        return network;
    }

    private void Validate()
    {
        if (Architecture is not (TextCnn or Recurrent or BiLstm))
        {
            throw new ArgumentException($"Unknown architecture '{Architecture}'; expected {TextCnn}, {Recurrent} or {BiLstm}.");
        }

        if (VocabularySize < 2 || EmbeddingDimension is < 1 or > MaxWidth || Classes < 2 || DenseUnits is null || DenseUnits.Length > MaxLayers || DenseUnits.Any(u => u is < 1 or > MaxWidth) ||
            !(Dropout is >= 0 and < 1) || !(DenseDropout is >= 0 and < 1))
        {
            throw new ArgumentException("The vocabulary size, embedding dimension, class count, dense units or dropout are missing or out of range.");
        }

        var valid = Architecture == TextCnn
            ? Filters is >= 1 and <= MaxWidth && KernelSize is >= 1 and <= MaxWidth && ConvolutionBlocks is >= 1 and <= MaxLayers
            : Units is { Length: > 0 and <= MaxLayers } && Units.All(u => u is >= 1 and <= MaxWidth) && Enum.IsDefined(Pooling) && Enum.IsDefined(Cell);
        if (!valid)
        {
            throw new ArgumentException($"The {Architecture} layer sizes are missing or out of range.");
        }
    }
}
