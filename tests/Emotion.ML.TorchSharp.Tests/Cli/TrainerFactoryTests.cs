using Emotion.ML.Cli.Training;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Trainers;
using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;

namespace Emotion.ML.TorchSharp.Tests.Cli;

public sealed class TrainerFactoryTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"emotion-options-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(file);

    [Theory]
    [InlineData("simplernn", typeof(SimpleRnnOptions), typeof(SimpleRnnTrainer))]
    [InlineData("LSTM", typeof(LstmOptions), typeof(LstmTrainer))]
    [InlineData("gru", typeof(GruOptions), typeof(GruTrainer))]
    public void Recurrent_models_read_their_options_and_get_their_trainer(string model, Type optionsType, Type trainerType)
    {
        File.WriteAllText(file, """{ "units": [32, 16], "bidirectional": true, "pooling": "Mean", "denseUnits": [] }""");

        var options = Assert.IsAssignableFrom<RecurrentOptions>(TrainerFactory.CreateOptions(model, file));

        Assert.IsType(optionsType, options);
        Assert.Equal(new[] { 32, 16 }, options.Units);
        Assert.True(options.Bidirectional);
        Assert.Equal(SequencePooling.Mean, options.Pooling);
        Assert.Empty(options.DenseUnits);
        Assert.IsType(trainerType, TrainerFactory.CreateTrainer(new MLContext(), options));
        Assert.IsType(optionsType, TrainerFactory.CreateOptions(model, null));
    }

    [Fact]
    public void Options_files_set_batch_checkpoints_and_per_group_l2()
    {
        File.WriteAllText(file, """{ "checkpointEveryBatches": 50, "l2Regularization": { "Dense": 0.01, "Recurrent": 1e-4 } }""");

        var options = TrainerFactory.CreateOptions("bilstm", file);

        Assert.Equal(50, options.CheckpointEveryBatches);
        Assert.Equal(new Dictionary<LayerGroup, double> { [LayerGroup.Dense] = 0.01, [LayerGroup.Recurrent] = 1e-4 }, options.L2Regularization);
    }

    [Fact]
    public void An_unknown_option_names_the_file()
    {
        File.WriteAllText(file, """{ "filters": 8 }""");

        var error = Assert.Throws<ArgumentException>(() => TrainerFactory.CreateOptions("gru", file));

        Assert.Contains(file, error.Message);
        Assert.Contains("GruOptions", error.Message);
    }
}
