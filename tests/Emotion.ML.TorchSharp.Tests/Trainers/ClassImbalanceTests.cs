using Emotion.ML.Embeddings;
using Emotion.ML.Evaluation;
using Emotion.ML.Testing;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Trainers;
using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;

namespace Emotion.ML.TorchSharp.Tests.Trainers;

/// <summary>
/// Class weights and resampling on an imbalanced CARER subset: 700 joy, 700 sadness, 250 anger and
/// 80 surprise sentences. Each remedy must raise the recall of the rare class over plain training.
/// </summary>
public class ClassImbalanceTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly Dictionary<string, int> Sizes = new() { ["joy"] = 700, ["sadness"] = 700, ["anger"] = 250, ["surprise"] = 80 };
    private static readonly Lazy<WordEmbeddings> Glove = new(() => WordEmbeddings.Load(TestData.Glove));

    private static List<TestData.Sentence> Rows(string split, Dictionary<string, int>? sizes)
    {
        var taken = new Dictionary<string, int>();
        var rows = new List<TestData.Sentence>();
        foreach (var line in File.ReadLines(TestData.Carer(split)).Skip(1))
        {
            var tab = line.LastIndexOf('\t');
            var label = line[(tab + 1)..];
            if (!Sizes.ContainsKey(label) || (sizes is not null && taken.GetValueOrDefault(label) >= sizes[label]))
            {
                continue;
            }

            taken[label] = taken.GetValueOrDefault(label) + 1;
            rows.Add(new TestData.Sentence { Text = line[..tab], Label = label });
        }

        return rows;
    }

    private static double SurpriseRecall(Action<TextCnnOptions> configure)
    {
        var ml = new MLContext(seed: 1);
        var options = new TextCnnOptions
        {
            Filters = 64,
            DenseLayers = new DenseLayer[] { 64 },
            Embeddings = Glove.Value,
            MaxEpochs = 4,
            ValidationFraction = 0,
            Seed = 3,
            NumberOfThreads = 2,
        };
        configure(options);
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.TokenizeToIds("Tokens", "Text"))
            .Append(ml.MulticlassClassification.Trainers.TextCnn(options))
            .Fit(ml.Data.LoadFromEnumerable(Rows("train", Sizes)));
        var report = EmotionMetrics.From(model.Transform(ml.Data.LoadFromEnumerable(Rows("test", null))));
        return report.PerClass.Single(c => c.Name == "surprise").Recall;
    }

    [Fact]
    public void Balanced_weights_over_and_under_sampling_each_raise_the_rare_class_recall()
    {
        var plain = SurpriseRecall(_ => { });
        var balanced = SurpriseRecall(o => o.ClassWeighting = ClassWeighting.Balanced);
        var explicitWeight = SurpriseRecall(o => o.ClassWeights = new Dictionary<string, float> { ["surprise"] = 20 });
        var over = SurpriseRecall(o => o.Resampling = Resampling.OverSample);
        var under = SurpriseRecall(o => o.Resampling = Resampling.UnderSample);
        var summary = $"surprise recall: plain {plain:F3}, balanced {balanced:F3}, explicit {explicitWeight:F3}, over-sampled {over:F3}, under-sampled {under:F3}";
        output.WriteLine(summary);
        Assert.True(balanced > plain + 0.1, summary);
        Assert.True(explicitWeight > plain + 0.1, summary);
        Assert.True(over > plain + 0.1, summary);
        Assert.True(under > plain + 0.1, summary);
    }

    [Fact]
    public void Resampling_is_seeded_and_evens_out_the_classes()
    {
        var data = new TrainingData(Enumerable.Range(0, 10).Select(i => new[] { i + 2 }).ToArray(), new[] { 0, 0, 0, 0, 0, 0, 1, 1, 1, 2 });
        var over = data.Resample(overSample: true, seed: 4);
        Assert.Equal(new[] { 6, 6, 6 }, over.ClassCounts(3));
        Assert.Equal(over.Tokens.Select(t => t[0]), data.Resample(true, 4).Tokens.Select(t => t[0]));
        var under = data.Resample(overSample: false, seed: 4);
        Assert.Equal(new[] { 1, 1, 1 }, under.ClassCounts(3));
        Assert.Contains(11, under.Tokens.Select(t => t[0]));   // the single class-2 row is always kept
    }

    [Fact]
    public void Explicit_weights_for_an_unknown_class_name_the_class()
    {
        var ml = new MLContext(seed: 1);
        var options = new TextCnnOptions { Filters = 8, DenseLayers = new DenseLayer[] { 8 }, EmbeddingDimension = 8, MaxEpochs = 1, ClassWeights = new Dictionary<string, float> { ["boredom"] = 2 } };
        var error = Assert.Throws<ArgumentException>(() => ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.TokenizeToIds("Tokens", "Text"))
            .Append(ml.MulticlassClassification.Trainers.TextCnn(options))
            .Fit(ml.Data.LoadFromEnumerable(Rows("train", new Dictionary<string, int> { ["joy"] = 20, ["sadness"] = 20, ["anger"] = 0, ["surprise"] = 0 }))));
        Assert.Contains("'boredom'", error.Message);
    }
}
