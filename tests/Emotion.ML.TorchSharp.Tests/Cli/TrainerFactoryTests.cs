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
    [InlineData("CnnBiLstm", typeof(CnnBiLstmOptions), typeof(CnnBiLstmTrainer))]
    public void Recurrent_models_read_their_options_and_get_their_trainer(string model, Type optionsType, Type trainerType)
    {
        File.WriteAllText(file, """{ "units": [32, 16], "bidirectional": true, "pooling": "Mean", "denseLayers": [] }""");

        var options = Assert.IsAssignableFrom<RecurrentOptions>(TrainerFactory.CreateOptions(model, file));

        Assert.IsType(optionsType, options);
        Assert.Equal(new[] { 32, 16 }, options.Units);
        Assert.True(options.Bidirectional);
        Assert.Equal(SequencePooling.Mean, options.Pooling);
        Assert.Empty(options.DenseLayers);
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

    [Fact]
    public void Dense_layers_read_as_numbers_or_objects_and_kim_cnn_options_read()
    {
        File.WriteAllText(file, """
            {
              "kernelSizes": [3, 4, 5], "filters": 100, "convolutionBlocks": 1, "pooling": "KMax", "poolingK": 2, "stride": 2, "dropout": 0.5,
              "denseLayers": [64, { "units": 32, "activation": "tanh", "dropout": 0.25, "batchNorm": false }]
            }
            """);

        var options = Assert.IsType<TextCnnOptions>(TrainerFactory.CreateOptions("textcnn", file));

        Assert.Equal(new[] { 3, 4, 5 }, options.KernelSizes);
        Assert.Equal((100, 1, 2, 2, 0.5), (options.Filters, options.ConvolutionBlocks, options.PoolingK, options.Stride, options.Dropout));
        Assert.Equal(ConvolutionPooling.KMax, options.Pooling);
        Assert.Equal(new[] { new DenseLayer(64), new DenseLayer(32, DenseActivation.Tanh, 0.25, BatchNorm: false) }, options.DenseLayers);
    }

    [Theory]
    [InlineData("""{ "denseLayers": [{ "units": 8, "width": 3 }] }""", "width")]
    [InlineData("""{ "denseLayers": [{ "units": 8, "activation": "swish" }] }""", "swish")]
    [InlineData("""{ "denseLayers": [{ "dropout": 0.5 }] }""", "Units")]
    [InlineData("""{ "denseLayers": ["wide"] }""", "dense layer")]
    public void A_bad_dense_layer_names_the_file_and_the_problem(string json, string problem)
    {
        File.WriteAllText(file, json);

        var error = Assert.Throws<ArgumentException>(() => TrainerFactory.CreateOptions("lstm", file));

        Assert.Contains(file, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void The_options_file_in_docs_networks_loads_as_documented()
    {
        var doc = File.ReadAllText(Path.Combine(Emotion.ML.Testing.TestData.Root, "docs", "networks.md"));
        var start = doc.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        File.WriteAllText(file, doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)]);

        var options = Assert.IsType<GruOptions>(TrainerFactory.CreateOptions("gru", file));

        Assert.True(options.Bidirectional);
        Assert.Equal(SequencePooling.Attention, options.Pooling);
        Assert.Equal(new[] { new DenseLayer(64, DenseActivation.Tanh, 0.3), new DenseLayer(32) }, options.DenseLayers);
        Assert.Equal(1e-4, options.L2Regularization![Emotion.ML.TorchSharp.Training.LayerGroup.Dense]);
    }
}
