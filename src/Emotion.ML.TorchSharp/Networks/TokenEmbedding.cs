using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Networks;

/// <summary>
/// The token-id to vector layer every text network starts with: row 0 is padding (always zero),
/// initialised from pretrained vectors or randomly.
/// </summary>
/// <remarks>
/// Fine-tuning a 50k-row table with a dense gradient and a dense Adam update costs more than the
/// rest of a CNN. So the table itself takes no gradient: in training, the rows a batch uses are
/// gathered once into a small leaf tensor, the batch is looked up from it, and after
/// <c>backward</c> that leaf holds one summed gradient per used row (<see cref="BatchRows"/>),
/// which <see cref="Training.EmbeddingRowOptimizer"/> applies to those rows only. This is the same
/// arithmetic as a sparse embedding gradient, without TorchSharp's sparse-tensor paths.
/// </remarks>
internal sealed class TokenEmbedding : SequenceInput
{
    private readonly Parameter weight;

    public TokenEmbedding(long vocabularySize, long dimension, float[]? pretrained, bool trainable = true)
        : base(nameof(TokenEmbedding))
    {
        Tensor initial;
        if (pretrained is not null)
        {
            if (pretrained.LongLength != vocabularySize * dimension)
            {
                throw new ArgumentException($"The pretrained matrix has {pretrained.LongLength} values; expected {vocabularySize} x {dimension}.", nameof(pretrained));
            }

            initial = tensor(pretrained, new[] { vocabularySize, dimension });
        }
        else
        {
            initial = randn(vocabularySize, dimension);
        }

        initial[0] = zeros(dimension);
        weight = new Parameter(initial, requires_grad: false);
        Dimension = dimension;
        Trainable = trainable;
        RegisterComponents();
    }

    public override long Dimension { get; }

    public long VocabularySize => weight.shape[0];

    /// <summary>Whether training updates the table (false: frozen embeddings).</summary>
    public bool Trainable { get; set; }

    /// <summary>The table [vocabulary, dimension]; row 0 is padding.</summary>
    public Parameter Weight => weight;

    /// <summary>
    /// The rows the last training batch used and their leaf tensor, whose gradient after
    /// <c>backward</c> is the gradient of those rows; null when the last forward pass did not train the table.
    /// </summary>
    public (Tensor Ids, Tensor Rows)? BatchRows { get; private set; }

    public override Tensor forward(Tensor ids)
    {
        var shape = ids.shape.Append(Dimension).ToArray();
        if (!training || !Trainable || !is_grad_enabled())
        {
            BatchRows = null;
            return weight.index_select(0, ids.flatten()).view(shape);
        }

        var (unique, inverse, _) = ids.flatten().unique(sorted: true, return_inverse: true);
        var rows = weight.index_select(0, unique).detach().requires_grad_(true);
        BatchRows = (unique, rows);
        return rows.index_select(0, inverse!).view(shape);
    }
}
