using System.Text.Json.Serialization;

namespace Emotion.ML.Text;

/// <summary>What <see cref="EmotionTextNormalizer"/> does with a URL, an @mention or a number.</summary>
/// <remarks>Written by name in JSON (<c>"Placeholder"</c>), so saved options stay readable and survive reordering.</remarks>
[JsonConverter(typeof(JsonStringEnumConverter<ReplacementMode>))]
public enum ReplacementMode
{
    /// <summary>Treat it as ordinary text (a URL's letters then become words, a number stays a number).</summary>
    Keep,

    /// <summary>Drop it.</summary>
    Remove,

    /// <summary>Replace it with a placeholder token (<c>&lt;url&gt;</c>, <c>&lt;user&gt;</c>, <c>&lt;number&gt;</c>).</summary>
    Placeholder,
}
