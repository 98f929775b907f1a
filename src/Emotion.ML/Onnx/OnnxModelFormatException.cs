namespace Emotion.ML.Onnx;

/// <summary>
/// A file is not an Emotion.ML text classifier in ONNX form: it is truncated or not ONNX, its
/// inputs or output differ from <see cref="OnnxModelContract"/>, or its metadata is missing or
/// inconsistent. The message names the file and the problem.
/// </summary>
public sealed class OnnxModelFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The model file path, or a description of the stream or bytes read.</param>
    /// <param name="detail">What is wrong.</param>
    /// <param name="innerException">The error that revealed the problem, if any.</param>
    public OnnxModelFormatException(string source, string detail, Exception? innerException = null)
        : base($"ONNX model '{source}' cannot be used as an Emotion.ML text classifier: {detail}", innerException)
    {
        ModelPath = source;
        Detail = detail;
    }

    /// <summary>The model file path, or a description of the stream or bytes read.</summary>
    public string ModelPath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Detail { get; }
}
