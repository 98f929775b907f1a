namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Options of the stacked simple (Elman, tanh) RNN classifier. Defaults follow the seed-000
/// SimpleRNN: two forward layers of 256 and 128 units with dropout 0.2 between them, the last
/// layer's final state, a dense layer of 128 units, then the output layer.
/// </summary>
public sealed class SimpleRnnOptions : RecurrentOptions
{
    /// <summary>Creates the options with their defaults; <see cref="RecurrentOptions.Units"/> is 256, 128.</summary>
    public SimpleRnnOptions()
        : base(new[] { 256, 128 })
    {
    }
}
