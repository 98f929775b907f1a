namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>Where a network trains and scores.</summary>
public enum ComputeDevice
{
    /// <summary>CUDA when TorchSharp reports a usable GPU (a TorchSharp-cuda runtime package is referenced), else the CPU.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>The first CUDA GPU; fails when none is usable.</summary>
    Cuda,
}
