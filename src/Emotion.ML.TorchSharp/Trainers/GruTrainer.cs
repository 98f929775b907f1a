using Emotion.ML.TorchSharp.Networks;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Trains the stacked GRU classifier (<see cref="GruOptions"/>). Reached as
/// <c>ml.MulticlassClassification.Trainers.Gru(options)</c>.
/// </summary>
public sealed class GruTrainer : RecurrentTrainer<GruOptions>
{
    internal GruTrainer(GruOptions options)
        : base(options, RecurrentCell.Gru)
    {
    }
}
