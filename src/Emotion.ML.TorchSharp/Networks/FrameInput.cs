using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Networks;

/// <summary>
/// The input stage for numeric frame sequences: the batch already is [batch, steps, features]
/// (normalized before it reaches the network), so it passes through as float32. It has no
/// weights, so a frame network's state-dict keys are those of a text network minus the embedding.
/// </summary>
internal sealed class FrameInput : SequenceInput
{
    public FrameInput(int frameSize)
        : base(nameof(FrameInput))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameSize, 1);
        FrameSize = frameSize;
        RegisterComponents();
    }

    /// <summary>Features per frame.</summary>
    public int FrameSize { get; }

    public override long Dimension => FrameSize;

    public override Tensor forward(Tensor frames)
    {
        if (frames.dim() != 3 || frames.shape[2] != FrameSize)
        {
            throw new ArgumentException($"Expected frames [batch, steps, {FrameSize}]; got [{string.Join(", ", frames.shape)}].", nameof(frames));
        }

        return frames.dtype == ScalarType.Float32 ? frames : frames.to_type(ScalarType.Float32);
    }
}
