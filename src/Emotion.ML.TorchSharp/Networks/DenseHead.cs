using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Networks;

/// <summary>
/// Dense layers (Linear, optional BatchNorm, activation, dropout each, per <see cref="DenseLayer"/>)
/// and the output layer producing logits.
/// </summary>
internal sealed class DenseHead : nn.Module<Tensor, Tensor>
{
    // Field names are state-dict keys of saved models: keep them. Layers without BatchNorm hold an
    // Identity in `norms`, which has no parameters, so the keys of the others do not move.
    private readonly ModuleList<Linear> layers = new();
    private readonly ModuleList<nn.Module<Tensor, Tensor>> norms = new();
    private readonly ModuleList<Dropout> dropouts = new();
    private readonly Linear output;
    private readonly DenseActivation[] activations;

    public DenseHead(long inputs, IReadOnlyList<DenseLayer> specs, int classes)
        : base(nameof(DenseHead))
    {
        foreach (var spec in specs)
        {
            layers.Add(nn.Linear(inputs, spec.Units));
            norms.Add(spec.BatchNorm ? nn.BatchNorm1d(spec.Units) : nn.Identity());
            dropouts.Add(nn.Dropout(spec.Dropout));
            inputs = spec.Units;
        }

        activations = specs.Select(s => s.Activation).ToArray();
        output = nn.Linear(inputs, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        for (var i = 0; i < layers.Count; i++)
        {
            x = dropouts[i].forward(Activate(activations[i], norms[i].forward(layers[i].forward(x))));
        }

        return output.forward(x);
    }

    /// <summary>Applies <paramref name="activation"/> to <paramref name="x"/>.</summary>
    public static Tensor Activate(DenseActivation activation, Tensor x) => activation switch
    {
        DenseActivation.Relu => nn.functional.relu(x),
        DenseActivation.Tanh => tanh(x),
        DenseActivation.Sigmoid => sigmoid(x),
        DenseActivation.Gelu => nn.functional.gelu(x),
        DenseActivation.Elu => nn.functional.elu(x, 1.0),
        DenseActivation.LeakyRelu => nn.functional.leaky_relu(x, 0.01),
        DenseActivation.Linear => x,
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown dense activation."),
    };
}
