namespace Emotion.ML.TorchSharp.Training;

/// <summary>Sequence rows with a 0-based class label each, as the training loop consumes them.</summary>
internal interface ITrainingRows : ISequenceRows
{
    /// <summary>The class of each row, in row order.</summary>
    int[] Labels { get; }
}
