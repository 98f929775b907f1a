using System.Text.Json;
using Emotion.ML.TorchSharp.Training;

namespace Emotion.ML.TorchSharp.Tests.Training;

public class TrainingHistoryJsonTests
{
    [Fact]
    public void A_history_round_trips_through_json_with_every_figure()
    {
        var history = new TrainingHistory(
            new[]
            {
                new EpochRecord(1, 1.25, 0.5, 0.9, 0.61, 0.55, 3.5, 4000, 123456789, 1e-3),
                new EpochRecord(2, 0.75, 0.7, 0.8, 0.66, 0.6, 3.25, 4100, 123456790, 5e-4),
                new EpochRecord(3, 0.5, 0.8, null, null, null, 3, 4200),
            },
            2,
            StopReason.EarlyStopping);
        var again = TrainingHistory.FromJson(history.ToJson());
        Assert.Equal(history.Epochs, again.Epochs);
        Assert.Equal(2, again.BestEpoch);
        Assert.Equal(StopReason.EarlyStopping, again.StopReason);
        Assert.Equal(history.Epochs[1], again.Best);
    }

    [Theory]
    [InlineData("""{ "stopReason": "MaxEpochs", "epochs": [] }""", "property 'bestEpoch' is missing")]
    [InlineData("""{ "bestEpoch": 0, "stopReason": "Bored", "epochs": [] }""", "$.stopReason: 'Bored'")]
    [InlineData("""{ "bestEpoch": 3, "stopReason": "MaxEpochs", "epochs": [] }""", "$.bestEpoch: 3 is outside [0, 0]")]
    [InlineData("""{ "bestEpoch": 0, "stopReason": "MaxEpochs", "epochs": [{ "epoch": 1 }] }""", "$.epochs[0]: property 'trainLoss' is missing")]
    public void A_malformed_history_names_the_property(string json, string expected)
    {
        var ex = Assert.Throws<JsonException>(() => TrainingHistory.FromJson(json));
        Assert.Contains(expected, ex.Message);
    }
}
