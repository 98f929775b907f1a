using Emotion.ML.TorchSharp.Networks;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>
/// Adam for an embedding table that updates only the rows a batch used ("lazy Adam"), so a
/// 50k-word table costs what the batch's few thousand rows cost. Rows never used keep their
/// moments; bias correction uses the global step, as TensorFlow's LazyAdam does.
/// </summary>
/// <remarks>Decoupled weight decay (AdamW style) is applied to the used rows only. The padding row stays zero.</remarks>
internal sealed class SparseRowAdam : IDisposable
{
    private readonly TokenEmbedding embedding;
    private readonly Tensor firstMoment;
    private readonly Tensor secondMoment;
    private readonly double beta1;
    private readonly double beta2;
    private readonly double epsilon;
    private readonly double weightDecay;

    public SparseRowAdam(TokenEmbedding embedding, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
    {
        this.embedding = embedding;
        LearningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        firstMoment = zeros_like(embedding.Weight).DetachFromDisposeScope();
        secondMoment = zeros_like(embedding.Weight).DetachFromDisposeScope();
    }

    public double LearningRate { get; set; }

    public long Step { get; private set; }

    /// <summary>The optimizer state, for checkpoints.</summary>
    public (Tensor First, Tensor Second) Moments => (firstMoment, secondMoment);

    /// <summary>Applies the gradient of the rows the last training batch used; does nothing when there is none.</summary>
    public void StepOnce()
    {
        if (embedding.BatchRows is not { } batch || batch.Rows.grad is not { } gradient)
        {
            return;
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Step++;
        var rows = batch.Ids;
        var m = firstMoment.index_select(0, rows).mul_(beta1).add_(gradient, 1 - beta1);
        var v = secondMoment.index_select(0, rows).mul_(beta2).addcmul_(gradient, gradient, 1 - beta2);
        firstMoment.index_copy_(0, rows, m);
        secondMoment.index_copy_(0, rows, v);

        var correction1 = 1 - Math.Pow(beta1, Step);
        var correction2 = 1 - Math.Pow(beta2, Step);
        var stepSize = LearningRate * Math.Sqrt(correction2) / correction1;
        var update = m.div(v.sqrt().add_(epsilon * Math.Sqrt(correction2))).mul_(stepSize);
        var values = batch.Rows.detach().clone();
        if (weightDecay > 0)
        {
            values.mul_(1 - (LearningRate * weightDecay));
        }

        values.sub_(update);
        // Padding (id 0) always reads as zeros.
        values.masked_fill_(rows.eq(0).unsqueeze(1), 0);
        embedding.Weight.index_copy_(0, rows, values);
    }

    public void Dispose()
    {
        firstMoment.Dispose();
        secondMoment.Dispose();
    }
}
