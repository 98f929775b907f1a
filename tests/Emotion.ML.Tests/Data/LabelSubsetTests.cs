using Emotion.ML.Testing;
using Microsoft.ML;

namespace Emotion.ML.Tests.Data;

public class LabelSubsetTests
{
    [Fact]
    public void KeepLabels_keeps_only_the_chosen_labels_in_order()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.LoadCarer(ml, "test");
        var subset = ml.Data.KeepLabels(data, "Label", "anger", "joy");
        var rows = ml.Data.CreateEnumerable<TestData.Sentence>(subset, reuseRowObject: false).ToList();
        var expected = File.ReadLines(TestData.Carer("test")).Skip(1)
            .Select(l => (Text: l[..l.LastIndexOf('\t')], Label: l[(l.LastIndexOf('\t') + 1)..]))
            .Where(r => r.Label is "anger" or "joy").ToList();
        Assert.Equal(275 + 695, rows.Count);
        Assert.Equal(expected, rows.Select(r => (r.Text, r.Label)));
    }

    [Fact]
    public void A_binary_subset_gets_two_key_values()
    {
        var ml = new MLContext(seed: 1);
        var subset = ml.Data.KeepLabels(TestData.LoadCarer(ml, "validation"), "Label", "anger", "joy");
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(subset).Transform(subset);
        Assert.Equal(2UL, Assert.IsType<Microsoft.ML.Data.KeyDataViewType>(keyed.Schema["Label"].Type).Count);
    }

    [Fact]
    public void Bad_arguments_name_the_column_or_the_labels()
    {
        var ml = new MLContext(seed: 1);
        var data = TestData.LoadCarer(ml, "test", 5);
        Assert.Contains("'Emotion'", Assert.Throws<ArgumentOutOfRangeException>(() => ml.Data.KeepLabels(data, "Emotion", "joy")).Message);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => ml.Data.KeepLabels(data, "Label")).ParamName);
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        Assert.Contains("expected text", Assert.Throws<ArgumentOutOfRangeException>(() => ml.Data.KeepLabels(keyed, "Label", "joy")).Message);
    }
}
