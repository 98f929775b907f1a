using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Onnx;

/// <summary>
/// A network's sub-modules by their state-dict path (<c>head.norms.0</c>), so the exporter reads
/// layers the way a saved model names them instead of reaching into the network classes.
/// </summary>
internal sealed class NetworkParts
{
    private readonly Dictionary<string, nn.Module> modules;
    private readonly string networkName;

    public NetworkParts(nn.Module network)
    {
        networkName = network.GetType().Name;
        modules = network.named_modules().ToDictionary(m => m.name, m => m.module, StringComparer.Ordinal);
    }

    /// <summary>The module at <paramref name="path"/>, which must be a <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException">There is no such module, or it has another type.</exception>
    public T Get<T>(string path)
        where T : nn.Module
    {
        if (!modules.TryGetValue(path, out var module))
        {
            throw new NotSupportedException($"The {networkName} network has no layer '{path}', which the ONNX export expects.");
        }

        return module as T
            ?? throw new NotSupportedException($"Layer '{path}' of the {networkName} network is a {module.GetType().Name}; the ONNX export expects a {typeof(T).Name}.");
    }

    /// <summary>The entries <c>path.0</c>, <c>path.1</c>, ... of a module list; empty when the list is empty or absent.</summary>
    public IReadOnlyList<T> List<T>(string path)
        where T : nn.Module
    {
        var items = new List<T>();
        while (modules.ContainsKey($"{path}.{items.Count}"))
        {
            items.Add(Get<T>($"{path}.{items.Count}"));
        }

        return items;
    }

    /// <summary>The parameters and buffers of <paramref name="module"/> by their own names (<c>weight_ih_l0</c>).</summary>
    public static IReadOnlyDictionary<string, Tensor> Tensors(nn.Module module) =>
        module.state_dict().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
