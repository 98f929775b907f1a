namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Options of the stacked simple (Elman, tanh) RNN classifier. Defaults follow the seed-000
/// SimpleRNN: two forward layers of 256 and 128 units with dropout 0.2 between them, the last
/// layer's final state, a dense layer of 128 units, then the output layer. Unlike the other
/// networks it clips the gradient norm to 1 by default: without it the tanh RNN's training loss
/// jumps back up between epochs on CARER.
/// </summary>
public sealed class SimpleRnnOptions : RecurrentOptions
{
    /// <summary>
    /// Creates the options with their defaults; <see cref="RecurrentOptions.Units"/> is 256, 128 and
    /// <see cref="ClassifierTrainingOptions.GradientClipNorm"/> is 1.
    /// </summary>
    public SimpleRnnOptions()
        : base(new[] { 256, 128 })
    {
        GradientClipNorm = 1;
    }
}
