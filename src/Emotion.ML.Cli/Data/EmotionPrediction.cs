namespace Emotion.ML.Cli.Data;

/// <summary>What a prediction engine returns for one sentence.</summary>
internal sealed class EmotionPrediction
{
    public string PredictedLabel { get; set; } = "";

    public float[] Score { get; set; } = Array.Empty<float>();
}
