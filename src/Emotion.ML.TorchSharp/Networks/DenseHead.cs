using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Networks;

/// <summary>Dense layers (Linear + BatchNorm + ReLU + Dropout each) and the output layer producing logits.</summary>
internal sealed class DenseHead : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> layers = new();
    private readonly ModuleList<BatchNorm1d> norms = new();
    private readonly ModuleList<Dropout> dropouts = new();
    private readonly Linear output;

    public DenseHead(long inputs, IReadOnlyList<int> units, double dropout, int classes)
        : base(nameof(DenseHead))
    {
        foreach (var size in units)
        {
            layers.Add(nn.Linear(inputs, size));
            norms.Add(nn.BatchNorm1d(size));
            dropouts.Add(nn.Dropout(dropout));
            inputs = size;
        }

        output = nn.Linear(inputs, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        for (var i = 0; i < layers.Count; i++)
        {
            x = dropouts[i].forward(nn.functional.relu(norms[i].forward(layers[i].forward(x))));
        }

        return output.forward(x);
    }
}
