using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>
/// Variable-length rows a network reads in padded batches: token-id sentences or numeric frame
/// sequences. The training loop, the length-bucketed batcher and batch scoring only need each
/// row's length and a way to pad a batch of rows into the network's input.
/// </summary>
internal interface ISequenceRows
{
    /// <summary>Rows in the set.</summary>
    int Count { get; }

    /// <summary>Time steps of row <paramref name="row"/>.</summary>
    int Length(int row);

    /// <summary>
    /// The network's input for the rows <paramref name="batch"/>, padded after each row to the
    /// longest of them (at least <paramref name="minSteps"/> steps), and their lengths [batch].
    /// </summary>
    (Tensor Input, Tensor Lengths) Collate(int[] batch, int minSteps, Device device);
}
