using System.Text.Json;
using System.Text.Json.Nodes;

namespace Emotion.ML.TorchSharp.Tuning;

/// <summary>
/// The trainer options a hyperparameter search varies, and the ones it fixes. Built in C#
/// (<c>new SearchSpace().Grid("LearningRate", 1e-3, 3e-3).LogRange("WeightDecay", 1e-6, 1e-3)</c>)
/// or read from a JSON file (<see cref="Load"/>). Option names are the properties of the trainer's
/// options (<c>TextCnnOptions</c>, <c>GruOptions</c>, ...), matched without regard to case; values
/// are what a JSON options file would hold. A grid tries every combination of the lists, in order
/// (the last dimension changes fastest); a random search draws from lists, ranges and log-ranges.
/// </summary>
/// <remarks>
/// The file format (comments and trailing commas allowed):
/// <code>
/// {
///   "model": "textcnn",                                   // optional: the trainer the CLI builds
///   "options": { "KernelSizes": [3, 4, 5], "DenseLayers": [] },   // fixed for every trial
///   "parameters": {
///     "LearningRate": [0.001, 0.003],                     // a list: grid values
///     "Optimizer": { "choice": ["Adam", "RmsProp"] },     // the same, for a random search
///     "Dropout": { "range": [0.2, 0.6] },                 // uniform (integers for an integer option)
///     "WeightDecay": { "logRange": [1e-6, 1e-3] }         // log-uniform
///   }
/// }
/// </code>
/// </remarks>
public sealed class SearchSpace
{
    private readonly List<SearchDimension> dimensions = new();
    private readonly List<KeyValuePair<string, JsonNode?>> fixedOptions = new();
    private readonly Dictionary<string, string> locations = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The searched options, in order.</summary>
    public IReadOnlyList<SearchDimension> Dimensions => dimensions;

    /// <summary>Options every trial sets to the same value, applied before the searched ones.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonNode?>> FixedOptions => fixedOptions;

    /// <summary>The trainer the space was written for (the file's <c>model</c>, e.g. <c>textcnn</c>), or null; the CLI's <c>sweep</c> uses it when <c>--model</c> is not given.</summary>
    public string? Model { get; set; }

    /// <summary>Where the space came from, for messages: a file path or <c>search space</c>.</summary>
    public string Source { get; private set; } = "search space";

    /// <summary>The number of grid combinations: the product of the list lengths (1 with no dimensions).</summary>
    /// <exception cref="InvalidOperationException">A dimension is a range, which only a random search can draw from.</exception>
    public long GridSize
    {
        get
        {
            CheckGrid();
            return dimensions.Aggregate(1L, (n, d) => checked(n * d.Values.Count));
        }
    }

    /// <summary>Adds a list of values for <paramref name="name"/>: a grid tries each, a random search draws one.</summary>
    /// <typeparam name="T">The option's type (a number, bool, enum, array, <c>DenseLayer[]</c>, ...).</typeparam>
    /// <param name="name">The option's name, e.g. <c>nameof(TextCnnOptions.Dropout)</c>.</param>
    /// <param name="values">At least one value.</param>
    /// <returns>This space.</returns>
    /// <exception cref="ArgumentException">The list is empty, or the option is already in the space.</exception>
    public SearchSpace Grid<T>(string name, params T[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Add(SearchDimension.OfValues(name, values.Select(v => JsonSerializer.SerializeToNode(v, OptionBinder.Json))), $"{Source} dimension '{name}'");
    }

    /// <summary>The same as <see cref="Grid{T}"/>; reads better in a random search.</summary>
    /// <typeparam name="T">The option's type.</typeparam>
    /// <param name="name">The option's name.</param>
    /// <param name="values">At least one value.</param>
    /// <returns>This space.</returns>
    public SearchSpace Choice<T>(string name, params T[] values) => Grid(name, values);

    /// <summary>Adds a uniform range for <paramref name="name"/> (random search only; integers for an integer option).</summary>
    /// <param name="name">The option's name.</param>
    /// <param name="min">Lower bound, inclusive.</param>
    /// <param name="max">Upper bound, inclusive.</param>
    /// <returns>This space.</returns>
    public SearchSpace Range(string name, double min, double max) => Add(SearchDimension.OfRange(name, min, max), $"{Source} dimension '{name}'");

    /// <summary>Adds a log-uniform range for <paramref name="name"/> (random search only), e.g. a learning rate.</summary>
    /// <param name="name">The option's name.</param>
    /// <param name="min">Lower bound, positive, inclusive.</param>
    /// <param name="max">Upper bound, inclusive.</param>
    /// <returns>This space.</returns>
    public SearchSpace LogRange(string name, double min, double max) => Add(SearchDimension.OfRange(name, min, max, logScale: true), $"{Source} dimension '{name}'");

    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/> in every trial.</summary>
    /// <typeparam name="T">The option's type.</typeparam>
    /// <param name="name">The option's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>This space.</returns>
    public SearchSpace Fixed<T>(string name, T value) => AddFixed(name, JsonSerializer.SerializeToNode(value, OptionBinder.Json), $"{Source} fixed option '{name}'");

    /// <summary>Reads a search space from a JSON file (format in the remarks of <see cref="SearchSpace"/>).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The space; its <see cref="Source"/> is the path.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">The file is not JSON of that shape; the message names the file, the line and the JSON path.</exception>
    public static SearchSpace Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Search space file '{path}' does not exist.", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads a search space from JSON text (format in the remarks of <see cref="SearchSpace"/>).</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">What to call the text in messages (a file path).</param>
    /// <returns>The space.</returns>
    /// <exception cref="FormatException">The text is not JSON of that shape; the message names the source, the line and the JSON path.</exception>
    public static SearchSpace Parse(string json, string source = "search space") => SearchSpaceJson.Parse(json, source);

    /// <summary>
    /// Checks every option name and value against <paramref name="optionsType"/>: each name is a
    /// writable option that takes JSON values, each list value converts to the option's type and
    /// each range is over a number. Called by the search before any training.
    /// </summary>
    /// <param name="optionsType">The trainer's options type, e.g. <c>typeof(TextCnnOptions)</c>.</param>
    /// <exception cref="ArgumentException">A name or value does not fit; the message names the file (line, JSON path) or dimension, and what was expected.</exception>
    public void Validate(Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        foreach (var (name, value) in fixedOptions)
        {
            var where = locations[FixedKey(name)];
            OptionBinder.Convert(OptionBinder.Find(optionsType, name, where), value, where);
        }

        foreach (var dimension in dimensions)
        {
            var where = locations[dimension.Name];
            var property = OptionBinder.Find(optionsType, dimension.Name, where);
            if (dimension.Kind == SearchDimensionKind.Values)
            {
                for (var i = 0; i < dimension.Values.Count; i++)
                {
                    OptionBinder.Convert(property, dimension.Values[i], $"{where} (value {i + 1} of {dimension.Values.Count})");
                }
            }
            else if (!OptionBinder.IsNumber(property))
            {
                throw new ArgumentException($"{where}: option '{property.Name}' is {OptionBinder.Describe(property.PropertyType)}, not a number, so it cannot take a range; list its values instead.");
            }
            else if (OptionBinder.IsInteger(property) && Math.Floor(dimension.Max) < Math.Ceiling(dimension.Min))
            {
                throw new ArgumentException($"{where}: the range [{dimension.Min}, {dimension.Max}] holds no whole number for the integer option '{property.Name}'.");
            }
        }
    }

    /// <summary>Every grid combination, in order (the last dimension changes fastest).</summary>
    /// <returns>The combinations; one empty combination when the space has no dimensions.</returns>
    /// <exception cref="InvalidOperationException">A dimension is a range.</exception>
    public IEnumerable<TrialParameters> EnumerateGrid()
    {
        CheckGrid();
        var index = new int[dimensions.Count];
        while (true)
        {
            yield return new TrialParameters(dimensions.Select((d, i) => new KeyValuePair<string, JsonNode?>(d.Name, d.Values[index[i]])));
            var k = dimensions.Count - 1;
            while (k >= 0 && ++index[k] == dimensions[k].Values.Count)
            {
                index[k--] = 0;
            }

            if (k < 0)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Draws up to <paramref name="count"/> distinct configurations with a seeded generator: a list
    /// value uniformly, a range uniformly, a log-range log-uniformly (real values to three
    /// significant digits, whole numbers for an integer option). The first draws do not depend on
    /// <paramref name="count"/>, so a larger count extends a smaller one. Fewer come back when the
    /// space holds fewer distinct configurations.
    /// </summary>
    /// <param name="count">How many configurations; at least 1.</param>
    /// <param name="seed">The generator's seed.</param>
    /// <param name="optionsType">The options type, to know which options take whole numbers; null treats every range as real.</param>
    /// <returns>The configurations, in the order drawn.</returns>
    public IReadOnlyList<TrialParameters> Sample(int count, int seed, Type? optionsType = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var integer = dimensions.Select(d => optionsType is not null && d.Kind != SearchDimensionKind.Values
            && OptionBinder.IsInteger(OptionBinder.Find(optionsType, d.Name, locations[d.Name]))).ToArray();
        var random = new Random(seed);
        var drawn = new List<TrialParameters>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 0; drawn.Count < count && attempt < count * 50; attempt++)
        {
            var trial = new TrialParameters(dimensions.Select((d, i) => new KeyValuePair<string, JsonNode?>(d.Name, d.Sample(random, integer[i]))));
            if (keys.Add(trial.Key))
            {
                drawn.Add(trial);
            }
        }

        return drawn;
    }

    /// <summary>The space in the file format of <see cref="Load"/>.</summary>
    /// <returns>A new JSON object.</returns>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (Model is not null)
        {
            json["model"] = Model;
        }

        var fixedJson = new JsonObject();
        foreach (var (name, value) in fixedOptions)
        {
            fixedJson[name] = value?.DeepClone();
        }

        var parameters = new JsonObject();
        foreach (var dimension in dimensions)
        {
            parameters[dimension.Name] = dimension.ToJson();
        }

        json["options"] = fixedJson;
        json["parameters"] = parameters;
        return json;
    }

    /// <summary>The dimensions, one per line.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Join(Environment.NewLine, dimensions.Select(d => d.ToString()));

    internal SearchSpace WithSource(string source)
    {
        Source = source;
        return this;
    }

    internal SearchSpace Add(SearchDimension dimension, string where)
    {
        if (dimensions.Any(d => string.Equals(d.Name, dimension.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"{where}: option '{dimension.Name}' is already searched; each option can be one dimension only.", nameof(dimension));
        }

        dimensions.Add(dimension);
        locations[dimension.Name] = where;
        return this;
    }

    internal SearchSpace AddFixed(string name, JsonNode? value, string where)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"{where}: a fixed option needs a name.", nameof(name));
        }

        if (fixedOptions.Any(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"{where}: option '{name}' is already fixed.", nameof(name));
        }

        fixedOptions.Add(new KeyValuePair<string, JsonNode?>(name, value?.DeepClone()));
        locations[FixedKey(name)] = where;
        return this;
    }

    /// <summary>Where dimension or fixed option <paramref name="name"/> was defined, for messages.</summary>
    internal string Where(string name) => locations.TryGetValue(name, out var where) ? where : $"{Source} option '{name}'";

    /// <summary>Where fixed option <paramref name="name"/> was defined, for messages.</summary>
    internal string WhereFixed(string name) => locations.TryGetValue(FixedKey(name), out var where) ? where : $"{Source} option '{name}'";

    private static string FixedKey(string name) => "fixed:" + name;

    private void CheckGrid()
    {
        var range = dimensions.FirstOrDefault(d => d.Kind != SearchDimensionKind.Values);
        if (range is not null)
        {
            throw new InvalidOperationException(
                $"{Where(range.Name)}: '{range.Name}' is a {(range.Kind == SearchDimensionKind.Range ? "range" : "log-range")}, which only a random search can draw from; list its values for a grid, or run a random search.");
        }
    }
}
