using Emotion.ML.TorchSharp.Networks;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>
/// Updates only the embedding rows the last training batch used ("lazy" optimizers), so a
/// 50k-word table costs what a batch's few thousand rows cost. Each optimizer keeps its per-row
/// state in tables the size of the embedding; rows never used keep theirs. The padding row stays zero.
/// </summary>
internal abstract class EmbeddingRowOptimizer : IDisposable
{
    private readonly TokenEmbedding embedding;
    private readonly List<Tensor> states = new();

    protected EmbeddingRowOptimizer(TokenEmbedding embedding, double learningRate, double weightDecay)
    {
        this.embedding = embedding;
        LearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    public double LearningRate { get; set; }

    protected double WeightDecay { get; }

    /// <summary>Optimizer steps taken (batches that used the table).</summary>
    public long Step { get; private set; }

    /// <summary>The per-row state tables, for checkpoints.</summary>
    public IReadOnlyList<Tensor> States => states;

    /// <summary>The row optimizer matching the dense optimizer <paramref name="kind"/>.</summary>
    public static EmbeddingRowOptimizer Create(OptimizerKind kind, TokenEmbedding embedding, LoopSettings settings) => kind switch
    {
        OptimizerKind.AdamW => new RowAdam(embedding, settings.LearningRate, settings.WeightDecay, decoupled: true),
        OptimizerKind.Sgd => new RowSgd(embedding, settings.LearningRate, settings.WeightDecay, settings.Momentum, settings.Nesterov),
        OptimizerKind.RmsProp => new RowRmsProp(embedding, settings.LearningRate, settings.WeightDecay),
        OptimizerKind.Adadelta => new RowAdadelta(embedding, settings.LearningRate, settings.WeightDecay),
        _ => new RowAdam(embedding, settings.LearningRate, settings.WeightDecay, decoupled: false),
    };

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
        var values = Update(rows, batch.Rows.detach().clone(), gradient);
        values.masked_fill_(rows.eq(0).unsqueeze(1), 0);
        embedding.Weight.index_copy_(0, rows, values);
    }

    /// <summary>Writes the step count and per-row state (for checkpoints).</summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(Step);
        writer.Write(states.Count);
        foreach (var state in states)
        {
            TensorIO.Write(writer, state);
        }
    }

    /// <summary>Writes what <see cref="Write"/> writes for an optimizer that never stepped and holds no state (a network without embedding).</summary>
    public static void WriteNone(BinaryWriter writer)
    {
        writer.Write(0L);
        writer.Write(0);
    }

    /// <summary>Reads what <see cref="WriteNone"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The checkpoint holds embedding-row state, so it was written for a network with a token embedding.</exception>
    public static void ReadNone(BinaryReader reader)
    {
        reader.ReadInt64();
        if (reader.ReadInt32() != 0)
        {
            throw new InvalidDataException("it holds token-embedding optimizer state, but this network has no token embedding");
        }
    }

    public void Read(BinaryReader reader)
    {
        Step = reader.ReadInt64();
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            TensorIO.ReadInto(reader, State(i));
        }

    }

    public void Dispose()
    {
        foreach (var state in states)
        {
            state.Dispose();
        }
    }

    /// <summary>Returns the new values of <paramref name="rows"/> from their current <paramref name="values"/> and summed <paramref name="gradient"/>.</summary>
    protected abstract Tensor Update(Tensor rows, Tensor values, Tensor gradient);

    /// <summary>The optimizer's per-row state table number <paramref name="index"/>, created as zeros on first use.</summary>
    protected Tensor State(int index)
    {
        while (states.Count <= index)
        {
            NewState();
        }

        return states[index];
    }

    private void NewState() => states.Add(zeros_like(embedding.Weight).DetachFromDisposeScope());

    /// <summary>Coupled L2: the gradient plus weight decay times the values (Adam, SGD, RMSProp, Adadelta).</summary>
    protected Tensor WithL2(Tensor gradient, Tensor values) => WeightDecay > 0 ? gradient.add(values, WeightDecay) : gradient;

    private sealed class RowAdam(TokenEmbedding embedding, double learningRate, double weightDecay, bool decoupled)
        : EmbeddingRowOptimizer(embedding, learningRate, weightDecay)
    {
        private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
        // Bias correction uses the global step, as TensorFlow's LazyAdam does.
        protected override Tensor Update(Tensor rows, Tensor values, Tensor gradient)
        {
            var g = decoupled ? gradient : WithL2(gradient, values);
            var m = State(0).index_select(0, rows).mul_(Beta1).add_(g, 1 - Beta1);
            var v = State(1).index_select(0, rows).mul_(Beta2).addcmul_(g, g, 1 - Beta2);
            State(0).index_copy_(0, rows, m);
            State(1).index_copy_(0, rows, v);
            var correction1 = 1 - Math.Pow(Beta1, Step);
            var correction2 = 1 - Math.Pow(Beta2, Step);
            var stepSize = LearningRate * Math.Sqrt(correction2) / correction1;
            if (decoupled && WeightDecay > 0)
            {
                values.mul_(1 - (LearningRate * WeightDecay));
            }

            return values.sub_(m.div(v.sqrt().add_(Epsilon * Math.Sqrt(correction2))).mul_(stepSize));
        }

    }

    private sealed class RowSgd(TokenEmbedding embedding, double learningRate, double weightDecay, double momentum, bool nesterov)
        : EmbeddingRowOptimizer(embedding, learningRate, weightDecay)
    {
        // PyTorch's SGD: buffer = momentum * buffer + g (a zero buffer makes a row's first step take g),
        // and Nesterov steps along g + momentum * buffer.
        protected override Tensor Update(Tensor rows, Tensor values, Tensor gradient)
        {
            var g = WithL2(gradient, values);
            if (momentum > 0)
            {
                var buffer = State(0).index_select(0, rows).mul_(momentum).add_(g);
                State(0).index_copy_(0, rows, buffer);
                g = nesterov ? g.add(buffer, momentum) : buffer;
            }

            return values.add_(g, -LearningRate);
        }
    }

    private sealed class RowRmsProp(TokenEmbedding embedding, double learningRate, double weightDecay)
        : EmbeddingRowOptimizer(embedding, learningRate, weightDecay)
    {
        private const double Alpha = 0.99, Epsilon = 1e-8;
        protected override Tensor Update(Tensor rows, Tensor values, Tensor gradient)
        {
            var g = WithL2(gradient, values);
            var s = State(0).index_select(0, rows).mul_(Alpha).addcmul_(g, g, 1 - Alpha);
            State(0).index_copy_(0, rows, s);
            return values.add_(g.div(s.sqrt().add_(Epsilon)), -LearningRate);
        }
    }

    private sealed class RowAdadelta(TokenEmbedding embedding, double learningRate, double weightDecay)
        : EmbeddingRowOptimizer(embedding, learningRate, weightDecay)
    {
        private const double Rho = 0.9, Epsilon = 1e-6;
        protected override Tensor Update(Tensor rows, Tensor values, Tensor gradient)
        {
            var g = WithL2(gradient, values);
            var s = State(0).index_select(0, rows).mul_(Rho).addcmul_(g, g, 1 - Rho);
            var d = State(1).index_select(0, rows);
            var step = d.add(Epsilon).sqrt_().div_(s.add(Epsilon).sqrt_()).mul_(g);
            State(0).index_copy_(0, rows, s);
            State(1).index_copy_(0, rows, d.mul_(Rho).addcmul_(step, step, 1 - Rho));
            return values.add_(step, -LearningRate);
        }
    }
}
