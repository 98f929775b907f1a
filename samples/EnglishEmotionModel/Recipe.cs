using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Trainers;
using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;

namespace EnglishEmotionModel;

/// <summary>The network and training settings of the shipped model (docs/model-card.md says why).</summary>
internal static class Recipe
{
    /// <summary>Give every GloVe word an id, so words the training data lacks keep their pretrained vectors.</summary>
    public const bool EmbeddingWords = true;

    /// <summary>Ship the embedding table as int8 with a scale per word.</summary>
    public const bool Int8Embeddings = true;

    /// <summary>GloVe 6B 100d: the 50,000 most frequent words plus every word of the repository's text sets.</summary>
    public const string GloveFile = "glove.6B.100d.50k.txt.gz";

    public static GruOptions Options(Settings settings, IDataView validation) => new()
    {
        Units = settings.Quick ? new[] { 16 } : new[] { 128 },
        Bidirectional = true,
        Pooling = SequencePooling.Attention,
        DenseLayers = Array.Empty<DenseLayer>(),
        EmbeddingTraining = EmbeddingTraining.FrozenThenFineTune,
        FrozenEmbeddingEpochs = 3,
        EarlyStoppingMetric = EarlyStoppingMetric.Accuracy,
        EarlyStoppingPatience = 5,
        MaxEpochs = settings.Quick ? 1 : 30,
        ValidationSet = validation,
        Seed = settings.Seed,
        NumberOfThreads = settings.Threads,
        Progress = new EpochPrinter(),
    };

    /// <summary>Prints one line per finished epoch, on the training thread.</summary>
    private sealed class EpochPrinter : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.CompletedEpoch is { } e)
            {
                Console.WriteLine($"epoch {e.Epoch}: loss {e.TrainLoss:F4} acc {e.TrainAccuracy:F4} | val loss {e.ValidationLoss:F4} acc {e.ValidationAccuracy:F4} macro-F1 {e.ValidationMacroF1:F4} | {e.Seconds:F1} s");
            }
        }
    }
}
