using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Tests.Training;

public class L2PenaltyTests
{
    private static readonly string[] Classes = { "a", "b", "c" };

    private static (TextCnnNetwork Network, TokenEmbedding Embedding) Cnn(int seed)
    {
        torch.manual_seed(seed);
        var embedding = new TokenEmbedding(50, 8, null);
        return (new TextCnnNetwork(embedding, 6, 3, 1, new[] { 5 }, 0.0, 3), embedding);
    }

    /// <summary>Sentences of class c use words 2+10c .. 11+10c.</summary>
    private static TrainingData Toy(int rows, int seed)
    {
        var random = new Random(seed);
        var tokens = Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, random.Next(4, 12)).Select(_ => 2 + (10 * (r % 3)) + random.Next(10)).ToArray()).ToArray();
        return new TrainingData(tokens, Enumerable.Range(0, rows).Select(r => r % 3).ToArray());
    }

    private static double SumOfSquares(Tensor t) => t.detach().cpu().to_type(ScalarType.Float64).contiguous().data<double>().Sum(x => x * x);

    /// <summary>Runs one training-mode forward pass so the embedding selects the batch's rows.</summary>
    private static Tensor ForwardBatch(TextCnnNetwork network, long[] ids)
    {
        network.train();
        return network.forward(tensor(ids, new long[] { 2, ids.Length / 2 }), tensor(new long[] { ids.Length / 2, ids.Length / 2 }));
    }

    [Fact]
    public void Groups_follow_the_owning_module_type_and_leave_out_biases_and_batch_norm()
    {
        var (cnn, _) = Cnn(1);
        var groups = LayerGroups.Weights(cnn).ToDictionary(w => w.Name, w => w.Group);
        Assert.Equal(
            new Dictionary<string, LayerGroup>
            {
                ["convolutions.0.weight"] = LayerGroup.Convolution,
                ["head.layers.0.weight"] = LayerGroup.Dense,
                ["head.output.weight"] = LayerGroup.Output,
            },
            groups);

        torch.manual_seed(1);
        var embedding = new TokenEmbedding(50, 8, null);
        var lstm = new RecurrentNetwork(embedding, RecurrentCell.Lstm, true, new[] { 4 }, 0.0, SequencePooling.Max, Array.Empty<int>(), 0.0, 3);
        var recurrent = LayerGroups.Weights(lstm).ToDictionary(w => w.Name, w => w.Group);
        Assert.Equal(
            new[] { "backwardLayers.0.weight_hh_l0", "backwardLayers.0.weight_ih_l0", "forwardLayers.0.weight_hh_l0", "forwardLayers.0.weight_ih_l0" },
            recurrent.Where(kv => kv.Value == LayerGroup.Recurrent).Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "head.output.weight" }, recurrent.Where(kv => kv.Value == LayerGroup.Output).Select(kv => kv.Key));
        Assert.DoesNotContain(recurrent.Values, g => g == LayerGroup.Dense);
    }

    [Fact]
    public void The_penalty_is_each_groups_strength_times_its_sum_of_squared_weights_and_the_batch_rows()
    {
        var (network, embedding) = Cnn(2);
        var strengths = new Dictionary<LayerGroup, double>
        {
            [LayerGroup.Embedding] = 0.5,
            [LayerGroup.Convolution] = 0.1,
            [LayerGroup.Dense] = 0.2,
            [LayerGroup.Output] = 0.3,
        };
        var penalty = L2Penalty.Create(network, embedding, strengths)!;
        long[] ids = { 3, 7, 7, 9, 12, 3, 0, 40 };
        ForwardBatch(network, ids);

        var parameters = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var rows = ids.Distinct().Sum(id => SumOfSquares(embedding.Weight[id]));
        var expected = (0.5 * rows)
            + (0.1 * SumOfSquares(parameters["convolutions.0.weight"]))
            + (0.2 * SumOfSquares(parameters["head.layers.0.weight"]))
            + (0.3 * SumOfSquares(parameters["head.output.weight"]));
        Assert.Equal(expected, penalty.Compute()!.item<float>(), 4);
    }

    [Fact]
    public void No_strength_or_only_zero_strengths_add_no_penalty()
    {
        var (network, embedding) = Cnn(1);
        Assert.Null(L2Penalty.Create(network, embedding, null));
        Assert.Null(L2Penalty.Create(network, embedding, new Dictionary<LayerGroup, double> { [LayerGroup.Dense] = 0 }));
    }

    [Fact]
    public void The_penalty_gradient_reaches_only_the_weights_of_its_group()
    {
        var (network, embedding) = Cnn(3);
        var penalty = L2Penalty.Create(network, embedding, new Dictionary<LayerGroup, double> { [LayerGroup.Dense] = 0.25 })!;
        ForwardBatch(network, new long[] { 3, 7, 9, 12, 3, 40 });
        penalty.Compute()!.backward();

        foreach (var (name, parameter) in network.named_parameters())
        {
            if (name == "head.layers.0.weight")
            {
                // d/dw of 0.25 * sum(w^2) is 0.5 * w.
                Assert.True(parameter.grad!.allclose(parameter.detach() * 0.5), name);
            }
            else
            {
                Assert.True(parameter.grad is null || parameter.grad.abs().max().item<float>() == 0, $"{name} got a gradient from the Dense penalty");
            }
        }

        Assert.Null(embedding.BatchRows!.Value.Rows.grad);
    }

    [Fact]
    public void A_large_dense_penalty_shrinks_the_dense_weights_and_the_reported_loss_stays_the_cross_entropy()
    {
        (double DenseNorm, double FirstBatchLoss) Train(Dictionary<LayerGroup, double>? l2)
        {
            var (network, embedding) = Cnn(5);
            var progress = new List<TrainingProgress>();
            ClassifierLoop.Fit(network, embedding, Toy(200, 1), Toy(60, 2), Classes,
                new LoopSettings { MaxEpochs = 4, BatchSize = 32, LearningRate = 0.01, Patience = 0, RestoreBestWeights = false, Seed = 5, L2Regularization = l2 },
                new Progress(progress.Add));
            var dense = network.named_parameters().Single(p => p.name == "head.layers.0.weight").parameter;
            return (Math.Sqrt(SumOfSquares(dense)), progress[0].RunningLoss);
        }

        var plain = Train(null);
        var penalised = Train(new Dictionary<LayerGroup, double> { [LayerGroup.Dense] = 1.0 });
        Assert.True(penalised.DenseNorm < 0.5 * plain.DenseNorm, $"dense weight norm {penalised.DenseNorm} with L2 against {plain.DenseNorm} without");
        // The first batch runs on the same initial weights in both runs: the same reported loss means the penalty is not in it.
        Assert.Equal(plain.FirstBatchLoss, penalised.FirstBatchLoss);
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
