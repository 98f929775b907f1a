using Emotion.ML.Testing;
using Emotion.ML.Evaluation;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.TorchSharp.Tests.Trainers;

public class RecurrentTrainerTests
{
    private static IEstimator<ITransformer> Pipeline(MLContext ml, IEstimator<ITransformer> trainer) =>
        ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.TokenizeToIds("Tokens", "Text"))
            .Append(trainer)
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

    private static T Small<T>(T options)
        where T : RecurrentOptions
    {
        options.Units = new[] { 12, 8 };
        options.DenseLayers = new DenseLayer[] { 8 };
        options.EmbeddingDimension = 12;
        options.MaxEpochs = 2;
        options.BatchSize = 64;
        options.Seed = 2;
        options.NumberOfThreads = 2;
        return options;
    }

    private static IEstimator<ITransformer> Trainer(MLContext ml, string network, bool bidirectional, SequencePooling pooling) => network switch
    {
        "SimpleRnn" => ml.MulticlassClassification.Trainers.SimpleRnn(Small(new SimpleRnnOptions { Bidirectional = bidirectional, Pooling = pooling })),
        "Lstm" => ml.MulticlassClassification.Trainers.Lstm(Small(new LstmOptions { Bidirectional = bidirectional, Pooling = pooling })),
        "CnnBiLstm" => ml.MulticlassClassification.Trainers.CnnBiLstm(Small(new CnnBiLstmOptions { Filters = 16, Bidirectional = bidirectional, Pooling = pooling })),
        _ => ml.MulticlassClassification.Trainers.Gru(Small(new GruOptions { Bidirectional = bidirectional, Pooling = pooling })),
    };

    [Theory]
    [InlineData("SimpleRnn", false, SequencePooling.FinalStates)]
    [InlineData("Lstm", false, SequencePooling.Max)]
    [InlineData("Gru", true, SequencePooling.Mean)]
    [InlineData("Gru", false, SequencePooling.Attention)]
    [InlineData("CnnBiLstm", true, SequencePooling.Attention)]
    public void Trains_in_a_pipeline_and_scores_every_row(string network, bool bidirectional, SequencePooling pooling)
    {
        var ml = new MLContext(seed: 1);
        var model = Pipeline(ml, Trainer(ml, network, bidirectional, pooling)).Fit(TestData.LoadCarer(ml, "train", 400));

        var scored = model.Transform(TestData.LoadCarer(ml, "test", 100));
        var report = EmotionMetrics.From(scored);
        Assert.Equal(100, report.Count);
        var predictions = ml.Data.CreateEnumerable<TestData.Prediction>(scored, reuseRowObject: false).ToArray();
        Assert.All(predictions, p => Assert.Equal(1, p.Score.Sum(), 4));
        Assert.All(predictions, p => Assert.Contains(p.PredictedLabel, report.ClassNames));
        var classifier = ((IEnumerable<ITransformer>)model).OfType<TextClassificationTransformer>().Single();
        Assert.Equal(2, classifier.History.Epochs.Count);
    }

    [Fact]
    public void A_bidirectional_Lstm_is_the_BiLstm()
    {
        float[] Scores(IEstimator<ITransformer> trainer)
        {
            var ml = new MLContext(seed: 1);
            var model = Pipeline(ml, trainer).Fit(TestData.LoadCarer(ml, "train", 200));
            return model.Transform(TestData.LoadCarer(ml, "test", 40)).GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
        }

        var catalog = new MLContext().MulticlassClassification.Trainers;
        var lstm = Small(new LstmOptions { Bidirectional = true, Pooling = SequencePooling.Max });
        var biLstm = new BiLstmOptions
        {
            Units = lstm.Units,
            Dropout = lstm.Dropout,
            Pooling = lstm.Pooling,
            DenseLayers = lstm.DenseLayers,
            EmbeddingDimension = lstm.EmbeddingDimension,
            MaxEpochs = lstm.MaxEpochs,
            BatchSize = lstm.BatchSize,
            Seed = lstm.Seed,
            NumberOfThreads = 2,
        };

        Assert.Equal(Scores(catalog.BiLstm(biLstm)), Scores(catalog.Lstm(lstm)));
    }

    [Fact]
    public void CnnBiLstm_defaults_are_the_seed_hybrid()
    {
        var options = new CnnBiLstmOptions();

        Assert.Equal((256, 5, 1), (options.Filters, options.KernelSize, options.ConvolutionBlocks));
        Assert.Equal(new[] { 128, 64 }, options.Units);
        Assert.True(options.Bidirectional);
        Assert.Equal(new[] { new DenseLayer(128, Dropout: 0.5), new DenseLayer(64, Dropout: 0.3) }, options.DenseLayers);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MLContext().MulticlassClassification.Trainers.CnnBiLstm(new CnnBiLstmOptions { KernelSize = 0 }));
        Assert.Contains("KernelSize", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new MLContext().MulticlassClassification.Trainers.Gru(new GruOptions { Pooling = SequencePooling.Attention, AttentionUnits = 0 }));
        Assert.Contains("AttentionUnits", error.Message);
    }

    [Fact]
    public void Defaults_are_documented_ones()
    {
        Assert.Equal(new[] { 256, 128 }, new SimpleRnnOptions().Units);
        Assert.Equal(1, new SimpleRnnOptions().GradientClipNorm);
        Assert.Equal(0, new LstmOptions().GradientClipNorm);
        Assert.Equal(new[] { 128 }, new LstmOptions().Units);
        Assert.Equal(new[] { 128 }, new GruOptions().Units);
        var options = new GruOptions();
        Assert.False(options.Bidirectional);
        Assert.Equal(SequencePooling.FinalStates, options.Pooling);
        Assert.Equal(new[] { new DenseLayer(128, DenseActivation.Relu, 0.3, BatchNorm: true) }, options.DenseLayers);
        Assert.Equal(0.2, options.Dropout);
    }

    [Fact]
    public void Invalid_options_name_the_option()
    {
        var trainers = new MLContext().MulticlassClassification.Trainers;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => trainers.SimpleRnn(new SimpleRnnOptions { Units = Array.Empty<int>() }));
        Assert.Contains("Units", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => trainers.Lstm(new LstmOptions { Units = new[] { 16, 0 } }));
        Assert.Contains("Units", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => trainers.Gru(new GruOptions { DenseLayers = new DenseLayer[] { 4, -1 } }));
        Assert.Contains("DenseLayers[1]", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => trainers.Gru(new GruOptions { Dropout = 1 }));
        Assert.Contains("Dropout", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => trainers.Gru(new GruOptions { Pooling = (SequencePooling)7 }));
        Assert.Contains("Pooling", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => trainers.Lstm(new LstmOptions { BatchSize = 0 }));
        Assert.Contains("BatchSize", error.Message);
    }
}
