using Emotion.ML.TorchSharp.Networks;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Trains the stacked LSTM classifier (<see cref="LstmOptions"/>). Reached as
/// <c>ml.MulticlassClassification.Trainers.Lstm(options)</c>.
/// </summary>
public sealed class LstmTrainer : RecurrentTrainer<LstmOptions>
{
    internal LstmTrainer(LstmOptions options)
        : base(options, RecurrentCell.Lstm)
    {
    }
}
