namespace Emotion.ML.TorchSharp.Networks;

/// <summary>The non-linearity of a dense layer.</summary>
public enum DenseActivation
{
    /// <summary>max(0, x).</summary>
    Relu,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh,

    /// <summary>Logistic sigmoid.</summary>
    Sigmoid,

    /// <summary>Gaussian error linear unit (exact, erf form).</summary>
    Gelu,

    /// <summary>Exponential linear unit with alpha 1.</summary>
    Elu,

    /// <summary>Leaky ReLU with negative slope 0.01.</summary>
    LeakyRelu,

    /// <summary>No activation.</summary>
    Linear,
}
