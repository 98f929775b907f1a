namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Options of the stacked GRU classifier. Defaults: one forward layer of 128 units, its final
/// state, a dense layer of 128 units, then the output layer.
/// </summary>
public sealed class GruOptions : RecurrentOptions
{
    /// <summary>Creates the options with their defaults; <see cref="RecurrentOptions.Units"/> is 128.</summary>
    public GruOptions()
        : base(new[] { 128 })
    {
    }
}
