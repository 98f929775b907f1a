using Emotion.ML.TorchSharp.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>
/// The L2 term added to the training loss: for each <see cref="LayerGroup"/> with a strength,
/// strength times the sum of squares of the group's weights (<see cref="LayerGroups.Weights"/>),
/// as Keras' <c>kernel_regularizer=l2(strength)</c>. For the token embedding, the rows the current
/// batch uses, since the table is updated row by row.
/// </summary>
internal sealed class L2Penalty
{
    private readonly IReadOnlyList<(double Strength, Parameter Weight)> weights;
    private readonly TokenEmbedding? embedding;
    private readonly double embeddingStrength;

    private L2Penalty(IReadOnlyList<(double Strength, Parameter Weight)> weights, TokenEmbedding? embedding, double embeddingStrength)
    {
        this.weights = weights;
        this.embedding = embedding;
        this.embeddingStrength = embeddingStrength;
    }

    /// <summary>The penalty for <paramref name="network"/> (whose token embedding, if any, is <paramref name="embedding"/>); null when no group has a positive strength.</summary>
    public static L2Penalty? Create(nn.Module network, TokenEmbedding? embedding, IReadOnlyDictionary<LayerGroup, double>? strengths)
    {
        if (strengths is null || !strengths.Values.Any(s => s > 0))
        {
            return null;
        }

        var weights = LayerGroups.Weights(network)
            .Select(w => (Strength: strengths.GetValueOrDefault(w.Group), w.Weight))
            .Where(w => w.Strength > 0)
            .ToList();
        return new L2Penalty(weights, embedding, strengths.GetValueOrDefault(LayerGroup.Embedding));
    }

    /// <summary>
    /// The penalty for the current batch, to add to its loss; call after the forward pass (which
    /// selects the embedding rows). Null when nothing is penalised in this batch.
    /// </summary>
    public Tensor? Compute()
    {
        Tensor? total = null;
        foreach (var (strength, weight) in weights)
        {
            total = Add(total, weight, strength);
        }

        if (embeddingStrength > 0 && embedding?.BatchRows is { } batch)
        {
            total = Add(total, batch.Rows, embeddingStrength);
        }

        return total;
    }

    private static Tensor Add(Tensor? total, Tensor weight, double strength)
    {
        var term = weight.square().sum().mul(strength);
        return total is null ? term : total.add(term);
    }
}
