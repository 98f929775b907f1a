using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Networks;

/// <summary>
/// Additive attention pooling over time: each valid step gets the score
/// <c>v · tanh(W x_t + b)</c>, a softmax over the valid steps turns scores into weights, and the
/// result is the weighted sum of the steps. Padded steps get weight exactly 0.
/// </summary>
internal sealed class AttentionPooling : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear projection;
    private readonly Linear context;

    public AttentionPooling(long inputs, int units)
        : base(nameof(AttentionPooling))
    {
        projection = nn.Linear(inputs, units);
        context = nn.Linear(units, 1, hasBias: false);
        RegisterComponents();
    }

    /// <summary>Pools <paramref name="x"/> [batch, steps, features] over the steps where <paramref name="mask"/> [batch, steps] is 1; every row needs at least one.</summary>
    public override Tensor forward(Tensor x, Tensor mask)
    {
        var scores = context.forward(tanh(projection.forward(x))).squeeze(2);       // [B,T]
        var weights = nn.functional.softmax(scores.masked_fill(mask.eq(0), float.NegativeInfinity), 1);
        return weights.unsqueeze(1).bmm(x).squeeze(1);                              // [B,F]
    }
}
