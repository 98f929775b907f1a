namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>How a <see cref="SearchDimension"/> gives its candidate values.</summary>
public enum SearchDimensionKind
{
    /// <summary>A list of values: a grid tries every one, a random search draws one uniformly.</summary>
    Values,

    /// <summary>A closed interval sampled uniformly (random search only); integers for an integer option.</summary>
    Range,

    /// <summary>A closed interval of positive numbers sampled uniformly on a log scale (random search only), e.g. learning rates.</summary>
    LogRange,
}
