using Emotion.ML.TorchSharp.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>
/// Sorts a network's weight matrices and kernels into <see cref="LayerGroup"/>s by the type of the
/// module that owns them, so networks added later are covered without a list of their field names.
/// Biases, normalisation layers and any other parameters belong to no group.
/// </summary>
internal static class LayerGroups
{
    /// <summary>The name of the classifier layer in every network's head (<c>head.output</c>).</summary>
    private const string OutputName = "output";

    /// <summary>
    /// The grouped weights of <paramref name="network"/>: a convolution's <c>weight</c>; a recurrent
    /// layer's <c>weight_ih_*</c> and <c>weight_hh_*</c>; a linear layer's <c>weight</c>, in
    /// <see cref="LayerGroup.Output"/> for the last linear layer named <c>output</c> (or, when none is,
    /// the last linear layer) and <see cref="LayerGroup.Dense"/> otherwise. A
    /// <see cref="TokenEmbedding"/> table is not listed: its penalty applies to the rows a batch uses.
    /// </summary>
    public static IReadOnlyList<(LayerGroup Group, string Name, Parameter Weight)> Weights(nn.Module network)
    {
        var grouped = new List<(LayerGroup Group, string Name, Parameter Weight)>();
        var linears = new List<(string Module, string Name, Parameter Weight)>();
        foreach (var (moduleName, module) in network.named_modules())
        {
            foreach (var (name, parameter) in module.named_parameters(recurse: false))
            {
                if (!parameter.requires_grad)
                {
                    continue;
                }

                var fullName = string.IsNullOrEmpty(moduleName) ? name : $"{moduleName}.{name}";
                switch (module)
                {
                    case Convolution when name == "weight":
                        grouped.Add((LayerGroup.Convolution, fullName, parameter));
                        break;
                    case RNN or LSTM or GRU when name.StartsWith("weight_", StringComparison.Ordinal):
                        grouped.Add((LayerGroup.Recurrent, fullName, parameter));
                        break;
                    case Linear when name == "weight":
                        linears.Add((moduleName, fullName, parameter));
                        break;
                    case Embedding when name == "weight":
                        grouped.Add((LayerGroup.Embedding, fullName, parameter));
                        break;
                }
            }
        }

        var output = linears.FindLastIndex(l => l.Module == OutputName || l.Module.EndsWith("." + OutputName, StringComparison.Ordinal));
        if (output < 0)
        {
            output = linears.Count - 1;
        }

        for (var i = 0; i < linears.Count; i++)
        {
            grouped.Add((i == output ? LayerGroup.Output : LayerGroup.Dense, linears[i].Name, linears[i].Weight));
        }

        return grouped;
    }
}
