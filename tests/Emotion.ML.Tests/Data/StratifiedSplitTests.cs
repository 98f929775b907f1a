using Emotion.ML.Testing;
using Microsoft.ML;

namespace Emotion.ML.Tests.Data;

public class StratifiedSplitTests
{
    [Fact]
    public void Every_class_keeps_its_share_and_the_sets_partition_the_data_in_order()
    {
        var ml = new MLContext(seed: 1);
        var all = ml.Data.CreateEnumerable<TestData.Sentence>(TestData.LoadCarer(ml, "test"), reuseRowObject: false)
            .Select((r, i) => new Row { Id = i, Label = r.Label }).ToList();
        var data = ml.Data.LoadFromEnumerable(all);

        var split = ml.Data.StratifiedTrainTestSplit(data, testFraction: 0.2, seed: 7);
        var train = ml.Data.CreateEnumerable<Row>(split.TrainSet, reuseRowObject: false).ToList();
        var test = ml.Data.CreateEnumerable<Row>(split.TestSet, reuseRowObject: false).ToList();

        Assert.Equal(test.Count, split.TestSet.GetRowCount());
        Assert.Equal(Enumerable.Range(0, all.Count), train.Concat(test).Select(r => r.Id).Order());
        Assert.True(IsIncreasing(train.Select(r => r.Id).ToList()) && IsIncreasing(test.Select(r => r.Id).ToList()));
        foreach (var group in all.GroupBy(r => r.Label))
        {
            // CARER test: 581 sadness, 695 joy, 159 love, 275 anger, 224 fear, 66 surprise.
            Assert.Equal((int)Math.Round(group.Count() * 0.2, MidpointRounding.AwayFromZero), test.Count(r => r.Label == group.Key));
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_split_and_another_seed_another()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.LoadCarer(ml, "validation", 500);
        string[] Test(int seed) => ml.Data.CreateEnumerable<TestData.Sentence>(ml.Data.StratifiedTrainTestSplit(data, 0.3, seed: seed).TestSet, reuseRowObject: false).Select(r => r.Text).ToArray();

        Assert.Equal(Test(3), Test(3));
        Assert.NotEqual(Test(3), Test(4));
    }

    [Fact]
    public void Key_labels_split_like_their_text()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.LoadCarer(ml, "validation", 400);
        var keyed = ml.Transforms.Conversion.MapValueToKey("Key", "Label").Fit(data).Transform(data);

        var byKey = ml.Data.CreateEnumerable<TestData.Sentence>(ml.Data.StratifiedTrainTestSplit(keyed, 0.25, "Key", seed: 2).TestSet, reuseRowObject: false).Select(r => r.Label);
        var byText = ml.Data.CreateEnumerable<TestData.Sentence>(ml.Data.StratifiedTrainTestSplit(data, 0.25, seed: 2).TestSet, reuseRowObject: false).Select(r => r.Label);

        Assert.Equal(byText.GroupBy(l => l).Select(g => g.Count()).Order(), byKey.GroupBy(l => l).Select(g => g.Count()).Order());
    }

    [Fact]
    public void Bad_arguments_name_the_argument()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.LoadCarer(ml, "test", 5);
        Assert.Equal("testFraction", Assert.Throws<ArgumentOutOfRangeException>(() => ml.Data.StratifiedTrainTestSplit(data, 1.0)).ParamName);
        Assert.Contains("'Emotion'", Assert.Throws<ArgumentOutOfRangeException>(() => ml.Data.StratifiedTrainTestSplit(data, 0.2, "Emotion")).Message);
        var numbered = ml.Data.LoadFromEnumerable(new[] { new Row { Id = 1, Label = "joy" } });
        Assert.Contains("expected text", Assert.Throws<ArgumentOutOfRangeException>(() => ml.Data.StratifiedTrainTestSplit(numbered, 0.2, "Id")).Message);
    }

    private static bool IsIncreasing(List<int> values) => values.Zip(values.Skip(1)).All(p => p.First < p.Second);

    private sealed class Row
    {
        public int Id { get; set; }

        public string Label { get; set; } = "";
    }
}
