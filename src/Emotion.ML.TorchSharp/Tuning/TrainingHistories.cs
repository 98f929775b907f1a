using Emotion.ML.TorchSharp.Trainers;
using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;

namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>Finds the training history of the deep classifier inside a fitted pipeline.</summary>
internal static class TrainingHistories
{
    /// <exception cref="InvalidOperationException">The pipeline holds no deep classifier, or more than one.</exception>
    public static TrainingHistory Find(ITransformer model)
    {
        var found = All(model).ToList();
        return found.Count == 1
            ? found[0]
            : throw new InvalidOperationException(
                $"The fitted pipeline holds {found.Count} deep classifiers (TextClassificationTransformer or SequenceClassificationTransformer); a search trial needs exactly one.");
    }

    private static IEnumerable<TrainingHistory> All(ITransformer model) => model switch
    {
        TextClassificationTransformer text => new[] { text.History },
        SequenceClassificationTransformer sequence => new[] { sequence.History },
        IEnumerable<ITransformer> chain => chain.SelectMany(All),
        _ => Array.Empty<TrainingHistory>(),
    };
}
