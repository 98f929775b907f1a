namespace Emotion.ML.Tokenization;

/// <summary>Which tokens <c>TokenizeToIds</c> keeps when a text has more than <c>MaxLength</c> tokens.</summary>
public enum TruncationMode
{
    /// <summary>Keep the first <c>MaxLength</c> tokens.</summary>
    KeepStart = 0,

    /// <summary>Keep the last <c>MaxLength</c> tokens.</summary>
    KeepEnd = 1,

    /// <summary>Keep both ends: the first <c>ceil(MaxLength / 2)</c> and the last <c>floor(MaxLength / 2)</c> tokens.</summary>
    KeepBothEnds = 2,
}
