namespace Emotion.ML.Text;

/// <summary>
/// The special tokens <see cref="EmotionTextNormalizer"/> writes. They are lowercase, wrapped in
/// angle brackets and recognized again on input, so normalized text can be normalized again.
/// </summary>
public static class EmotionTextMarkers
{
    /// <summary>Stands for a URL when <see cref="EmotionTextNormalizerOptions.Urls"/> is <see cref="ReplacementMode.Placeholder"/>.</summary>
    public const string Url = "<url>";

    /// <summary>Stands for an @mention when <see cref="EmotionTextNormalizerOptions.Mentions"/> is <see cref="ReplacementMode.Placeholder"/>.</summary>
    public const string User = "<user>";

    /// <summary>Stands for a number when <see cref="EmotionTextNormalizerOptions.Numbers"/> is <see cref="ReplacementMode.Placeholder"/>.</summary>
    public const string Number = "<number>";

    /// <summary>
    /// Written before a run of shouted words (every cased letter uppercase) that holds at least one
    /// word of two or more letters, when <see cref="EmotionTextNormalizerOptions.EmphasisMarkers"/> is on:
    /// <c>I AM HAPPY</c> -> <c>&lt;allcaps&gt; i be happy</c>, but a lone <c>I</c> is not shouting.
    /// </summary>
    public const string AllCaps = "<allcaps>";

    /// <summary>Written for each run of <c>!</c> when <see cref="EmotionTextNormalizerOptions.EmphasisMarkers"/> is on.</summary>
    public const string Exclaim = "<exclaim>";

    /// <summary>Written for each run of <c>?</c> when <see cref="EmotionTextNormalizerOptions.EmphasisMarkers"/> is on.</summary>
    public const string Question = "<question>";
}
