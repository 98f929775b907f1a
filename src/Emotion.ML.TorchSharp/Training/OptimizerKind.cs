namespace Emotion.ML.TorchSharp.Training;

/// <summary>The optimizer that updates a network's weights.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma and Ba); weight decay, when set, is added to the gradient (L2).</summary>
    Adam,

    /// <summary>AdamW (Loshchilov and Hutter): Adam with decoupled weight decay.</summary>
    AdamW,

    /// <summary>Stochastic gradient descent, with optional momentum and Nesterov momentum.</summary>
    Sgd,

    /// <summary>RMSProp (Hinton), PyTorch's defaults: smoothing 0.99, epsilon 1e-8.</summary>
    RmsProp,

    /// <summary>Adadelta (Zeiler 2012), PyTorch's defaults: rho 0.9, epsilon 1e-6; usually run with learning rate 1.0.</summary>
    Adadelta,
}
