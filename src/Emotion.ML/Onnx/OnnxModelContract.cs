namespace Emotion.ML.Onnx;

/// <summary>
/// The inputs, output and metadata of an Emotion.ML text classifier in ONNX form: what the
/// exporter writes and what <see cref="OnnxTextClassifier"/> and ML.NET's <c>ApplyOnnxModel</c> read.
/// </summary>
/// <remarks>
/// Inputs: <see cref="TokenIdsInput"/> (int64 [batch, sequence], vocabulary ids padded with 0) and
/// <see cref="LengthsInput"/> (int64 [batch], the real number of ids per row). Output:
/// <see cref="ProbabilitiesOutput"/> (float [batch, classes], softmax probabilities in
/// <see cref="ClassNamesKey"/> order). Padding after a row's length never changes its probabilities.
/// Frame-sequence models read <see cref="FramesInput"/> and <see cref="LengthsInput"/> instead of the
/// token ids; image models read only <see cref="PixelsInput"/> (float [batch, height * width]) and
/// record <see cref="ImageWidthKey"/> and <see cref="ImageHeightKey"/>, which <see cref="OnnxImageClassifier"/> reads.
/// </remarks>
public static class OnnxModelContract
{
    /// <summary>The token-id input: int64 [batch, sequence].</summary>
    public const string TokenIdsInput = "token_ids";

    /// <summary>The row-length input: int64 [batch].</summary>
    public const string LengthsInput = "lengths";

    /// <summary>The output: float [batch, classes].</summary>
    public const string ProbabilitiesOutput = "probabilities";

    /// <summary>The name of the dynamic batch axis.</summary>
    public const string BatchAxis = "batch";

    /// <summary>The name of the dynamic sequence axis.</summary>
    public const string SequenceAxis = "sequence";

    /// <summary>The version of the inputs, outputs and metadata described here; readers check it.</summary>
    public const string FormatVersion = "1";

    /// <summary>Metadata key of <see cref="FormatVersion"/>.</summary>
    public const string FormatVersionKey = "emotion_ml.format_version";

    /// <summary>Metadata key of the network family (<c>TextCnn</c> or <c>Recurrent</c>).</summary>
    public const string ArchitectureKey = "emotion_ml.architecture";

    /// <summary>Metadata key of the network's layer sizes as JSON.</summary>
    public const string NetworkKey = "emotion_ml.network";

    /// <summary>Metadata key of the JSON array of class names in probability order.</summary>
    public const string ClassNamesKey = "emotion_ml.class_names";

    /// <summary>Metadata key of the JSON array of the vocabulary's words in id order (id 0 is padding, id 1 unknown).</summary>
    public const string VocabularyKey = "emotion_ml.vocabulary";

    /// <summary>
    /// Optional metadata key of the fewest sequence steps a batch is padded to (a decimal integer,
    /// 1 when absent), as the network was run when it was trained.
    /// </summary>
    public const string MinSequenceLengthKey = "emotion_ml.min_sequence_length";

    /// <summary>
    /// Optional metadata key of the text preprocessing (<see cref="TextPreprocessing"/> as JSON): the
    /// normalizer options and the tokenizer's truncation, written when the whole pipeline is exported.
    /// </summary>
    public const string TextPipelineKey = "emotion_ml.text_pipeline";

    /// <summary>Input of a numeric frame-sequence model: float [batch, sequence, frame size], raw (the graph normalizes).</summary>
    public const string FramesInput = "frames";

    /// <summary>Metadata key of a frame-sequence model's features per frame (a decimal integer).</summary>
    public const string FrameSizeKey = "emotion_ml.frame_size";

    /// <summary>
    /// Input of an image model: float [batch, height * width], each row one grayscale image row-major
    /// (top row first) with raw pixel values (0..255 for the default pixel scale: the graph scales them).
    /// </summary>
    public const string PixelsInput = "pixels";

    /// <summary>Metadata key of an image model's width in pixels (a decimal integer).</summary>
    public const string ImageWidthKey = "emotion_ml.image_width";

    /// <summary>Metadata key of an image model's height in pixels (a decimal integer).</summary>
    public const string ImageHeightKey = "emotion_ml.image_height";
}
