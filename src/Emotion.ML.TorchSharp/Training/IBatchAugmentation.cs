using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>
/// Changes each training batch's input before the forward pass (never at validation or scoring).
/// The result must depend only on the input, the epoch and the batch number, so a resumed run
/// repeats an uninterrupted one exactly.
/// </summary>
internal interface IBatchAugmentation
{
    /// <summary>The augmented copy of <paramref name="input"/> for batch <paramref name="batch"/> (0-based) of epoch <paramref name="epoch"/> (1-based).</summary>
    Tensor Apply(Tensor input, int epoch, int batch);
}
