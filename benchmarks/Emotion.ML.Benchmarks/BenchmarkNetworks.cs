using Emotion.ML.Embeddings;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;

namespace Emotion.ML.Benchmarks;

/// <summary>The text networks the training and inference benchmarks compare, by the names their tables show.</summary>
public static class BenchmarkNetworks
{
    /// <summary>Every text architecture: the seed defaults of each trainer, and the variants the docs report.</summary>
    public static readonly string[] All =
    {
        "TextCnn", "Kim TextCnn", "SimpleRnn", "Lstm 1x128", "Gru 1x128", "BiLstm 1x128", "BiLstm seed", "CnnBiLstm",
    };

    /// <summary>
    /// The networks a run measures: <see cref="All"/>, or the comma-separated names in the
    /// <c>BENCH_NETWORKS</c> environment variable (<c>./run.sh bench --networks TextCnn,Gru 1x128</c>).
    /// </summary>
    public static IEnumerable<string> Names
    {
        get
        {
            var chosen = Environment.GetEnvironmentVariable("BENCH_NETWORKS");
            if (string.IsNullOrWhiteSpace(chosen))
            {
                return All;
            }

            var names = chosen.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var unknown = names.Where(n => !All.Contains(n)).ToList();
            return unknown.Count == 0
                ? names
                : throw new ArgumentException($"BENCH_NETWORKS names {string.Join(", ", unknown)}; expected some of: {string.Join(", ", All)}.");
        }
    }

    /// <summary>
    /// A trainer for the network <paramref name="name"/> with GloVe fine-tuned, Adam, batch 128, 2 threads,
    /// seed 1, <paramref name="epochs"/> epochs and no validation.
    /// </summary>
    public static IEstimator<ITransformer> Trainer(MLContext ml, string name, WordEmbeddings glove, int epochs)
    {
        TextClassifierOptions options = name switch
        {
            "TextCnn" => new TextCnnOptions(),
            "Kim TextCnn" => new TextCnnOptions { KernelSizes = new[] { 3, 4, 5 }, Filters = 100, ConvolutionBlocks = 1, Dropout = 0.5, DenseLayers = Array.Empty<DenseLayer>() },
            "SimpleRnn" => new SimpleRnnOptions(),
            "Lstm 1x128" => new LstmOptions(),
            "Gru 1x128" => new GruOptions(),
            "BiLstm 1x128" => new BiLstmOptions { Units = new[] { 128 }, Pooling = SequencePooling.Max, DenseLayers = Array.Empty<DenseLayer>() },
            "BiLstm seed" => new BiLstmOptions(),
            "CnnBiLstm" => new CnnBiLstmOptions(),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "expected one of " + string.Join(", ", All)),
        };
        options.Embeddings = glove;
        options.MaxEpochs = epochs;
        options.ValidationFraction = 0;
        options.NumberOfThreads = 2;
        options.Seed = 1;
        var trainers = ml.MulticlassClassification.Trainers;
        return options switch
        {
            TextCnnOptions cnn => trainers.TextCnn(cnn),
            SimpleRnnOptions rnn => trainers.SimpleRnn(rnn),
            LstmOptions lstm => trainers.Lstm(lstm),
            GruOptions gru => trainers.Gru(gru),
            CnnBiLstmOptions hybrid => trainers.CnnBiLstm(hybrid),
            _ => trainers.BiLstm((BiLstmOptions)options),
        };
    }
}
