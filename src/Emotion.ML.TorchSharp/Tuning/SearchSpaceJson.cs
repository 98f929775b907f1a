using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>Reads the JSON form of a <see cref="SearchSpace"/>; every message names the source, the line and the JSON path.</summary>
internal static class SearchSpaceJson
{
    private static readonly JsonDocumentOptions Document = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static SearchSpace Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: Document);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{source}:{(ex.LineNumber ?? 0) + 1}: not valid JSON: {ex.Message}", ex);
        }

        if (root is not JsonObject top)
        {
            throw new FormatException($"{source}:1: $: a search space is a JSON object with \"parameters\" (and optionally \"model\" and \"options\"); found {Kind(root)}.");
        }

        var space = new SearchSpace().WithSource(source);
        foreach (var (key, value) in top)
        {
            switch (key)
            {
                case "model":
                    space.Model = value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                        ? v.GetValue<string>()
                        : throw Error(text, source, null, key, "$.model", $"expected a model name string, found {Kind(value)}");
                    break;
                case "options":
                    foreach (var (name, option) in Object(value, text, source, key, "$.options"))
                    {
                        space.AddFixed(name, option, Where(text, source, "options", name, $"$.options.{name}"));
                    }

                    break;
                case "parameters":
                    foreach (var (name, dimension) in Object(value, text, source, key, "$.parameters"))
                    {
                        var where = Where(text, source, "parameters", name, $"$.parameters.{name}");
                        space.Add(Dimension(name, dimension, where), where);
                    }

                    break;
                default:
                    throw Error(text, source, null, key, $"$.{key}", "unknown property; a search space has \"model\", \"options\" and \"parameters\"");
            }
        }

        if (space.Dimensions.Count == 0)
        {
            throw new FormatException($"{source}: $.parameters: no option to search; expected \"parameters\" with at least one option, e.g. {{ \"LearningRate\": [0.001, 0.003] }}.");
        }

        return space;
    }

    private static SearchDimension Dimension(string name, JsonNode? node, string where)
    {
        try
        {
            switch (node)
            {
                case JsonArray list:
                    return list.Count > 0
                        ? SearchDimension.OfValues(name, list)
                        : throw new FormatException($"{where}: the list of values is empty; give at least one value.");
                case JsonObject form when form.Count == 1:
                    var (kind, body) = form.First();
                    switch (kind)
                    {
                        case "values":
                        case "choice":
                            return body is JsonArray { Count: > 0 } values
                                ? SearchDimension.OfValues(name, values)
                                : throw new FormatException($"{where}.{kind}: expected a non-empty list of values, found {Kind(body)}.");
                        case "range":
                        case "logRange":
                            var (min, max) = Bounds(body, $"{where}.{kind}");
                            return SearchDimension.OfRange(name, min, max, logScale: kind == "logRange");
                    }

                    break;
            }
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"{where}: {ex.Message}", ex);
        }

        throw new FormatException(
            $"{where}: expected a list of values ([0.001, 0.003]) or an object with one of \"choice\" (a list), \"range\" or \"logRange\" ([min, max]); found {Kind(node)}{(node is JsonObject o ? $" with {string.Join(", ", o.Select(p => $"\"{p.Key}\""))}" : "")}.");
    }

    private static (double Min, double Max) Bounds(JsonNode? node, string where)
    {
        if (node is JsonArray { Count: 2 } pair && pair.All(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.Number))
        {
            return (pair[0]!.GetValue<double>(), pair[1]!.GetValue<double>());
        }

        throw new FormatException($"{where}: expected [min, max], two numbers; found {node?.ToJsonString() ?? "null"}.");
    }

    private static JsonObject Object(JsonNode? node, string text, string source, string key, string path) =>
        node as JsonObject ?? throw Error(text, source, null, key, path, $"expected an object of option names, found {Kind(node)}");

    private static FormatException Error(string text, string source, string? section, string key, string path, string message) =>
        new($"{Where(text, source, section, key, path)}: {message}.");

    /// <summary>
    /// <c>source:line: path</c>, the line found by looking for the key's text after its section's key
    /// (JSON nodes keep no positions); without the line when the key cannot be found once.
    /// </summary>
    private static string Where(string text, string source, string? section, string key, string path)
    {
        var from = 0;
        if (section is not null)
        {
            var match = Regex.Match(text, $"\"{Regex.Escape(section)}\"\\s*:");
            from = match.Success ? match.Index + match.Length : 0;
        }

        var found = Regex.Match(text[from..], $"\"{Regex.Escape(key)}\"\\s*:");
        if (!found.Success)
        {
            return $"{source}: {path}";
        }

        var line = 1 + text.AsSpan(0, from + found.Index).Count('\n');
        return $"{source}:{line}: {path}";
    }

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "a list",
        JsonValue v => $"a {v.GetValueKind().ToString().ToLowerInvariant()} ({v.ToJsonString()})",
        _ => "a value",
    };
}
