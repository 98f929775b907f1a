using System.Globalization;
using System.Text.Json.Nodes;

namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>
/// One searched trainer option: its name (a property of the trainer's options, such as
/// <c>LearningRate</c> or <c>KernelSizes</c>) and its candidate values, either a list or a
/// (log-)range. Values are JSON, so any option a JSON options file can set can be searched,
/// lists and dense-layer specs included. Immutable.
/// </summary>
public sealed class SearchDimension
{
    private SearchDimension(string name, SearchDimensionKind kind, IReadOnlyList<JsonNode?> values, double min, double max)
    {
        Name = name;
        Kind = kind;
        Values = values;
        Min = min;
        Max = max;
    }

    /// <summary>The option's name, as the property of the trainer's options (matched without regard to case).</summary>
    public string Name { get; }

    /// <summary>Whether the values are a list or a (log-)range.</summary>
    public SearchDimensionKind Kind { get; }

    /// <summary>The candidate values of a <see cref="SearchDimensionKind.Values"/> dimension, in order; empty for a range.</summary>
    public IReadOnlyList<JsonNode?> Values { get; }

    /// <summary>The lower bound of a range (inclusive); 0 for a list.</summary>
    public double Min { get; }

    /// <summary>The upper bound of a range (inclusive); 0 for a list.</summary>
    public double Max { get; }

    /// <summary>A list of candidate values.</summary>
    /// <param name="name">The option's name.</param>
    /// <param name="values">At least one value; each is copied.</param>
    /// <exception cref="ArgumentException">The name is blank or the list is empty.</exception>
    public static SearchDimension OfValues(string name, IEnumerable<JsonNode?> values)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(values);
        var copy = values.Select(v => v?.DeepClone()).ToArray();
        if (copy.Length == 0)
        {
            throw new ArgumentException($"Search dimension '{name}' has an empty list of values; give at least one.", nameof(values));
        }

        return new SearchDimension(name, SearchDimensionKind.Values, Array.AsReadOnly(copy), 0, 0);
    }

    /// <summary>A closed interval sampled uniformly, or on a log scale when <paramref name="logScale"/>.</summary>
    /// <param name="name">The option's name.</param>
    /// <param name="min">Lower bound; finite, and positive on a log scale.</param>
    /// <param name="max">Upper bound; finite and at least <paramref name="min"/>.</param>
    /// <param name="logScale">Whether to sample the logarithm uniformly.</param>
    /// <exception cref="ArgumentException">The name is blank or the bounds are not as described.</exception>
    public static SearchDimension OfRange(string name, double min, double max, bool logScale = false)
    {
        CheckName(name);
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
        {
            throw new ArgumentException($"Search dimension '{name}': range [{min}, {max}] must have finite bounds with min <= max.", nameof(min));
        }

        if (logScale && min <= 0)
        {
            throw new ArgumentException($"Search dimension '{name}': a log range needs positive bounds; got [{min}, {max}].", nameof(min));
        }

        return new SearchDimension(name, logScale ? SearchDimensionKind.LogRange : SearchDimensionKind.Range, Array.Empty<JsonNode?>(), min, max);
    }

    /// <summary>Draws one value: a list element, or a number in the range (an integer when <paramref name="integer"/>).</summary>
    internal JsonNode? Sample(Random random, bool integer)
    {
        if (Kind == SearchDimensionKind.Values)
        {
            return Values[random.Next(Values.Count)]?.DeepClone();
        }

        var u = random.NextDouble();
        var value = Kind == SearchDimensionKind.LogRange
            ? Math.Exp(Math.Log(Min) + (u * (Math.Log(Max) - Math.Log(Min))))
            : Min + (u * (Max - Min));
        if (integer)
        {
            return JsonValue.Create((long)Math.Clamp(Math.Round(value), Math.Ceiling(Min), Math.Floor(Max)));
        }

        // Three significant digits keep tables readable and change nothing a training run can tell apart.
        return JsonValue.Create(double.Parse(value.ToString("G3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    /// <summary>The dimension as it appears in a search-space file: a list, or <c>{ "range": [min, max] }</c> / <c>{ "logRange": [min, max] }</c>.</summary>
    internal JsonNode ToJson() => Kind switch
    {
        SearchDimensionKind.Values => new JsonArray(Values.Select(v => v?.DeepClone()).ToArray()),
        SearchDimensionKind.Range => new JsonObject { ["range"] = new JsonArray(Min, Max) },
        _ => new JsonObject { ["logRange"] = new JsonArray(Min, Max) },
    };

    /// <summary>Describes the dimension, e.g. <c>LearningRate: log-range [0.0001, 0.01]</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Kind switch
    {
        SearchDimensionKind.Values => $"{Name}: {string.Join(" | ", Values.Select(TrialParameters.Format))}",
        SearchDimensionKind.Range => FormattableString.Invariant($"{Name}: range [{Min}, {Max}]"),
        _ => FormattableString.Invariant($"{Name}: log-range [{Min}, {Max}]"),
    };

    private static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A search dimension needs the name of a trainer option.", nameof(name));
        }
    }
}
