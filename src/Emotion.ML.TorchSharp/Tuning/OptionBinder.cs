using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Emotion.ML.Embeddings;
using Microsoft.ML;

namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>
/// Sets trainer options from JSON values by property name, the way a JSON options file would:
/// names without regard to case, enums by name, lists and dense-layer specs as JSON. Checks names
/// and value types before any training so a bad search space fails at once, naming the option.
/// </summary>
internal static class OptionBinder
{
    /// <summary>The serializer settings option values are read with (the CLI's options files use the same).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    /// <summary>Options that run-time objects or the search itself provide, never a searched value.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CheckpointDirectory", "Resume", "CheckpointEveryEpochs", "CheckpointEveryBatches",
    };

    /// <summary>The writable, JSON-valued option <paramref name="name"/> of <paramref name="optionsType"/>.</summary>
    /// <exception cref="ArgumentException">No such option, or one that cannot be searched; the message starts with <paramref name="where"/>.</exception>
    public static PropertyInfo Find(Type optionsType, string name, string where)
    {
        var property = optionsType.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null || !property.CanWrite || property.SetMethod?.IsPublic != true)
        {
            throw new ArgumentException(
                $"{where}: {optionsType.Name} has no option '{name}'. Options that can be searched: {string.Join(", ", Searchable(optionsType).Select(p => p.Name))}.");
        }

        if (!IsSearchable(property))
        {
            throw new ArgumentException(
                $"{where}: option '{property.Name}' of {optionsType.Name} cannot be searched: it is {(Reserved.Contains(property.Name) ? "set by the search for each trial" : $"a run-time object ({property.PropertyType.Name}), not a JSON value")}.");
        }

        return property;
    }

    /// <summary>Converts <paramref name="value"/> to the type of <paramref name="property"/>.</summary>
    /// <exception cref="ArgumentException">The value does not fit; the message starts with <paramref name="where"/> and names the expected type.</exception>
    public static object? Convert(PropertyInfo property, JsonNode? value, string where)
    {
        try
        {
            var converted = value.Deserialize(property.PropertyType, Json);
            if (converted is null && property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null)
            {
                throw new JsonException("null is not a value of this type");
            }

            return converted;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException)
        {
            var listOption = property.PropertyType != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(property.PropertyType);
            var hint = listOption && value is not JsonArray && value is not JsonObject
                ? $" '{property.Name}' takes a list, so its candidate values are lists: [[3, 4, 5], [2, 3]]."
                : "";
            throw new ArgumentException(
                $"{where}: {TrialParameters.Format(value)} is not a valid value for option '{property.Name}' ({Describe(property.PropertyType)}): {ex.Message}{hint}", ex);
        }
    }

    /// <summary>Sets <paramref name="name"/> on <paramref name="options"/> to <paramref name="value"/>.</summary>
    public static void Apply(object options, string name, JsonNode? value, string where)
    {
        var property = Find(options.GetType(), name, where);
        property.SetValue(options, Convert(property, value, where));
    }

    /// <summary>Whether the option takes integers (a range over it draws whole numbers).</summary>
    public static bool IsInteger(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte);
    }

    /// <summary>Whether the option is a number a range can draw.</summary>
    public static bool IsNumber(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return IsInteger(property) || type == typeof(double) || type == typeof(float) || type == typeof(decimal);
    }

    /// <summary>A readable name of an option type, e.g. <c>Int32[]</c>, <c>OptimizerKind (Adam, AdamW, ...)</c>.</summary>
    public static string Describe(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        if (inner.IsEnum)
        {
            return $"{inner.Name}: one of {string.Join(", ", Enum.GetNames(inner))}";
        }

        if (inner.IsGenericType)
        {
            return $"{inner.Name[..inner.Name.IndexOf('`')]}<{string.Join(", ", inner.GetGenericArguments().Select(a => a.Name))}>";
        }

        return inner.Name;
    }

    private static IEnumerable<PropertyInfo> Searchable(Type optionsType) =>
        optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod?.IsPublic == true && IsSearchable(p))
            .OrderBy(p => p.Name, StringComparer.Ordinal);

    private static bool IsSearchable(PropertyInfo property)
    {
        var type = property.PropertyType;
        return !Reserved.Contains(property.Name)
            && !typeof(IDataView).IsAssignableFrom(type)
            && type != typeof(WordEmbeddings)
            && type != typeof(CancellationToken)
            && !(type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IProgress<>));
    }
}
