using Microsoft.ML.OnnxRuntime;

namespace Emotion.ML.Onnx;

/// <summary>Opens an ONNX Runtime session on the requested execution provider, falling back from CUDA to the CPU where allowed.</summary>
internal static class OnnxSessions
{
    public const string GpuPackage = "Microsoft.ML.OnnxRuntime.Gpu";

    public static (InferenceSession Session, OnnxExecutionProvider Provider) Open(byte[] model, string source, OnnxClassifierOptions options)
    {
        if (options.ExecutionProvider == OnnxExecutionProvider.Cpu)
        {
            return (OpenCpu(model, source, options), OnnxExecutionProvider.Cpu);
        }

        var (cuda, reason) = TryOpenCuda(model, options);
        if (cuda is not null)
        {
            options.Log?.Invoke($"ONNX model '{source}': running on CUDA device {options.CudaDeviceId}.");
            return (cuda, OnnxExecutionProvider.Cuda);
        }

        // Opening on the CPU also tells a damaged model apart from a missing GPU runtime.
        var cpu = OpenCpu(model, source, options);
        if (options.ExecutionProvider == OnnxExecutionProvider.Cuda)
        {
            cpu.Dispose();
            throw new InvalidOperationException(
                $"ONNX model '{source}': the CUDA execution provider was required but is not available ({reason}). " +
                $"Reference {GpuPackage} instead of Microsoft.ML.OnnxRuntime and check the CUDA installation, or choose {nameof(OnnxExecutionProvider)}.{nameof(OnnxExecutionProvider.Auto)} to fall back to the CPU.");
        }

        options.Log?.Invoke($"ONNX model '{source}': CUDA is not available ({reason}); running on the CPU.");
        return (cpu, OnnxExecutionProvider.Cpu);
    }

    private static (InferenceSession? Session, string Reason) TryOpenCuda(byte[] model, OnnxClassifierOptions options)
    {
        using var sessionOptions = Create(options);
        try
        {
            sessionOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException or NotSupportedException)
        {
            return (null, $"the application's ONNX Runtime has no CUDA support; reference {GpuPackage} for it: {FirstLine(ex.Message)}");
        }

        try
        {
            return (new InferenceSession(model, sessionOptions), "");
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            return (null, $"the CUDA session could not start: {FirstLine(ex.Message)}");
        }
    }

    private static InferenceSession OpenCpu(byte[] model, string source, OnnxClassifierOptions options)
    {
        using var sessionOptions = Create(options);
        try
        {
            return new InferenceSession(model, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new OnnxModelFormatException(source, $"ONNX Runtime cannot read it (truncated, damaged or not an ONNX model): {FirstLine(ex.Message)}", ex);
        }
    }

    private static SessionOptions Create(OnnxClassifierOptions options)
    {
        var sessionOptions = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        if (options.IntraOpNumThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.IntraOpNumThreads;
        }

        return sessionOptions;
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(new[] { '\r', '\n' });
        return (end < 0 ? message : message[..end]).Trim();
    }
}
