using System.Text.Json;
using System.Text.Json.Serialization;

namespace Emotion.ML.Persistence;

/// <summary>The JSON settings of every archive entry: camelCase names, enums as names, indented.</summary>
internal static class ArchiveJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };
}
