namespace Emotion.ML.TorchSharp.Tests.Persistence;

/// <summary>
/// Runs its test classes alone: TorchSharp's random generator is process-wide, so training or
/// building networks here must not interleave with tests that check seeded determinism.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTorchCollection
{
    public const string Name = "Serial TorchSharp";
}
