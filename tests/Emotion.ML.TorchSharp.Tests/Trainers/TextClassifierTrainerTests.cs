using Emotion.ML.Testing;
using Emotion.ML.Embeddings;
using Emotion.ML.Evaluation;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Trainers;
using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.TorchSharp.Tests.Trainers;

public class TextClassifierTrainerTests
{

    private static IDataView Carer(MLContext ml, string split, int rows) =>
        TestData.LoadCarer(ml, split, rows);

    private static TextCnnOptions SmallCnn() => new()
    {
        Filters = 32,
        DenseLayers = new DenseLayer[] { 32 },
        MaxEpochs = 3,
        BatchSize = 64,
        LearningRate = 3e-3,
        EmbeddingDimension = 32,
        Seed = 5,
        NumberOfThreads = 2,
    };

    private static TextClassificationTransformer Find(ITransformer model) =>
        model as TextClassificationTransformer
        ?? ((IEnumerable<ITransformer>)model).Select(t => t is IEnumerable<ITransformer> ? Find(t) : t as TextClassificationTransformer).Single(t => t is not null)!;

    private static IEstimator<ITransformer> Pipeline(MLContext ml, IEstimator<ITransformer> trainer) =>
        ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Text.TokenizeToIds("Tokens", "Text"))
            .Append(trainer);

    [Fact]
    public void TextCnn_in_a_pipeline_works_with_Evaluate_the_report_and_a_prediction_engine()
    {
        var ml = new MLContext(seed: 1);
        var train = Carer(ml, "train", 1500);
        var options = SmallCnn();
        options.Embeddings = WordEmbeddings.Load(TestData.Glove);
        options.MaxEpochs = 6;
        options.ValidationSet = Carer(ml, "validation", 300);   // raw text: the tokenizer is replayed on it
        var model = Pipeline(ml, ml.MulticlassClassification.Trainers.TextCnn(options))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(train);

        var scored = model.Transform(Carer(ml, "test", 400));
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        var report = EmotionMetrics.From(scored);
        Assert.Equal(metrics.MicroAccuracy, report.Accuracy, 6);
        var history = string.Join("; ", Find(model).History.Epochs.Select(e => $"{e.Epoch}: {e.TrainLoss:F3}/{e.TrainAccuracy:F3} val {e.ValidationLoss:F3}/{e.ValidationAccuracy:F3}"));
        Assert.True(report.Accuracy > 0.55, $"accuracy {report.Accuracy}; {history}");
        Assert.Equal(new[] { "sadness", "anger", "love", "surprise", "fear", "joy" }.Order(), report.ClassNames.Order());

        var engine = ml.Model.CreatePredictionEngine<TestData.Sentence, TestData.Prediction>(model);
        var prediction = engine.Predict(new TestData.Sentence { Text = "i feel so happy and glad today" });
        Assert.Equal(6, prediction.Score.Length);
        Assert.Equal(1, prediction.Score.Sum(), 4);
        Assert.Contains(prediction.PredictedLabel, report.ClassNames);

        var trainer = Find(model);
        Assert.Equal(6, trainer.History.Epochs.Count);
        Assert.All(trainer.History.Epochs, e => Assert.NotNull(e.ValidationMacroF1));
    }

    [Fact]
    public void Same_seed_gives_identical_scores()
    {
        float[] Scores()
        {
            var ml = new MLContext(seed: 1);
            var model = Pipeline(ml, ml.MulticlassClassification.Trainers.TextCnn(SmallCnn())).Fit(Carer(ml, "train", 600));
            return ml.Data.CreateEnumerable<TestData.Prediction>(
                ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(model.Transform(Carer(ml, "test", 50))).Transform(model.Transform(Carer(ml, "test", 50))),
                reuseRowObject: false).SelectMany(p => p.Score).ToArray();
        }

        Assert.Equal(Scores(), Scores());
    }

    [Fact]
    public void BiLstm_trains_in_a_pipeline()
    {
        var ml = new MLContext(seed: 1);
        var options = new BiLstmOptions { Units = new[] { 16 }, DenseLayers = new DenseLayer[] { 16 }, EmbeddingDimension = 16, MaxEpochs = 2, BatchSize = 64, Seed = 2, NumberOfThreads = 2 };
        var model = Pipeline(ml, ml.MulticlassClassification.Trainers.BiLstm(options)).Fit(Carer(ml, "train", 600));
        var report = EmotionMetrics.From(model.Transform(Carer(ml, "test", 200)));
        Assert.Equal(200, report.Count);
        Assert.Equal(2, Find(model).History.Epochs.Count);
    }

    [Fact]
    public void Pretrained_glove_vectors_initialise_the_embedding()
    {
        var ml = new MLContext(seed: 1);
        var glove = WordEmbeddings.Load(TestData.Glove);
        var options = SmallCnn();
        options.Embeddings = glove;
        options.EmbeddingTraining = EmbeddingTraining.Frozen;
        options.MaxEpochs = 1;
        var model = Pipeline(ml, ml.MulticlassClassification.Trainers.TextCnn(options)).Fit(Carer(ml, "train", 300));
        var transformer = Find(model);
        Assert.Single(transformer.PredictProbabilities(new[] { new[] { 2, 3, 4 } }));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => transformer.PredictProbabilities(new[] { new[] { 2, transformer.Vocabulary.Count } }));
        Assert.Contains($"token id {transformer.Vocabulary.Count}", error.Message);
    }

    [Fact]
    public void Schema_errors_name_the_column_before_training()
    {
        var ml = new MLContext(seed: 1);
        var data = Carer(ml, "train", 10);
        var withoutKey = ml.Transforms.Text.TokenizeToIds("Tokens", "Text").Append(ml.MulticlassClassification.Trainers.TextCnn());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => withoutKey.Fit(data));
        Assert.Contains("'Label'", error.Message);
        var wrongTokens = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.TextCnn(new TextCnnOptions { TokensColumnName = "Text" }));
        error = Assert.Throws<ArgumentOutOfRangeException>(() => wrongTokens.Fit(data));
        Assert.Contains("'Text'", error.Message);
    }

    [Fact]
    public void Bad_training_data_gets_clear_errors()
    {
        var ml = new MLContext(seed: 1);
        var single = ml.Data.LoadFromEnumerable(new[] { new TestData.Sentence { Text = "a b", Label = "joy" }, new TestData.Sentence { Text = "c", Label = "joy" } });
        var error = Assert.Throws<ArgumentException>(() => Pipeline(ml, ml.MulticlassClassification.Trainers.TextCnn(SmallCnn())).Fit(single));
        Assert.Contains("single class", error.Message);

        var empty = ml.Data.LoadFromEnumerable(Array.Empty<TestData.Sentence>());
        Assert.ThrowsAny<ArgumentException>(() => Pipeline(ml, ml.MulticlassClassification.Trainers.TextCnn(SmallCnn())).Fit(empty));

        var options = SmallCnn();
        options.ValidationSet = ml.Data.LoadFromEnumerable(new[] { new TestData.Sentence { Text = "x", Label = "boredom" } });
        var two = ml.Data.LoadFromEnumerable(new[] { new TestData.Sentence { Text = "a b", Label = "joy" }, new TestData.Sentence { Text = "c d", Label = "anger" } });
        error = Assert.ThrowsAny<ArgumentException>(() => Pipeline(ml, ml.MulticlassClassification.Trainers.TextCnn(options)).Fit(two));
        Assert.Contains("'boredom'", error.Message);
    }

    [Fact]
    public void A_trainer_stopped_inside_an_epoch_resumes_from_its_batch_checkpoint_to_the_same_model()
    {
        var directory = Directory.CreateTempSubdirectory("emotion-checkpoint-").FullName;
        try
        {
            var ml = new MLContext(seed: 1);
            var train = Carer(ml, "train", 600);
            TextCnnOptions Options(CancellationToken cancellation = default, IProgress<TrainingProgress>? progress = null)
            {
                var options = SmallCnn();
                options.MaxEpochs = 2;
                options.CheckpointDirectory = directory;
                options.CheckpointEveryBatches = 3;
                options.L2Regularization = new Dictionary<LayerGroup, double> { [LayerGroup.Dense] = 1e-3, [LayerGroup.Embedding] = 1e-4 };
                options.CancellationToken = cancellation;
                options.Progress = progress;
                return options;
            }

            float[] Scores(ITransformer model) => model.Transform(Carer(ml, "test", 50)).GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
            EpochRecord[] Clean(ITransformer model) => Find(model).History.Epochs.Select(e => e with { Seconds = 0, SamplesPerSecond = 0, WorkingSetBytes = 0 }).ToArray();

            var uninterruptedOptions = Options();
            uninterruptedOptions.CheckpointDirectory = null;
            var uninterrupted = Pipeline(ml, ml.MulticlassClassification.Trainers.TextCnn(uninterruptedOptions)).Fit(train);

            using var cancellation = new CancellationTokenSource();
            var stopAt = new Reporter(e => { if (e.Epoch == 2 && e.Batch == 4) { cancellation.Cancel(); } });
            Pipeline(ml, ml.MulticlassClassification.Trainers.TextCnn(Options(cancellation.Token, stopAt))).Fit(train);

            var events = new List<TrainingProgress>();
            var resumedOptions = Options(progress: new Reporter(events.Add));
            resumedOptions.Resume = true;
            var resumed = Pipeline(ml, ml.MulticlassClassification.Trainers.TextCnn(resumedOptions)).Fit(train);
            Assert.Equal((2, 4), (events[0].Epoch, events[0].Batch));   // batches 1-3 of epoch 2 came from the checkpoint
            Assert.Equal(Clean(uninterrupted), Clean(resumed));
            Assert.Equal(Scores(uninterrupted), Scores(resumed));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    [Fact]
    public void Invalid_options_name_the_option()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.TextCnn(new TextCnnOptions { BatchSize = 0 }));
        Assert.Contains("BatchSize", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.BiLstm(new BiLstmOptions { Units = Array.Empty<int>() }));
        Assert.Contains("Units", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.TextCnn(new TextCnnOptions { CheckpointEveryBatches = -1 }));
        Assert.Contains("CheckpointEveryBatches", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.TextCnn(new TextCnnOptions
        {
            L2Regularization = new Dictionary<LayerGroup, double> { [LayerGroup.Dense] = 0.01, [LayerGroup.Recurrent] = double.NaN },
        }));
        Assert.Contains("L2Regularization[Recurrent]", error.Message);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.MulticlassClassification.Trainers.BiLstm(new BiLstmOptions
        {
            L2Regularization = new Dictionary<LayerGroup, double> { [LayerGroup.Output] = -1 },
        }));
        Assert.Contains("L2Regularization[Output]", error.Message);
    }

    [Fact]
    public void A_binary_label_subset_trains_with_the_same_trainer()
    {
        var ml = new MLContext(seed: 1);
        var options = SmallCnn();
        options.Embeddings = WordEmbeddings.Load(TestData.Glove);
        var train = ml.Data.KeepLabels(TestData.LoadCarer(ml, "train", 3000), "Label", "anger", "joy");
        var model = Pipeline(ml, ml.MulticlassClassification.Trainers.TextCnn(options)).Fit(train);
        var report = EmotionMetrics.From(model.Transform(ml.Data.KeepLabels(TestData.LoadCarer(ml, "test"), "Label", "anger", "joy")));
        Assert.Equal(new[] { "anger", "joy" }, report.ClassNames.Order());
        Assert.Equal(275 + 695, report.Count);
        Assert.True(report.Accuracy > 0.75, $"accuracy {report.Accuracy}");
    }
}
