using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Networks;

/// <summary>Masks that keep padded steps from changing any result.</summary>
internal static class Masking
{
    /// <summary>A float mask [batch, steps]: 1 for steps before each row's length, else 0.</summary>
    public static Tensor ValidSteps(Tensor lengths, long steps)
    {
        var positions = arange(steps, dtype: ScalarType.Int64, device: lengths.device).unsqueeze(0);
        return positions.lt(lengths.unsqueeze(1)).to_type(ScalarType.Float32);
    }

    /// <summary>Max over the last axis of <paramref name="x"/> [batch, channels, steps], valid steps only; 0 for empty rows.</summary>
    public static Tensor MaxOverValidSteps(Tensor x, Tensor mask)
    {
        var filled = x.masked_fill(mask.eq(0), float.NegativeInfinity);
        var max = filled.amax(new long[] { 2 });
        // Only empty rows give -inf; a NaN must still surface as a NaN loss.
        return max.masked_fill(max.eq(float.NegativeInfinity), 0);
    }

    /// <summary>Mean over the last axis of <paramref name="x"/> [batch, channels, steps], valid steps only.</summary>
    public static Tensor MeanOverValidSteps(Tensor x, Tensor mask)
    {
        var sum = (x * mask).sum(2);
        return sum / mask.sum(2).clamp_min(1);
    }
}
