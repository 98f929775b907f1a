using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>
/// The option values one trial sets, in the order of the search space's dimensions: names to
/// JSON values (numbers, strings for enums, lists, objects). Immutable.
/// </summary>
public sealed class TrialParameters : IReadOnlyList<KeyValuePair<string, JsonNode?>>
{
    private readonly KeyValuePair<string, JsonNode?>[] values;

    /// <summary>Creates parameters from name/value pairs; each value is copied.</summary>
    /// <param name="values">The pairs, names distinct (ignoring case).</param>
    /// <exception cref="ArgumentException">A name is blank or repeated.</exception>
    public TrialParameters(IEnumerable<KeyValuePair<string, JsonNode?>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        this.values = values.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value?.DeepClone())).ToArray();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, _) in this.values)
        {
            if (string.IsNullOrWhiteSpace(name) || !seen.Add(name))
            {
                throw new ArgumentException($"Trial parameter names must be non-blank and distinct; '{name}' is not.", nameof(values));
            }
        }

        Key = ToJson().ToJsonString();
    }

    /// <summary>The parameter names, in order.</summary>
    public IEnumerable<string> Names => values.Select(p => p.Key);

    /// <summary>The number of parameters.</summary>
    public int Count => values.Length;

    /// <summary>The pair at <paramref name="index"/>.</summary>
    /// <param name="index">0-based position.</param>
    public KeyValuePair<string, JsonNode?> this[int index] => values[index];

    /// <summary>The value of <paramref name="name"/> (ignoring case).</summary>
    /// <param name="name">A parameter name.</param>
    /// <exception cref="KeyNotFoundException">No parameter has that name.</exception>
    public JsonNode? this[string name] =>
        values.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } found
            ? found.Value
            : throw new KeyNotFoundException($"The trial sets no parameter '{name}'; it sets {string.Join(", ", Names)}.");

    /// <summary>Identifies the configuration: the compact JSON of the pairs in order. Two trials with the same key train the same way.</summary>
    public string Key { get; }

    /// <summary>The value of <paramref name="name"/> converted to <typeparamref name="T"/> (enums by name).</summary>
    /// <typeparam name="T">The option's type.</typeparam>
    /// <param name="name">A parameter name.</param>
    /// <returns>The value.</returns>
    public T Get<T>(string name) => this[name].Deserialize<T>(OptionBinder.Json)!;

    /// <summary>The parameters as a JSON object, in order.</summary>
    /// <returns>A new object.</returns>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (name, value) in values)
        {
            json[name] = value?.DeepClone();
        }

        return json;
    }

    /// <summary>Reads parameters from a JSON object written by <see cref="ToJson"/>.</summary>
    internal static TrialParameters FromJson(JsonObject json) => new(json.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value)));

    /// <summary>A value as a table cell: strings without quotes, numbers and lists as compact JSON.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Format(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    /// <summary>The pairs as <c>name=value</c>, comma-separated.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Join(", ", values.Select(p => $"{p.Key}={Format(p.Value)}"));

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, JsonNode?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, JsonNode?>>)values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
