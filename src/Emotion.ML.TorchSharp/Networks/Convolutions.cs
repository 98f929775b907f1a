using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Networks;

/// <summary>The convolution block text networks share: "same" padding, Conv1d, ReLU, BatchNorm, padding re-zeroed.</summary>
internal static class Convolutions
{
    /// <summary>A Conv1d without built-in padding (<see cref="Block"/> pads explicitly, so even kernels keep the length too).</summary>
    public static Conv1d Create(long inputs, int filters, int kernelSize, int stride = 1) =>
        nn.Conv1d(inputs, filters, kernelSize, stride: stride);

    /// <summary>
    /// One block over <paramref name="x"/> [batch, channels, steps]: zero padding of (k-1)/2 steps
    /// before and the rest after (so step t stays centred on token t*stride), the convolution, ReLU,
    /// BatchNorm, then <paramref name="mask"/> [batch, 1, steps out] zeroes the padded steps again,
    /// which keeps every valid step independent of how much padding the batch has.
    /// </summary>
    public static Tensor Block(Conv1d convolution, BatchNorm1d norm, Tensor x, Tensor mask)
    {
        var kernel = convolution.weight!.shape[2];
        var before = (kernel - 1) / 2;
        var padded = nn.functional.pad(x, new[] { before, kernel - 1 - before });
        return norm.forward(nn.functional.relu(convolution.forward(padded))) * mask;
    }

    /// <summary>Output steps of a block over <paramref name="steps"/> input steps: ceil(steps / stride).</summary>
    public static long OutputSteps(long steps, int stride) => (steps + stride - 1) / stride;
}
