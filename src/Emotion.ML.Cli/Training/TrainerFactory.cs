using System.Text.Json;
using System.Text.Json.Serialization;
using Emotion.ML.Text;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;

namespace Emotion.ML.Cli.Training;

/// <summary>Turns <c>--model</c> and <c>--options</c> into a trainer's options and estimator.</summary>
internal static class TrainerFactory
{
    /// <summary>The text model names <c>--model</c> accepts.</summary>
    public static readonly string[] Models = { "textcnn", "bilstm", "simplernn", "lstm", "gru", "cnnbilstm" };

    /// <summary>The numeric frame-sequence model names <c>train --model</c> also accepts (JSON Lines data).</summary>
    public static readonly string[] SequenceModels = { "sequence-lstm", "sequence-gru", "sequence-rnn" };

    /// <summary>The image model names <c>train --model</c> also accepts (FER2013 CSV data).</summary>
    public static readonly string[] ImageModels = { "image-cnn" };

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Default options for <paramref name="model"/>, overlaid with the JSON file when given.</summary>
    /// <exception cref="ArgumentException">Unknown model name, or a JSON file that does not fit the model's options (the message names the file and the problem).</exception>
    public static TextClassifierOptions CreateOptions(string model, string? optionsPath)
    {
        var type = model.ToLowerInvariant() switch
        {
            "textcnn" => typeof(TextCnnOptions),
            "bilstm" => typeof(BiLstmOptions),
            "simplernn" => typeof(SimpleRnnOptions),
            "lstm" => typeof(LstmOptions),
            "gru" => typeof(GruOptions),
            "cnnbilstm" => typeof(CnnBiLstmOptions),
            _ => throw new ArgumentException($"Unknown model '{model}'; expected one of: {string.Join(", ", Models)}.", nameof(model)),
        };
        if (optionsPath is null)
        {
            return (TextClassifierOptions)Activator.CreateInstance(type)!;
        }

        try
        {
            return (TextClassifierOptions)(JsonSerializer.Deserialize(File.ReadAllText(optionsPath), type, Json)
                ?? throw new JsonException("the file holds null"));
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Options file '{optionsPath}' does not fit {type.Name}: {ex.Message}", nameof(optionsPath), ex);
        }
    }

    /// <summary>Whether <paramref name="model"/> names a classifier of numeric frame sequences (read from JSON Lines) rather than of text.</summary>
    public static bool IsSequenceModel(string model) => SequenceModels.Contains(model.ToLowerInvariant());

    /// <summary>
    /// Options of a sequence model (<c>sequence-rnn</c>, <c>sequence-lstm</c>, <c>sequence-gru</c>: the cell),
    /// overlaid with the JSON file when given (property names as in <see cref="SequenceRnnOptions"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Unknown model name, or a JSON file that does not fit the options.</exception>
    public static SequenceRnnOptions CreateSequenceOptions(string model, string? optionsPath, int frameSize)
    {
        var cell = model.ToLowerInvariant() switch
        {
            "sequence-rnn" => RecurrentCell.SimpleRnn,
            "sequence-lstm" => RecurrentCell.Lstm,
            "sequence-gru" => RecurrentCell.Gru,
            _ => throw new ArgumentException($"Unknown sequence model '{model}'; expected sequence-rnn, sequence-lstm or sequence-gru.", nameof(model)),
        };
        SequenceRnnOptions options;
        try
        {
            options = optionsPath is null
                ? new SequenceRnnOptions()
                : JsonSerializer.Deserialize<SequenceRnnOptions>(File.ReadAllText(optionsPath), Json) ?? throw new JsonException("the file holds null");
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Options file '{optionsPath}' does not fit {nameof(SequenceRnnOptions)}: {ex.Message}", nameof(optionsPath), ex);
        }

        options.Cell = cell;
        options.FrameSize = options.FrameSize > 0 ? options.FrameSize : frameSize;
        return options;
    }

    /// <summary>Whether <paramref name="model"/> names a classifier of images (read from FER2013 CSV).</summary>
    public static bool IsImageModel(string model) => ImageModels.Contains(model.ToLowerInvariant());

    /// <summary>Options of <c>image-cnn</c>, overlaid with the JSON file when given (property names as in <see cref="ImageCnnOptions"/>).</summary>
    /// <exception cref="ArgumentException">The JSON file does not fit the options (the message names the file and the problem).</exception>
    public static ImageCnnOptions CreateImageOptions(string? optionsPath)
    {
        try
        {
            return optionsPath is null
                ? new ImageCnnOptions()
                : JsonSerializer.Deserialize<ImageCnnOptions>(File.ReadAllText(optionsPath), Json) ?? throw new JsonException("the file holds null");
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Options file '{optionsPath}' does not fit {nameof(ImageCnnOptions)}: {ex.Message}", nameof(optionsPath), ex);
        }
    }

    /// <summary>Normalizer options from a JSON file (property names as in <see cref="EmotionTextNormalizerOptions"/>); null for the defaults.</summary>
    /// <exception cref="ArgumentException">The file does not fit the options (the message names the file and the problem).</exception>
    public static EmotionTextNormalizerOptions? CreateNormalizerOptions(string? path)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<EmotionTextNormalizerOptions>(File.ReadAllText(path), Json)
                ?? throw new JsonException("the file holds null");
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Normalizer options file '{path}' does not fit {nameof(EmotionTextNormalizerOptions)}: {ex.Message}", nameof(path), ex);
        }
    }

    /// <summary>The trainer estimator for <paramref name="options"/>.</summary>
    public static IEstimator<ITransformer> CreateTrainer(MLContext ml, TextClassifierOptions options) => options switch
    {
        TextCnnOptions cnn => ml.MulticlassClassification.Trainers.TextCnn(cnn),
        BiLstmOptions biLstm => ml.MulticlassClassification.Trainers.BiLstm(biLstm),
        SimpleRnnOptions rnn => ml.MulticlassClassification.Trainers.SimpleRnn(rnn),
        LstmOptions lstm => ml.MulticlassClassification.Trainers.Lstm(lstm),
        GruOptions gru => ml.MulticlassClassification.Trainers.Gru(gru),
        CnnBiLstmOptions hybrid => ml.MulticlassClassification.Trainers.CnnBiLstm(hybrid),
        _ => throw new ArgumentException($"No trainer for {options.GetType().Name}.", nameof(options)),
    };
}
