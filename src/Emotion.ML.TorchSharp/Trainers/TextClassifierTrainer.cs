using Emotion.ML.Embeddings;
using Emotion.ML.Pipeline;
using Emotion.ML.Tokenization;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Base of the deep text classifiers: an ML.NET estimator that reads token ids and a key label,
/// trains a TorchSharp network with the shared training loop and returns a
/// <see cref="TextClassificationTransformer"/> producing ML.NET's multiclass columns
/// <c>Score</c> and <c>PredictedLabel</c>.
/// </summary>
/// <typeparam name="TOptions">The network's options.</typeparam>
public abstract class TextClassifierTrainer<TOptions> : IEstimator<TextClassificationTransformer>
    where TOptions : TextClassifierOptions
{
    private protected TextClassifierTrainer(TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        Options = options;
    }

    /// <summary>The options this trainer was created with.</summary>
    public TOptions Options { get; }

    /// <summary>
    /// Checks the input columns and describes the output: <c>Score</c> (one probability per class) and
    /// <c>PredictedLabel</c> (the label's key type).
    /// </summary>
    /// <param name="inputSchema">The shape of the data the trainer will see.</param>
    /// <exception cref="ArgumentOutOfRangeException">The label or tokens column is missing or of the wrong type; the message names it.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var output = ClassifierTraining.OutputSchema(inputSchema, Options.LabelColumnName);
        var tokens = SchemaShapes.Find(inputSchema, Options.TokensColumnName, "a vector of Int32 token ids from TokenizeToIds");
        if (tokens.Kind == SchemaShape.Column.VectorKind.Scalar || tokens.ItemType != NumberDataViewType.Int32)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Tokens column '{tokens.Name}' has type {tokens.ItemType} ({tokens.Kind}); expected a vector of Int32 token ids from TokenizeToIds.");
        }

        return output;
    }

    /// <summary>Trains the network on <paramref name="input"/>.</summary>
    /// <param name="input">Data with the label and token-id columns.</param>
    /// <returns>The trained model as a transformer.</returns>
    /// <exception cref="ArgumentException">The data is empty, has a single class, or its validation set has labels the training data lacks.</exception>
    /// <exception cref="InvalidOperationException">The loss became NaN or infinite (the message names the epoch) or TorchSharp's native runtime is missing.</exception>
    public TextClassificationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TorchRuntime.EnsureAvailable();
        var schema = input.Schema;
        var labelColumn = schema.GetColumnOrNull(Options.LabelColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(input), $"Input column '{Options.LabelColumnName}' was not found; expected a key-typed label column.");
        var tokensColumn = schema.GetColumnOrNull(Options.TokensColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(input), $"Input column '{Options.TokensColumnName}' was not found; expected token ids from TokenizeToIds.");
        TextClassificationData.CheckTokens(tokensColumn);
        var classNames = TextClassificationData.ClassNames(labelColumn);
        var vocabulary = Vocabulary.FromColumn(tokensColumn);
        var seed = Options.Seed ?? 1;

        var all = TextClassificationData.Read(input, Options.TokensColumnName, Options.LabelColumnName, vocabulary.Count, classNames, "training data");
        ClassifierTraining.CheckClasses(all.Labels, classNames, nameof(input));

        TrainingData train = all, validation;
        if (Options.ValidationSet is not null)
        {
            var prepared = TextClassificationData.PrepareValidation(Options.ValidationSet, input, Options.TokensColumnName);
            validation = TextClassificationData.Read(prepared, Options.TokensColumnName, Options.LabelColumnName, vocabulary.Count, classNames, "validation set");
        }
        else if (Options.ValidationFraction > 0)
        {
            (train, validation) = all.StratifiedSplit(Options.ValidationFraction, seed);
        }
        else
        {
            validation = new TrainingData(Array.Empty<int[]>(), Array.Empty<int>());
        }

        if (Options.Resampling != Resampling.None)
        {
            train = train.Resample(Options.Resampling == Resampling.OverSample, seed);
        }

        var classWeights = ClassifierTraining.ClassWeights(Options, train.Labels, classNames);
        var device = ClassifierTraining.PrepareTorch(Options);
        torch.manual_seed(seed);
        var pretrained = Options.Embeddings is null ? null : EmbeddingMatrix.Create(Options.Embeddings, vocabulary, Options.OutOfVocabulary, seed);
        var dimension = pretrained?.Dimension ?? Options.EmbeddingDimension;
        var embedding = new TokenEmbedding(vocabulary.Count, dimension, pretrained?.Values.ToArray());
        var network = CreateNetwork(embedding, classNames.Length);
        var settings = ClassifierTraining.Settings(Options, classWeights, MinSteps, seed, device) with
        {
            TrainEmbeddings = Options.EmbeddingTraining != EmbeddingTraining.Frozen,
            FrozenEmbeddingEpochs = Options.EmbeddingTraining == EmbeddingTraining.FrozenThenFineTune ? Options.FrozenEmbeddingEpochs : 0,
        };
        var history = ClassifierLoop.Fit(network, embedding, train, validation.Count > 0 ? validation : null, classNames, settings, Options.Progress, Options.CancellationToken);
        return new TextClassificationTransformer(network, vocabulary, classNames, Options.TokensColumnName, MinSteps, device, history);
    }

    /// <summary>The fewest padded steps a batch needs (a convolution's kernel width).</summary>
    private protected virtual int MinSteps => 1;

    /// <summary>Builds the network over <paramref name="embedding"/> with <paramref name="classes"/> outputs.</summary>
    private protected abstract nn.Module<Tensor, Tensor, Tensor> CreateNetwork(TokenEmbedding embedding, int classes);

    private static void Validate(TextClassifierOptions options)
    {
        ClassifierTraining.Validate(options);
        if (options.Embeddings is null && options.EmbeddingDimension < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"{nameof(options.EmbeddingDimension)} is {options.EmbeddingDimension}; expected at least 1 when no pretrained embeddings are given.");
        }
    }
}
