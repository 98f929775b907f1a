using Emotion.ML.Data;
using Emotion.ML.Testing;
using Emotion.ML.TorchSharp.Tests.Persistence;
using Emotion.ML.TorchSharp.Trainers;
using Emotion.ML.TorchSharp.Training;
using Emotion.ML.TorchSharp.Tuning;
using Microsoft.ML;

namespace Emotion.ML.TorchSharp.Tests.Tuning;

/// <summary>A small grid of TextCnn trials on a CARER slice, searched once and shared by the tests that read it.</summary>
public sealed class SmallGridSearch : IDisposable
{
    public SmallGridSearch()
    {
        Folder = Directory.CreateTempSubdirectory("emotion-search-").FullName;
        RunDirectory = Path.Combine(Folder, "grid");
        var progress = new Recorder();
        Search = CreateSearch(RunDirectory, progress);
        Result = Search.Fit(Train);
        Events = progress.Events;
    }

    public MLContext Ml { get; } = new(seed: 1);

    public string Folder { get; }

    public string RunDirectory { get; }

    public IDataView Train => TestData.LoadCarer(Ml, "train", 600);

    public IDataView Validation => TestData.LoadCarer(Ml, "validation", 200);

    public HyperparameterSearch<TextCnnOptions> Search { get; }

    public SearchResult Result { get; }

    public IReadOnlyList<SearchProgress> Events { get; }

    public static SearchSpace Space() => new SearchSpace()
        .Grid(nameof(TextCnnOptions.LearningRate), 1e-3, 1e-2)
        .Grid(nameof(TextCnnOptions.Filters), 8, 16);

    public TextCnnOptions Options() => new()
    {
        DenseLayers = Array.Empty<Emotion.ML.TorchSharp.Networks.DenseLayer>(),
        ConvolutionBlocks = 1,
        EmbeddingDimension = 16,
        MaxEpochs = 2,
        BatchSize = 64,
        Seed = 3,
        NumberOfThreads = 2,
        ValidationSet = Validation,
    };

    public IEstimator<ITransformer> Pipeline(TextCnnOptions options) =>
        Ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(Ml.Transforms.Text.TokenizeToIds("Tokens", "Text"))
            .Append(Ml.MulticlassClassification.Trainers.TextCnn(options));

    public HyperparameterSearch<TextCnnOptions> CreateSearch(string? runDirectory, IProgress<SearchProgress>? progress = null, SearchSpace? space = null, CancellationToken cancellation = default, SearchMetric metric = SearchMetric.Accuracy) =>
        new(space ?? Space(), Options, Pipeline, new HyperparameterSearchOptions { RunDirectory = runDirectory, Progress = progress, CancellationToken = cancellation, Metric = metric });

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>Keeps every event, synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    public sealed class Recorder(Action<SearchProgress>? also = null) : IProgress<SearchProgress>
    {
        public List<SearchProgress> Events { get; } = new();

        public void Report(SearchProgress value)
        {
            Events.Add(value);
            also?.Invoke(value);
        }
    }
}

[Collection(SerialTorchCollection.Name)]
public sealed class HyperparameterSearchTests(SmallGridSearch grid) : IClassFixture<SmallGridSearch>
{
    [Fact]
    public void Every_grid_trial_runs_and_the_table_is_ranked_by_the_kept_epochs_validation_accuracy()
    {
        var result = grid.Result;
        Assert.Equal(4, result.Trials.Count);
        Assert.Equal(new[] { 1, 2, 3, 4 }, result.Trials.Select(t => t.Number).Order());
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        var accuracies = result.Trials.Select(t => t.Accuracy).ToList();
        Assert.Equal(accuracies.OrderByDescending(a => a), accuracies);
        foreach (var trial in result.Trials)
        {
            var run = Assert.Single(trial.Runs);
            Assert.Equal(3, run.Seed);
            Assert.Equal(run.History.Best!.ValidationAccuracy, trial.Accuracy);
            Assert.Equal(run.History.Best!.ValidationMacroF1, trial.MacroF1);
            Assert.Equal(2, run.Epochs);
            Assert.Equal(0, trial.AccuracyStd);
        }

        Assert.Same(result.Trials[0], result.Best);
        Assert.Equal(new[] { 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4 }.Distinct(), grid.Events.Select(e => e.Trial).Distinct());
        Assert.All(grid.Events, e => Assert.Equal(4, e.TrialCount));
        Assert.Contains(grid.Events, e => e.Training?.CompletedEpoch?.Epoch == 2);
        Assert.Equal(4, grid.Events.Count(e => e.Finished is not null && !e.Resumed));
    }

    [Fact]
    public void The_run_directory_holds_each_trial_and_the_ranked_table_as_csv_and_json()
    {
        var trials = Directory.GetFiles(Path.Combine(grid.RunDirectory, "trials"), "*.json").Select(Path.GetFileName).Order();
        Assert.Equal(new[] { "trial-0001.json", "trial-0002.json", "trial-0003.json", "trial-0004.json" }, trials);
        Assert.Empty(Directory.GetFiles(grid.RunDirectory, "*.tmp", SearchOption.AllDirectories));

        var csv = File.ReadAllLines(Path.Combine(grid.RunDirectory, "results.csv"));
        Assert.Equal(5, csv.Length);
        Assert.Equal("rank,trial,status,LearningRate,Filters,accuracy,accuracy_std,macro_f1,macro_f1_std,loss,best_epoch,epochs,seconds,runs,error", csv[0]);
        var best = grid.Result.Trials[0];
        var first = csv[1].Split(',');
        Assert.Equal(best.Number.ToString(), first[1]);
        Assert.Equal(best.Accuracy, double.Parse(first[5], System.Globalization.CultureInfo.InvariantCulture), 6);

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(grid.RunDirectory, "results.json")));
        var top = json.RootElement.GetProperty("trials")[0];
        Assert.Equal(best.Number, top.GetProperty("trial").GetInt32());
        Assert.Equal(best.Parameters.Key, top.GetProperty("parameters").GetRawText().Replace(" ", "").Replace("\n", "").Replace("\r", ""));

        var loaded = SearchResult.Load(grid.RunDirectory);
        Assert.Equal(grid.Result.Trials.Select(t => (t.Number, t.Accuracy, t.MacroF1)), loaded.Trials.Select(t => (t.Number, t.Accuracy, t.MacroF1)));
        Assert.Equal(grid.Result.Trials[0].Runs[0].History.Epochs, loaded.Trials[0].Runs[0].History.Epochs);

        var text = grid.Result.ToString();
        Assert.Contains("LearningRate", text);
        Assert.Contains(best.Accuracy.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), text);
    }

    [Fact]
    public void A_finished_search_started_again_on_its_run_directory_trains_nothing()
    {
        var progress = new SmallGridSearch.Recorder();
        var again = grid.CreateSearch(grid.RunDirectory, progress).Fit(grid.Train);
        Assert.DoesNotContain(progress.Events, e => e.Training is not null);
        Assert.Equal(4, progress.Events.Count(e => e.Resumed));
        Assert.Equal(grid.Result.Trials.Select(t => (t.Number, t.Accuracy)), again.Trials.Select(t => (t.Number, t.Accuracy)));
    }

    [Fact]
    public void An_interrupted_search_resumes_with_the_unfinished_trials_only_and_ends_as_an_uninterrupted_one()
    {
        var directory = Path.Combine(grid.Folder, "interrupted");
        using var stop = new CancellationTokenSource();
        var first = new SmallGridSearch.Recorder(e =>
        {
            if (e.Finished?.Number == 2)
            {
                stop.Cancel();
            }
        });
        var partial = grid.CreateSearch(directory, first, cancellation: stop.Token).Fit(grid.Train);
        Assert.True(partial.Cancelled);
        Assert.Equal(new[] { 1, 2 }, partial.Trials.Select(t => t.Number).Order());
        Assert.Equal(2, Directory.GetFiles(Path.Combine(directory, "trials")).Length);

        var second = new SmallGridSearch.Recorder();
        var resumed = grid.CreateSearch(directory, second).Fit(grid.Train);
        Assert.Equal(new[] { 3, 4 }, second.Events.Where(e => e.Training is not null).Select(e => e.Trial).Distinct().Order());
        Assert.False(resumed.Cancelled);
        Assert.Equal(grid.Result.Trials.Select(t => (t.Number, t.Accuracy, t.Loss)), resumed.Trials.Select(t => (t.Number, t.Accuracy, t.Loss)));
    }

    [Fact]
    public void A_run_directory_of_another_search_is_refused_with_the_setting_that_differs()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => grid.CreateSearch(grid.RunDirectory, metric: SearchMetric.MacroF1).Fit(grid.Train));
        Assert.Contains("metric", ex.Message);
        Assert.Contains(grid.RunDirectory, ex.Message);
    }

    [Fact]
    public void Repeats_train_with_successive_seeds_and_report_mean_and_standard_deviation()
    {
        var search = new HyperparameterSearch<TextCnnOptions>(
            new SearchSpace().Grid(nameof(TextCnnOptions.LearningRate), 3e-3),
            grid.Options,
            grid.Pipeline,
            new HyperparameterSearchOptions { Repeats = 3 });
        var trial = Assert.Single(search.Fit(grid.Train).Trials);
        Assert.Equal(new[] { 3, 4, 5 }, trial.Runs.Select(r => r.Seed));
        var values = trial.Runs.Select(r => r.Accuracy).ToArray();
        var mean = values.Average();
        Assert.Equal(mean, trial.Accuracy, 12);
        Assert.Equal(Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / 2), trial.AccuracyStd, 12);
        Assert.Contains("±", new SearchResult(new[] { trial }, SearchMetric.Accuracy).ToString());
    }

    [Fact]
    public void An_invalid_combination_is_reported_before_anything_trains()
    {
        var space = new SearchSpace().Fixed("Optimizer", OptimizerKind.Sgd).Grid("Momentum", 0.9, 0.0).Grid("Nesterov", true);
        var progress = new SmallGridSearch.Recorder();
        var ex = Assert.Throws<ArgumentException>(() => grid.CreateSearch(null, progress, space).Fit(grid.Train));
        Assert.Contains("Trial 2 of 2 (Momentum=0, Nesterov=true)", ex.Message);
        Assert.Empty(progress.Events);
    }

    [Fact]
    public void A_search_without_validation_data_is_refused()
    {
        TextCnnOptions NoValidation()
        {
            var options = grid.Options();
            options.ValidationSet = null;
            options.ValidationFraction = 0;
            return options;
        }

        var ex = Assert.Throws<ArgumentException>(() => new HyperparameterSearch<TextCnnOptions>(SmallGridSearch.Space(), NoValidation, grid.Pipeline));
        Assert.Contains("no validation data", ex.Message);
    }

    [Fact]
    public void A_failing_trial_is_kept_in_the_table_with_its_error_but_not_recorded()
    {
        var directory = Path.Combine(grid.Folder, "failing");
        IEstimator<ITransformer> Pipeline(TextCnnOptions options) =>
            options.LearningRate > 0.1 ? new FailingEstimator() : grid.Pipeline(options);
        var space = new SearchSpace().Grid(nameof(TextCnnOptions.LearningRate), 0.5, 3e-3);
        var search = new HyperparameterSearch<TextCnnOptions>(space, grid.Options, Pipeline, new HyperparameterSearchOptions { RunDirectory = directory });
        var result = search.Fit(grid.Train);
        Assert.Equal(TrialStatus.Completed, result.Trials[0].Status);
        var failed = result.Trials[1];
        Assert.Equal((1, TrialStatus.Failed, "The training loss became NaN at epoch 1."), (failed.Number, failed.Status, failed.Error));
        Assert.True(double.IsNaN(failed.Accuracy));
        Assert.Equal(new[] { "trial-0002.json" }, Directory.GetFiles(Path.Combine(directory, "trials")).Select(Path.GetFileName));
        Assert.Contains("failed: The training loss became NaN", result.ToString());

        var allFail = new HyperparameterSearch<TextCnnOptions>(new SearchSpace().Grid(nameof(TextCnnOptions.LearningRate), 0.5), grid.Options, Pipeline);
        var ex = Assert.Throws<InvalidOperationException>(() => allFail.Fit(grid.Train));
        Assert.Contains("Every trial of the search failed", ex.Message);
    }

    [Fact]
    public void The_best_configuration_retrains_on_all_data_for_its_kept_epochs_and_is_saved_as_an_archive()
    {
        var best = grid.Result.Best!;
        var model = grid.Search.RefitBest(grid.Result, grid.Train, fixedEpochs: true);
        var history = TrainingHistoriesOf(model);
        Assert.Equal((int)Math.Round(best.BestEpoch), history.Epochs.Count);
        Assert.All(history.Epochs, e => Assert.Null(e.ValidationAccuracy));

        var archive = Path.Combine(grid.RunDirectory, "best", HyperparameterSearch<TextCnnOptions>.BestModelFile);
        var loaded = grid.Ml.Model.LoadEmotionModel(archive, out _);
        var scored = loaded.Transform(grid.Validation);
        Assert.Equal(200, grid.Ml.Data.CreateEnumerable<Scored>(scored, reuseRowObject: false).Count());
        Assert.Equal(history.Epochs, TrainingHistory.FromJson(File.ReadAllText(Path.Combine(grid.RunDirectory, "best", "history.json"))).Epochs);
        Assert.Contains(best.Parameters.Key.Trim('{', '}'), File.ReadAllText(Path.Combine(grid.RunDirectory, "best", "parameters.json")).Replace(" ", "").Replace("\n", "").Replace("\r", ""));
    }

    private static TrainingHistory TrainingHistoriesOf(ITransformer model) =>
        ((IEnumerable<ITransformer>)model).OfType<TextClassificationTransformer>().Single().History;

    private sealed class Scored
    {
        public float[] Score { get; set; } = Array.Empty<float>();
    }

    private sealed class FailingEstimator : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input) => throw new InvalidOperationException("The training loss became NaN at epoch 1.");

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inputSchema;
    }
}

[Collection(SerialTorchCollection.Name)]
public sealed class SequenceSearchPruningTests
{
    [Fact]
    public void A_trial_clearly_worse_after_the_pruning_epoch_is_stopped_there_and_ranked_after_the_completed_ones()
    {
        var ml = new MLContext(seed: 1);
        var train = SequenceData.LoadJsonLines(ml, TestData.File("japanese-vowels/train.jsonl"), out var frameSize);
        SequenceRnnOptions Options() => new() { FrameSize = frameSize, Units = new[] { 24 }, MaxEpochs = 4, Seed = 2, NumberOfThreads = 2, EarlyStoppingPatience = 0 };
        IEstimator<ITransformer> Pipeline(SequenceRnnOptions options) =>
            ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.SequenceRnn(options));
        var space = new SearchSpace().Grid(nameof(SequenceRnnOptions.LearningRate), 1e-2, 1e-6);
        var search = new HyperparameterSearch<SequenceRnnOptions>(space, Options, Pipeline, new HyperparameterSearchOptions { PruneAfterEpochs = 2, PruneMargin = 0.05 });

        var result = search.Fit(train);

        var good = result.Trials[0];
        var pruned = result.Trials[1];
        Assert.Equal((1, TrialStatus.Completed, 4), (good.Number, good.Status, good.Runs[0].Epochs));
        Assert.Equal((2, TrialStatus.Pruned), (pruned.Number, pruned.Status));
        var run = Assert.Single(pruned.Runs);
        Assert.True(run.Pruned);
        Assert.Equal(2, run.Epochs);
        Assert.Equal(StopReason.Cancelled, run.History.StopReason);
        var goodByEpoch2 = good.Runs[0].History.Epochs.Take(2).Max(e => e.ValidationAccuracy!.Value);
        Assert.True(run.History.Epochs.Max(e => e.ValidationAccuracy!.Value) < goodByEpoch2 - 0.05);
    }
}
