using Emotion.ML.Classification;

namespace Emotion.ML.Models.English;

/// <summary>
/// The pretrained English emotion model carried by this package: six emotions (sadness, joy, love,
/// anger, fear, surprise) read from any English text, with no training. See docs/model-card.md for
/// its data, accuracy and limits.
/// </summary>
/// <example>
/// <code>
/// using var classifier = EnglishEmotionModel.Load();   // or EmotionClassifier.LoadDefault()
/// Console.WriteLine(classifier.Predict("I can't stop smiling!").Label);   // joy
/// </code>
/// </example>
public static class EnglishEmotionModel
{
    /// <summary>The name of the ONNX model resource in this assembly.</summary>
    public const string ResourceName = "Emotion.ML.Models.English.emotion-english.onnx";

    /// <summary>The six emotions, in the order of every <c>Scores</c> list of the model's predictions.</summary>
    public static IReadOnlyList<string> Emotions { get; } = new[] { "sadness", "joy", "love", "anger", "fear", "surprise" };

    /// <summary>Loads the model into an <see cref="EmotionClassifier"/>; the same as <see cref="EmotionClassifier.LoadDefault"/>.</summary>
    /// <param name="options">Long-text and ONNX Runtime options (threads, CPU or CUDA); defaults when null.</param>
    public static EmotionClassifier Load(EmotionClassifierOptions? options = null) => EmotionClassifier.LoadDefault(options);

    /// <summary>Opens the ONNX model itself, e.g. to save it for ONNX Runtime in Python or JavaScript (inputs <c>token_ids</c> and <c>lengths</c>; the vocabulary is in its metadata).</summary>
    public static Stream OpenOnnx() =>
        typeof(EnglishEmotionModel).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"The assembly holds no resource '{ResourceName}'; reinstall the Emotion.ML.Models.English package.");
}
