namespace Emotion.ML.TorchSharp.Training;

/// <summary>The optimizer that updates a network's weights.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma and Ba); weight decay, when set, is added to the gradient (L2).</summary>
    Adam,

    /// <summary>AdamW (Loshchilov and Hutter): Adam with decoupled weight decay.</summary>
    AdamW,
}
