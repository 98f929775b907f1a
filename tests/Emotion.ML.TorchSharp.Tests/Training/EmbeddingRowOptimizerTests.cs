using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Tests.Training;

public class EmbeddingRowOptimizerTests
{
    private static float[] Table(int rows, int dim) =>
        Enumerable.Range(0, rows * dim).Select(i => i < dim ? 0f : MathF.Sin(i * 0.37f)).ToArray();

    private static Tensor Loss(Tensor looked, long count, long dim) =>
        (looked - linspace(-1, 1, count * dim).reshape(count, dim)).pow(2).sum();

    public static TheoryData<OptimizerKind, double, double, bool, double> Optimizers() => new()
    {
        { OptimizerKind.Adam, 0.01, 0, false, 0 },
        { OptimizerKind.Adam, 0.01, 0, false, 0.1 },
        { OptimizerKind.AdamW, 0.01, 0, false, 0.1 },
        { OptimizerKind.Sgd, 0.05, 0, false, 0 },
        { OptimizerKind.Sgd, 0.05, 0.9, false, 0.01 },
        { OptimizerKind.Sgd, 0.05, 0.9, true, 0 },
        { OptimizerKind.RmsProp, 0.01, 0, false, 0.01 },
        { OptimizerKind.Adadelta, 1.0, 0, false, 0.01 },
    };

    private static optim.Optimizer Dense(OptimizerKind kind, Parameter p, double lr, double momentum, bool nesterov, double decay) => kind switch
    {
        OptimizerKind.AdamW => optim.AdamW(new[] { p }, lr, weight_decay: decay),
        OptimizerKind.Sgd => optim.SGD(new[] { p }, lr, momentum: momentum, weight_decay: decay, nesterov: nesterov),
        OptimizerKind.RmsProp => optim.RMSProp(new[] { p }, lr, weight_decay: decay),
        OptimizerKind.Adadelta => optim.Adadelta(new[] { p }, lr, weight_decay: decay),
        _ => optim.Adam(new[] { p }, lr, weight_decay: decay),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Row_optimizers_match_the_dense_optimizer_on_rows_every_batch_uses(OptimizerKind kind, double lr, double momentum, bool nesterov, double decay)
    {
        var embedding = new TokenEmbedding(6, 4, Table(6, 4));
        embedding.train();
        var settings = new LoopSettings { LearningRate = lr, Momentum = momentum, Nesterov = nesterov, WeightDecay = decay };
        using var lazy = EmbeddingRowOptimizer.Create(kind, embedding, settings);
        var reference = new Parameter(tensor(Table(6, 4), new long[] { 6, 4 }));
        var dense = Dense(kind, reference, lr, momentum, nesterov, decay);
        var ids = tensor(new long[] { 1, 2, 3, 4, 5, 2 });   // every row but padding, one used twice
        for (var i = 0; i < 5; i++)
        {
            using var scope = NewDisposeScope();
            Loss(embedding.forward(ids), 6, 4).backward();
            lazy.StepOnce();
            dense.zero_grad();
            Loss(reference.index_select(0, ids), 6, 4).backward();
            dense.step();
        }

        var a = embedding.Weight.data<float>().ToArray();
        var b = reference.data<float>().ToArray();
        for (var i = 4; i < a.Length; i++)   // row 0 is padding: always zero for the embedding
        {
            Assert.InRange(Math.Abs(a[i] - b[i]), 0, 1e-5);
        }
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.RmsProp)]
    [InlineData(OptimizerKind.Adadelta)]
    public void Row_optimizers_leave_unused_rows_and_padding_untouched(OptimizerKind kind)
    {
        var embedding = new TokenEmbedding(6, 4, Table(6, 4));
        embedding.train();
        var before = embedding.Weight.data<float>().ToArray();
        using var lazy = EmbeddingRowOptimizer.Create(kind, embedding, new LoopSettings { LearningRate = 0.5, Momentum = 0.9 });
        Loss(embedding.forward(tensor(new long[] { 2, 3, 0 })), 3, 4).backward();
        lazy.StepOnce();
        var after = embedding.Weight.data<float>().ToArray();
        foreach (var row in new[] { 0, 1, 4, 5 })
        {
            Assert.Equal(before.AsSpan(row * 4, 4).ToArray(), after.AsSpan(row * 4, 4).ToArray());
        }

        Assert.NotEqual(before.AsSpan(8, 4).ToArray(), after.AsSpan(8, 4).ToArray());
    }

    [Fact]
    public void Frozen_or_evaluating_embeddings_record_no_rows()
    {
        var embedding = new TokenEmbedding(6, 4, Table(6, 4), trainable: false);
        embedding.train();
        embedding.forward(tensor(new long[] { 1, 2 }));
        Assert.Null(embedding.BatchRows);
        embedding.Trainable = true;
        embedding.eval();
        embedding.forward(tensor(new long[] { 1, 2 }));
        Assert.Null(embedding.BatchRows);
    }
}
