namespace Emotion.ML.Onnx;

/// <summary>Where ONNX Runtime runs an <see cref="OnnxTextClassifier"/>.</summary>
public enum OnnxExecutionProvider
{
    /// <summary>CUDA when the application references the GPU runtime package (<c>Microsoft.ML.OnnxRuntime.Gpu</c>) and a GPU answers; otherwise the CPU, with a log line saying why.</summary>
    Auto = 0,

    /// <summary>The CPU.</summary>
    Cpu = 1,

    /// <summary>CUDA only: loading fails with an <see cref="InvalidOperationException"/> when it is not available.</summary>
    Cuda = 2,
}
