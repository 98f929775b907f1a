namespace Emotion.ML.Pipeline;

/// <summary>ML.NET's annotation names and values (its own constants are internal).</summary>
internal static class AnnotationKinds
{
    public const string SlotNames = "SlotNames";

    public const string KeyValues = "KeyValues";

    public const string ScoreColumnKind = "ScoreColumnKind";

    public const string ScoreValueKind = "ScoreValueKind";

    public const string MulticlassClassification = "MulticlassClassification";

    public const string Score = "Score";
}
