using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Networks;

/// <summary>
/// The first stage of a sequence network: turns a padded batch ([batch, steps] token ids, or
/// [batch, steps, features] frames) into the vectors [batch, steps, <see cref="Dimension"/>] the
/// first recurrent or convolution layer reads.
/// </summary>
internal abstract class SequenceInput : nn.Module<Tensor, Tensor>
{
    private protected SequenceInput(string name)
        : base(name)
    {
    }

    /// <summary>Features per step of the output.</summary>
    public abstract long Dimension { get; }
}
