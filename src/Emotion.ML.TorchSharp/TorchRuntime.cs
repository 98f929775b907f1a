using TorchSharp;

namespace Emotion.ML.TorchSharp;

/// <summary>
/// Checks that the native libtorch runtime can be loaded and reports what it offers.
/// </summary>
/// <remarks>
/// TorchSharp's own message when the native runtime is missing blames a missing package even when
/// the real cause is an outdated C++ runtime; <see cref="EnsureAvailable"/> names both causes.
/// </remarks>
public static class TorchRuntime
{
    /// <summary>
    /// Loads libtorch and runs a tiny computation, throwing an <see cref="InvalidOperationException"/>
    /// that names the likely fixes when that is not possible.
    /// </summary>
    /// <exception cref="InvalidOperationException">The native runtime cannot be loaded.</exception>
    public static void EnsureAvailable()
    {
        try
        {
            using var probe = torch.ones(1);
            _ = probe.sum().item<float>();
        }
        catch (Exception ex) when (ex is not InvalidOperationException || ex.Message.Contains("libtorch", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                "TorchSharp could not load its native runtime. Add the package 'TorchSharp-cpu' (or a " +
                "'TorchSharp-cuda-*' package) to the application. On Linux the runtime also needs " +
                "libstdc++ with GLIBCXX_3.4.32 (GCC 13 or newer; on Debian 12 run './run.sh setup'). " +
                "Original error: " + ex.Message, ex);
        }
    }

    /// <summary>Whether TorchSharp reports a usable CUDA device.</summary>
    public static bool IsCudaAvailable => torch.cuda.is_available();
}
