namespace Emotion.ML.TorchSharp.Persistence;

/// <summary>A network that can describe its own shape, so a model archive can rebuild it before loading its weights.</summary>
internal interface IConfiguredNetwork
{
    /// <summary>The architecture and layer sizes the network was built with.</summary>
    NetworkConfig Config { get; }
}
