namespace Emotion.ML.TorchSharp.Training;

/// <summary>
/// How far an epoch has got: batches finished and the running totals its record is computed from.
/// A checkpoint taken inside an epoch stores this, so a resumed epoch ends with the same record.
/// </summary>
/// <param name="Batches">Batches of the epoch already trained (the next one is at this 0-based index).</param>
/// <param name="LossSum">Sum over the finished batches of the batch's mean loss times its size.</param>
/// <param name="Correct">Training rows predicted correctly so far.</param>
/// <param name="Seen">Training rows seen so far.</param>
/// <param name="Seconds">Wall time spent on the finished batches.</param>
/// <param name="LearningRate">The learning rate of the last finished batch.</param>
internal readonly record struct EpochPosition(int Batches, double LossSum, long Correct, long Seen, double Seconds, double LearningRate)
{
    /// <summary>The start of an epoch.</summary>
    public static EpochPosition Start(double learningRate) => new(0, 0, 0, 0, 0, learningRate);

    public void Write(BinaryWriter writer)
    {
        writer.Write(Batches);
        writer.Write(LossSum);
        writer.Write(Correct);
        writer.Write(Seen);
        writer.Write(Seconds);
        writer.Write(LearningRate);
    }

    public static EpochPosition Read(BinaryReader reader) =>
        new(reader.ReadInt32(), reader.ReadDouble(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadDouble(), reader.ReadDouble());
}
