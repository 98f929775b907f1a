namespace Emotion.ML.Onnx;

/// <summary>How <see cref="OnnxTextClassifier"/> and <see cref="OnnxImageClassifier"/> set up ONNX Runtime, and the text path of the former.</summary>
public sealed class OnnxClassifierOptions
{
    /// <summary>Threads ONNX Runtime uses inside one operator; 0 (default) lets it choose (one per physical core).</summary>
    public int IntraOpNumThreads { get; set; }

    /// <summary>Where the model runs. Default <see cref="OnnxExecutionProvider.Auto"/>: CUDA when available, else the CPU.</summary>
    public OnnxExecutionProvider ExecutionProvider { get; set; } = OnnxExecutionProvider.Auto;

    /// <summary>The CUDA device ordinal tried by <see cref="OnnxExecutionProvider.Auto"/> and <see cref="OnnxExecutionProvider.Cuda"/>. Default 0.</summary>
    public int CudaDeviceId { get; set; }

    /// <summary>Receives one line per notable event while loading, such as a fall back from CUDA to the CPU. Optional.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>
    /// The text preprocessing to use instead of the one stored in the model. Needed for a model
    /// exported from the classifier alone (its metadata has no text pipeline), which otherwise
    /// only splits text on white space.
    /// </summary>
    public TextPreprocessing? TextPreprocessing { get; set; }

    /// <summary>A copy, so later edits of the caller's options do not reach a loaded classifier.</summary>
    internal OnnxClassifierOptions Clone() => new()
    {
        IntraOpNumThreads = IntraOpNumThreads,
        ExecutionProvider = ExecutionProvider,
        CudaDeviceId = CudaDeviceId,
        Log = Log,
        TextPreprocessing = TextPreprocessing?.Clone(),
    };

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    internal void Validate(string paramName)
    {
        if (IntraOpNumThreads < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, IntraOpNumThreads, $"{nameof(IntraOpNumThreads)} must be 0 (ONNX Runtime chooses) or positive.");
        }

        if (!Enum.IsDefined(ExecutionProvider))
        {
            throw new ArgumentOutOfRangeException(paramName, ExecutionProvider, $"{nameof(ExecutionProvider)} is not an {nameof(OnnxExecutionProvider)} value.");
        }

        if (CudaDeviceId < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, CudaDeviceId, $"{nameof(CudaDeviceId)} must not be negative.");
        }
    }
}
