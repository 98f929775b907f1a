using System.Text.Json;
using System.Text.Json.Serialization;
using Emotion.ML.Text;
using Emotion.ML.Tokenization;

namespace Emotion.ML.Onnx;

/// <summary>
/// How text becomes token ids before an exported classifier sees it: the emotion text normalizer's
/// options (none when the pipeline did not normalize) and the tokenizer's truncation. Stored in
/// the ONNX metadata under <see cref="OnnxModelContract.TextPipelineKey"/>.
/// </summary>
/// <remarks>A plain object with public get/set properties, so <c>System.Text.Json</c> round-trips it.</remarks>
public sealed class TextPreprocessing
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The normalizer options; <see langword="null"/> when the text is only split on white space.</summary>
    public EmotionTextNormalizerOptions? Normalizer { get; set; }

    /// <summary>The maximum number of ids per text (0: no truncation), as <see cref="TokenizeToIdsOptions.MaxLength"/>.</summary>
    public int MaxLength { get; set; }

    /// <summary>Which ids are kept when a text is longer than <see cref="MaxLength"/>.</summary>
    public TruncationMode Truncation { get; set; } = TruncationMode.KeepStart;

    /// <summary>The raw text column the pipeline read, for information (e.g. <c>Text</c>); may be <see langword="null"/>.</summary>
    public string? TextColumnName { get; set; }

    /// <summary>A deep copy.</summary>
    public TextPreprocessing Clone() => new()
    {
        Normalizer = Normalizer?.Clone(),
        MaxLength = MaxLength,
        Truncation = Truncation,
        TextColumnName = TextColumnName,
    };

    /// <summary>The metadata value: these settings as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads settings written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="FormatException">The text is not valid JSON of these settings, or a value is out of range.</exception>
    public static TextPreprocessing FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        TextPreprocessing? value;
        try
        {
            value = JsonSerializer.Deserialize<TextPreprocessing>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The text preprocessing is not valid JSON: {ex.Message}", ex);
        }

        if (value is null || value.MaxLength < 0 || !Enum.IsDefined(value.Truncation))
        {
            throw new FormatException("The text preprocessing is null or has a negative maximum length or an unknown truncation mode.");
        }

        return value;
    }

    /// <summary>
    /// Finds the text steps that feed <paramref name="tokensColumnName"/> before step
    /// <paramref name="consumerIndex"/>: the last <see cref="TokenizeToIdsTransformer"/> writing that
    /// column, and the last <see cref="EmotionTextNormalizingTransformer"/> before it writing the
    /// tokenizer's input column.
    /// </summary>
    /// <returns>The settings and the tokenizer found.</returns>
    /// <exception cref="NotSupportedException">No tokenizer writes the column.</exception>
    internal static (TextPreprocessing Settings, TokenizeToIdsTransformer Tokenizer) FromSteps(IReadOnlyList<object> steps, int consumerIndex, string tokensColumnName)
    {
        var tokenizerIndex = -1;
        for (var i = consumerIndex - 1; i >= 0; i--)
        {
            if (steps[i] is TokenizeToIdsTransformer t && t.OutputColumnName == tokensColumnName)
            {
                tokenizerIndex = i;
                break;
            }
        }

        if (tokenizerIndex < 0)
        {
            throw new NotSupportedException($"No TokenizeToIds step before the classifier writes its token column '{tokensColumnName}', so the text preprocessing cannot be recorded.");
        }

        var tokenizer = (TokenizeToIdsTransformer)steps[tokenizerIndex];
        var options = tokenizer.Options;
        var settings = new TextPreprocessing { MaxLength = options.MaxLength, Truncation = options.Truncation, TextColumnName = tokenizer.InputColumnName };
        for (var i = tokenizerIndex - 1; i >= 0; i--)
        {
            if (steps[i] is EmotionTextNormalizingTransformer n && n.OutputColumnName == tokenizer.InputColumnName)
            {
                settings.Normalizer = n.Options;
                settings.TextColumnName = n.InputColumnName;
                break;
            }
        }

        return (settings, tokenizer);
    }
}
