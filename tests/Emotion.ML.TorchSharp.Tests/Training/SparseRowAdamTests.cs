using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Tests.Training;

public class SparseRowAdamTests
{
    private static float[] Table(int rows, int dim) =>
        Enumerable.Range(0, rows * dim).Select(i => i < dim ? 0f : MathF.Sin(i * 0.37f)).ToArray();

    private static Tensor Loss(Tensor looked, long count, long dim) =>
        (looked - linspace(-1, 1, count * dim).reshape(count, dim)).pow(2).sum();

    [Fact]
    public void Lazy_adam_matches_dense_adam_on_rows_every_batch_uses()
    {
        var embedding = new TokenEmbedding(6, 4, Table(6, 4));
        embedding.train();
        using var lazy = new SparseRowAdam(embedding, 0.01);
        var reference = new Parameter(tensor(Table(6, 4), new long[] { 6, 4 }));
        var adam = optim.Adam(new[] { reference }, 0.01);
        var ids = tensor(new long[] { 1, 2, 3, 4, 5, 2 });   // every row but padding, one used twice
        for (var i = 0; i < 5; i++)
        {
            using var scope = NewDisposeScope();
            Loss(embedding.forward(ids), 6, 4).backward();
            lazy.StepOnce();
            adam.zero_grad();
            Loss(reference.index_select(0, ids), 6, 4).backward();
            adam.step();
        }

        var a = embedding.Weight.data<float>().ToArray();
        var b = reference.data<float>().ToArray();
        for (var i = 0; i < a.Length; i++)
        {
            Assert.InRange(Math.Abs(a[i] - b[i]), 0, 1e-5);
        }
    }

    [Fact]
    public void Lazy_adam_leaves_unused_rows_and_padding_untouched()
    {
        var embedding = new TokenEmbedding(6, 4, Table(6, 4));
        embedding.train();
        var before = embedding.Weight.data<float>().ToArray();
        using var lazy = new SparseRowAdam(embedding, 0.01);
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
