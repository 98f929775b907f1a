using System.Globalization;
using System.Text.Json;
using Emotion.ML.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace Emotion.ML.Onnx;

/// <summary>What an ONNX text classifier declares, checked against <see cref="OnnxModelContract"/>.</summary>
internal sealed class OnnxModelInfo
{
    private OnnxModelInfo(string[] classNames, Vocabulary vocabulary, string architecture, int minSteps, TextPreprocessing? text)
    {
        ClassNames = classNames;
        Vocabulary = vocabulary;
        Architecture = architecture;
        MinSteps = minSteps;
        Text = text;
    }

    public string[] ClassNames { get; }

    public Vocabulary Vocabulary { get; }

    public string Architecture { get; }

    public int MinSteps { get; }

    public TextPreprocessing? Text { get; }

    /// <exception cref="OnnxModelFormatException">An input, the output or a metadata entry is missing or has the wrong form.</exception>
    public static OnnxModelInfo Read(InferenceSession session, string source)
    {
        const string Expected = "expected inputs token_ids int64 [batch, sequence] and lengths int64 [batch]";
        var inputs = session.InputMetadata;
        foreach (var name in inputs.Keys)
        {
            if (name is not (OnnxModelContract.TokenIdsInput or OnnxModelContract.LengthsInput))
            {
                throw new OnnxModelFormatException(source, $"it has an input '{name}' (inputs: {string.Join(", ", inputs.Keys)}); {Expected}.");
            }
        }

        CheckTensor(source, inputs, OnnxModelContract.TokenIdsInput, "input", typeof(long), 2, Expected);
        CheckTensor(source, inputs, OnnxModelContract.LengthsInput, "input", typeof(long), 1, Expected);
        var (architecture, classNames) = ReadHeader(session, source);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Vocabulary vocabulary;
        try
        {
            vocabulary = Vocabulary.FromWords(StringArray(source, metadata, OnnxModelContract.VocabularyKey));
        }
        catch (ArgumentException ex)
        {
            throw new OnnxModelFormatException(source, $"metadata '{OnnxModelContract.VocabularyKey}' is not a vocabulary: {ex.Message}", ex);
        }

        var minSteps = 1;
        if (metadata.TryGetValue(OnnxModelContract.MinSequenceLengthKey, out var min) &&
            (!int.TryParse(min, NumberStyles.None, CultureInfo.InvariantCulture, out minSteps) || minSteps < 1))
        {
            throw new OnnxModelFormatException(source, $"metadata '{OnnxModelContract.MinSequenceLengthKey}' is '{min}'; expected a positive integer.");
        }

        TextPreprocessing? text = null;
        if (metadata.TryGetValue(OnnxModelContract.TextPipelineKey, out var pipeline))
        {
            try
            {
                text = TextPreprocessing.FromJson(pipeline);
            }
            catch (FormatException ex)
            {
                throw new OnnxModelFormatException(source, $"metadata '{OnnxModelContract.TextPipelineKey}': {ex.Message}", ex);
            }
        }

        return new OnnxModelInfo(classNames, vocabulary, architecture, minSteps, text);
    }

    /// <summary>
    /// Checks what every Emotion.ML ONNX classifier has: the output <c>probabilities</c> float
    /// [batch, classes], the format version, the architecture and the class names.
    /// </summary>
    /// <exception cref="OnnxModelFormatException">One of them is missing or has the wrong form.</exception>
    internal static (string Architecture, string[] ClassNames) ReadHeader(InferenceSession session, string source)
    {
        var outputs = session.OutputMetadata;
        const string ExpectedOutput = "expected output probabilities float [batch, classes]";
        CheckTensor(source, outputs, OnnxModelContract.ProbabilitiesOutput, "output", typeof(float), 2, ExpectedOutput);

        var metadata = session.ModelMetadata.CustomMetadataMap;
        var version = Required(source, metadata, OnnxModelContract.FormatVersionKey);
        if (version != OnnxModelContract.FormatVersion)
        {
            throw new OnnxModelFormatException(source, int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var newer) && newer > 1
                ? $"format version {version} was written by a newer Emotion.ML; this version reads format {OnnxModelContract.FormatVersion}. Update the Emotion.ML package."
                : $"metadata '{OnnxModelContract.FormatVersionKey}' is '{version}'; expected '{OnnxModelContract.FormatVersion}'.");
        }

        var architecture = Required(source, metadata, OnnxModelContract.ArchitectureKey);
        var classNames = StringArray(source, metadata, OnnxModelContract.ClassNamesKey);
        if (classNames.Length < 2 || classNames.Any(string.IsNullOrEmpty) || classNames.Distinct(StringComparer.Ordinal).Count() != classNames.Length)
        {
            throw new OnnxModelFormatException(source, $"metadata '{OnnxModelContract.ClassNamesKey}' must list at least two distinct, non-empty class names; it lists {classNames.Length}.");
        }

        var classes = outputs[OnnxModelContract.ProbabilitiesOutput].Dimensions[1];
        if (classes > 0 && classes != classNames.Length)
        {
            throw new OnnxModelFormatException(source, $"the output gives {classes} probabilities per row but metadata '{OnnxModelContract.ClassNamesKey}' names {classNames.Length} classes.");
        }

        return (architecture, classNames);
    }

    internal static void CheckTensor(string source, IReadOnlyDictionary<string, NodeMetadata> nodes, string name, string role, Type elementType, int rank, string expected)
    {
        if (!nodes.TryGetValue(name, out var node))
        {
            throw new OnnxModelFormatException(source, $"it has no {role} '{name}' ({role}s: {string.Join(", ", nodes.Keys)}); {expected}.");
        }

        if (!node.IsTensor || node.ElementType != elementType || node.Dimensions.Length != rank)
        {
            var type = node.IsTensor ? node.ElementType.Name : node.OnnxValueType.ToString();
            throw new OnnxModelFormatException(source, $"{role} '{name}' is {type} of rank {node.Dimensions.Length}; {expected}.");
        }
    }

    internal static string Required(string source, Dictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw new OnnxModelFormatException(source, $"metadata '{key}' is missing; the model was not exported by Emotion.ML (or its metadata was removed).");

    internal static string[] StringArray(string source, Dictionary<string, string> metadata, string key)
    {
        var json = Required(source, metadata, key);
        try
        {
            return JsonSerializer.Deserialize<string[]>(json) ?? throw new OnnxModelFormatException(source, $"metadata '{key}' is null; expected a JSON array of strings.");
        }
        catch (JsonException ex)
        {
            throw new OnnxModelFormatException(source, $"metadata '{key}' is not a JSON array of strings: {ex.Message}", ex);
        }
    }
}
