namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Options of the stacked LSTM classifier. Defaults: one forward layer of 128 units, its final
/// state, a dense layer of 128 units, then the output layer. With
/// <see cref="RecurrentOptions.Bidirectional"/> it is the same network as <see cref="BiLstmOptions"/> describes.
/// </summary>
public sealed class LstmOptions : RecurrentOptions
{
    /// <summary>Creates the options with their defaults; <see cref="RecurrentOptions.Units"/> is 128.</summary>
    public LstmOptions()
        : base(new[] { 128 })
    {
    }
}
