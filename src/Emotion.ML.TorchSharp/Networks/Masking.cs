using TorchSharp;
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

    /// <summary>
    /// The <paramref name="k"/> largest values of each channel of <paramref name="x"/> [batch, channels, steps]
    /// over the valid steps, in step order, flattened to [batch, channels * k]; 0 fills rows with fewer than k valid steps.
    /// </summary>
    public static Tensor KMaxOverValidSteps(Tensor x, Tensor mask, int k)
    {
        var filled = x.masked_fill(mask.eq(0), float.NegativeInfinity);
        if (filled.shape[2] < k)
        {
            filled = nn.functional.pad(filled, new long[] { 0, k - filled.shape[2] }, value: float.NegativeInfinity);
        }

        // A stable sort picks the earliest of tied steps (as ONNX TopK does), so the choice never depends
        // on the padding; valid steps precede padding, so re-sorting the positions keeps sentence order.
        var positions = filled.sort(2, descending: true, stable: true).Indices.narrow(2, 0, k).sort(2).Values;
        var top = filled.gather(2, positions);
        return top.masked_fill(top.eq(float.NegativeInfinity), 0).flatten(1);
    }

    /// <summary>Row lengths after a "same"-padded convolution of stride <paramref name="stride"/>: ceil(length / stride).</summary>
    public static Tensor StridedLengths(Tensor lengths, int stride) =>
        stride == 1 ? lengths : (lengths + (stride - 1)).div(stride, RoundingMode.floor);
}
