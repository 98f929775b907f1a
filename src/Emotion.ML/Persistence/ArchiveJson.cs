using System.Text.Json;
using System.Text.Json.Serialization;

namespace Emotion.ML.Persistence;

/// <summary>
/// The JSON settings of every archive entry: camelCase names, enums as names, indented, and
/// NaN or infinity written as named literals (a training history may hold them).
/// </summary>
internal static class ArchiveJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };
}
