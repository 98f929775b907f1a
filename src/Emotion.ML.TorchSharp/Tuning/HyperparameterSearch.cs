using System.Diagnostics;
using System.Text.Json.Nodes;
using Emotion.ML.TorchSharp.Trainers;
using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;

namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>
/// A hyperparameter search over any trainer's options, as KerasTuner's <c>search</c>: every grid
/// combination or seeded random draws from a <see cref="SearchSpace"/>, each trial trained one after
/// another on the same data (optionally several times with successive seeds), ranked by a validation
/// figure at each run's kept epoch; trials clearly worse after a given epoch can be pruned, and a
/// run directory records finished trials so an interrupted search resumes where it stopped.
/// </summary>
/// <typeparam name="TOptions">The trainer's options type (a base type such as <see cref="TextClassifierOptions"/> works too).</typeparam>
/// <example>
/// <code>
/// var space = new SearchSpace().Grid("LearningRate", 1e-3, 3e-3).Grid("Dropout", 0.3, 0.5);
/// var search = new HyperparameterSearch&lt;TextCnnOptions&gt;(space,
///     () => new TextCnnOptions { Embeddings = glove, ValidationSet = validation, MaxEpochs = 10 },
///     options => prefix.Append(ml.MulticlassClassification.Trainers.TextCnn(options)),
///     new HyperparameterSearchOptions { RunDirectory = "runs/cnn" });
/// SearchResult result = search.Fit(train);
/// Console.WriteLine(result);                       // the ranked table
/// ITransformer best = search.RefitBest(result, train);
/// </code>
/// </example>
public sealed class HyperparameterSearch<TOptions>
    where TOptions : ClassifierTrainingOptions
{
    /// <summary>The file <see cref="RefitBest"/> saves the retrained best model to, inside the run directory's <c>best</c> folder.</summary>
    public const string BestModelFile = "model.zip";

    private readonly Func<TOptions> createOptions;
    private readonly Func<TOptions, IEstimator<ITransformer>> createPipeline;
    private readonly Type optionsType;
    private IReadOnlyList<TrialParameters>? plan;

    /// <summary>Prepares a search; checks the space against the options type before anything trains.</summary>
    /// <param name="space">What to search.</param>
    /// <param name="createOptions">New options with everything a trial shares (embeddings, validation data, epochs); called once per run.</param>
    /// <param name="createPipeline">The pipeline to fit for a run's options (the preprocessing, then the trainer made from the options).</param>
    /// <param name="options">How to search; null for the defaults (grid, accuracy, one run per trial, no pruning, no run directory).</param>
    /// <exception cref="ArgumentException">The space names an option the trainer lacks or a value of the wrong type, a setting is out of range, or the options have no validation data; the message says which.</exception>
    public HyperparameterSearch(SearchSpace space, Func<TOptions> createOptions, Func<TOptions, IEstimator<ITransformer>> createPipeline, HyperparameterSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(createOptions);
        ArgumentNullException.ThrowIfNull(createPipeline);
        Space = space;
        Options = options ?? new HyperparameterSearchOptions();
        this.createOptions = createOptions;
        this.createPipeline = createPipeline;
        CheckSettings(Options);
        var probe = createOptions() ?? throw new ArgumentException("createOptions returned null.", nameof(createOptions));
        optionsType = probe.GetType();
        space.Validate(optionsType);
        if (probe.ValidationSet is null && probe.ValidationFraction <= 0)
        {
            throw new ArgumentException(
                $"The search ranks trials by validation {Options.Metric}, but the options have no validation data: set ValidationSet, or ValidationFraction above 0.", nameof(createOptions));
        }
    }

    /// <summary>What is searched.</summary>
    public SearchSpace Space { get; }

    /// <summary>How the search runs.</summary>
    public HyperparameterSearchOptions Options { get; }

    /// <summary>The trials the search will run, in order: every grid combination, or the random draws.</summary>
    /// <exception cref="InvalidOperationException">A grid search over a range.</exception>
    public IReadOnlyList<TrialParameters> Trials => plan ??= Options.RandomTrials is int count
        ? Space.Sample(count, Options.Seed, optionsType)
        : Space.EnumerateGrid().ToArray();

    /// <summary>New options for one trial: <c>createOptions()</c>, then the space's fixed options, then <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The trial's values.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">A value does not fit its option.</exception>
    public TOptions CreateOptions(TrialParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var options = createOptions();
        foreach (var (name, value) in Space.FixedOptions)
        {
            OptionBinder.Apply(options, name, value, Space.WhereFixed(name));
        }

        foreach (var (name, value) in parameters)
        {
            OptionBinder.Apply(options, name, value, Space.Where(name));
        }

        return options;
    }

    /// <summary>
    /// Runs every trial not yet recorded in the run directory, one after another, and ranks them.
    /// Every trial's pipeline is built (and so its options checked) before the first one trains.
    /// </summary>
    /// <param name="trainingData">The training data every trial fits.</param>
    /// <returns>The ranked trials; <see cref="SearchResult.Cancelled"/> when the cancellation token stopped it.</returns>
    /// <exception cref="ArgumentException">A planned trial is not a valid configuration (the message names it).</exception>
    /// <exception cref="InvalidOperationException">The run directory records a different search, or every trial failed (the message gives the first failure).</exception>
    public SearchResult Fit(IDataView trainingData)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        var trials = Trials;
        for (var i = 0; i < trials.Count; i++)
        {
            try
            {
                _ = createPipeline(CreateOptions(trials[i]));
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Trial {i + 1} of {trials.Count} ({trials[i]}) is not a valid configuration: {ex.Message}", ex);
            }
        }

        var store = Options.RunDirectory is null ? null : SearchRunDirectory.Open(Options.RunDirectory, Description());
        var results = new List<TrialResult>();
        var finished = new List<TrainingHistory>();
        var cancelled = false;
        for (var i = 0; i < trials.Count && !cancelled; i++)
        {
            var number = i + 1;
            if (store?.TryLoad(number, trials[i]) is { } recorded)
            {
                Add(recorded, resumed: true);
                continue;
            }

            var trial = RunTrial(number, trials.Count, trials[i], trainingData, finished);
            if (trial is null)
            {
                cancelled = true;
                break;
            }

            if (trial.Status != TrialStatus.Failed)
            {
                store?.Save(trial);
            }

            Add(trial, resumed: false);
        }

        if (!cancelled && results.Count > 0 && results.All(t => t.Status == TrialStatus.Failed))
        {
            throw new InvalidOperationException($"Every trial of the search failed; trial 1: {results[0].Error}");
        }

        var result = new SearchResult(results, Options.Metric, cancelled);
        store?.WriteResults(result);
        return result;

        void Add(TrialResult trial, bool resumed)
        {
            results.Add(trial);
            if (trial.Status == TrialStatus.Completed)
            {
                finished.AddRange(trial.Runs.Select(r => r.History));
            }

            Options.Progress?.Report(new SearchProgress(trial.Number, trials.Count, Math.Max(1, trial.Runs.Count), Options.Repeats, trial.Parameters, null, trial, resumed));
        }
    }

    /// <summary>
    /// Trains <paramref name="trial"/>'s configuration once more on <paramref name="data"/> with the
    /// first seed. With <paramref name="fixedEpochs"/> (for training on train plus validation data) it
    /// trains without validation or early stopping for the trial's mean kept epoch. When the search has
    /// a run directory, the model is saved there as <c>best/model.zip</c>, with <c>best/history.json</c>
    /// and <c>best/parameters.json</c>.
    /// </summary>
    /// <param name="trial">The trial whose configuration to train, usually <see cref="SearchResult.Best"/>.</param>
    /// <param name="data">Training data: the search's, or the search's plus its validation data.</param>
    /// <param name="fixedEpochs">Train for the trial's kept epoch count with no validation, rather than with early stopping.</param>
    /// <param name="progress">Receives the training events; null to use the options' own.</param>
    /// <returns>The fitted pipeline.</returns>
    public ITransformer Refit(TrialResult trial, IDataView data, bool fixedEpochs = false, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(data);
        var options = CreateOptions(trial.Parameters);
        options.CheckpointDirectory = null;
        options.Resume = false;
        options.Progress = progress ?? options.Progress;
        if (fixedEpochs)
        {
            options.ValidationSet = null;
            options.ValidationFraction = 0;
            options.EarlyStoppingPatience = 0;
            options.MaxEpochs = Math.Max(1, (int)Math.Round(double.IsFinite(trial.BestEpoch) ? trial.BestEpoch : options.MaxEpochs));
        }

        var model = createPipeline(options).Fit(data);
        if (Options.RunDirectory is not null)
        {
            var best = Path.Combine(Path.GetFullPath(Options.RunDirectory), "best");
            Directory.CreateDirectory(best);
            new MLContext(options.Seed ?? 1).Model.SaveEmotionModel(model, data.Schema, Path.Combine(best, BestModelFile));
            IO.AtomicFile.WriteAllText(Path.Combine(best, "history.json"), TrainingHistories.Find(model).ToJson());
            var parameters = new JsonObject { ["trial"] = trial.Number, ["fixedEpochs"] = fixedEpochs, ["parameters"] = trial.Parameters.ToJson() };
            IO.AtomicFile.WriteAllText(Path.Combine(best, "parameters.json"), parameters.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }

        return model;
    }

    /// <summary>Retrains the best completed trial of <paramref name="result"/>; see <see cref="Refit"/>.</summary>
    /// <param name="result">A search result.</param>
    /// <param name="data">Training data.</param>
    /// <param name="fixedEpochs">Train for the trial's kept epoch count with no validation.</param>
    /// <param name="progress">Receives the training events; null to use the options' own.</param>
    /// <returns>The fitted pipeline.</returns>
    /// <exception cref="InvalidOperationException">No trial completed.</exception>
    public ITransformer RefitBest(SearchResult result, IDataView data, bool fixedEpochs = false, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Refit(result.Best ?? throw new InvalidOperationException("No trial of the search completed, so there is no best configuration to retrain."), data, fixedEpochs, progress);
    }

    private TrialResult? RunTrial(int number, int count, TrialParameters parameters, IDataView train, IReadOnlyList<TrainingHistory> finished)
    {
        var runs = new List<TrialRun>();
        for (var repeat = 0; repeat < Options.Repeats; repeat++)
        {
            var options = CreateOptions(parameters);
            var seed = (options.Seed ?? 1) + repeat;
            options.Seed = seed;
            options.CheckpointDirectory = null;
            options.Resume = false;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(Options.CancellationToken, options.CancellationToken);
            var inner = options.Progress;
            var r = repeat + 1;
            var pruner = new TrialPruner(Options.Metric, Options.PruneAfterEpochs, Options.PruneMargin, finished, e =>
            {
                inner?.Report(e);
                Options.Progress?.Report(new SearchProgress(number, count, r, Options.Repeats, parameters, e, null));
            }, stop);
            options.Progress = pruner;
            options.CancellationToken = stop.Token;

            var watch = Stopwatch.StartNew();
            TrainingHistory history;
            try
            {
                history = TrainingHistories.Find(createPipeline(options).Fit(train));
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !stop.IsCancellationRequested)
            {
                return new TrialResult(number, parameters, TrialStatus.Failed, runs, ex.Message);
            }

            if (stop.IsCancellationRequested && !pruner.Pruned)
            {
                return null;
            }

            var best = history.Best ?? throw new InvalidOperationException($"Trial {number} ({parameters}) completed no epoch.");
            if (best.ValidationAccuracy is not double accuracy || best.ValidationMacroF1 is not double macroF1 || best.ValidationLoss is not double loss)
            {
                throw new InvalidOperationException($"Trial {number} ({parameters}) trained without validation data, so it has no validation {Options.Metric}; set ValidationSet, or ValidationFraction above 0.");
            }

            runs.Add(new TrialRun(seed, accuracy, macroF1, loss, watch.Elapsed.TotalSeconds, pruner.Pruned, history));
            // The trial's model is not kept: free its native tensors before the next one trains.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            if (pruner.Pruned)
            {
                return new TrialResult(number, parameters, TrialStatus.Pruned, runs);
            }
        }

        return new TrialResult(number, parameters, TrialStatus.Completed, runs);
    }

    /// <summary>What identifies the search in its run directory (the trial count aside, so a random search can be extended).</summary>
    private JsonObject Description() => new()
    {
        ["options"] = optionsType.Name,
        ["mode"] = Options.RandomTrials is null ? "grid" : "random",
        ["metric"] = Options.Metric.ToString(),
        ["seed"] = Options.Seed,
        ["repeats"] = Options.Repeats,
        ["pruneAfterEpochs"] = Options.PruneAfterEpochs,
        ["pruneMargin"] = Options.PruneMargin,
        ["space"] = Space.ToJson(),
    };

    private static void CheckSettings(HyperparameterSearchOptions o)
    {
        if (o.Repeats < 1)
        {
            throw new ArgumentException($"{nameof(o.Repeats)} is {o.Repeats}; expected at least 1.", nameof(o));
        }

        if (o.RandomTrials is < 1)
        {
            throw new ArgumentException($"{nameof(o.RandomTrials)} is {o.RandomTrials}; expected at least 1, or null for a grid.", nameof(o));
        }

        if (o.PruneAfterEpochs < 0 || !double.IsFinite(o.PruneMargin) || o.PruneMargin < 0)
        {
            throw new ArgumentException($"{nameof(o.PruneAfterEpochs)} ({o.PruneAfterEpochs}) and {nameof(o.PruneMargin)} ({o.PruneMargin}) must be at least 0.", nameof(o));
        }

        if (!Enum.IsDefined(o.Metric))
        {
            throw new ArgumentException($"{nameof(o.Metric)} {o.Metric} is not a {nameof(SearchMetric)}.", nameof(o));
        }
    }
}
