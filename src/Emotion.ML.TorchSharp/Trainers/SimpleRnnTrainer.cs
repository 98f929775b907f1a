using Emotion.ML.TorchSharp.Networks;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Trains the stacked simple (Elman, tanh) RNN classifier (<see cref="SimpleRnnOptions"/>). Reached as
/// <c>ml.MulticlassClassification.Trainers.SimpleRnn(options)</c>.
/// </summary>
public sealed class SimpleRnnTrainer : RecurrentTrainer<SimpleRnnOptions>
{
    internal SimpleRnnTrainer(SimpleRnnOptions options)
        : base(options, RecurrentCell.SimpleRnn)
    {
    }
}
