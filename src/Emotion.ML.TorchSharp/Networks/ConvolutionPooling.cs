namespace Emotion.ML.TorchSharp.Networks;

/// <summary>How a convolutional network's feature maps become one vector per sentence.</summary>
public enum ConvolutionPooling
{
    /// <summary>1-max pooling: each filter's largest value over the valid steps.</summary>
    Max,

    /// <summary>Each filter's mean over the valid steps.</summary>
    Average,

    /// <summary>k-max pooling: each filter's k largest values over the valid steps, kept in sentence order (0 where a sentence has fewer than k steps).</summary>
    KMax,
}
