using System.Reflection;
using TorchSharp;

namespace Emotion.ML.TorchSharp;

/// <summary>
/// Checks that the native libtorch runtime can be loaded and reports what it offers.
/// </summary>
/// <remarks>
/// Emotion.ML.TorchSharp references the managed TorchSharp package only; the application adds the
/// native runtime (<c>TorchSharp-cpu</c> or a CUDA one). TorchSharp's own message when that is
/// missing, or when libtorch is present but cannot load (an outdated C++ runtime on Linux), blames a
/// missing package either way; <see cref="EnsureAvailable"/> tells the two apart.
/// </remarks>
public static class TorchRuntime
{
    // libtorch itself: the managed TorchSharp package brings its LibTorchSharp glue library but not this.
    private static readonly string[] NativeLibraryNames = ["libtorch_cpu.so", "torch_cpu.dll", "libtorch_cpu.dylib"];

    /// <summary>
    /// Loads libtorch and runs a tiny computation, throwing an <see cref="InvalidOperationException"/>
    /// that says what to do when that is not possible.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The native runtime cannot be loaded: the message says whether the application lacks a libtorch
    /// runtime package (and names <c>TorchSharp-cpu</c>) or has one that fails to load.
    /// </exception>
    public static void EnsureAvailable()
    {
        try
        {
            using var probe = torch.ones(1);
            _ = probe.sum().item<float>();
        }
        catch (Exception ex) when (ex is not InvalidOperationException || ex.Message.Contains("libtorch", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(MissingRuntimeMessage(FindNativeLibrary(), Innermost(ex).Message), ex);
        }
    }

    /// <summary>Whether TorchSharp reports a usable CUDA device.</summary>
    public static bool IsCudaAvailable => torch.cuda.is_available();

    /// <summary>The message for a runtime that did not load: <paramref name="nativeLibrary"/> is libtorch's main library when the application has one.</summary>
    internal static string MissingRuntimeMessage(string? nativeLibrary, string originalError)
    {
        var version = TorchSharpVersion();
        return nativeLibrary is null
            ? "This application has no libtorch runtime package. Emotion.ML.TorchSharp references the managed " +
              $"'TorchSharp' package only: add 'TorchSharp-cpu' (version {version}) to the application project " +
              $"(dotnet add package TorchSharp-cpu --version {version}), or on a GPU machine 'TorchSharp-cuda-linux' " +
              $"or 'TorchSharp-cuda-windows' of the same version. (TorchSharp said: {originalError})"
            : $"libtorch is part of this application ({nativeLibrary}) but could not be loaded. On Linux it needs " +
              "libstdc++ with GLIBCXX_3.4.32 (GCC 13 or newer: Ubuntu 24.04+, Debian 13+, Fedora 39+; on Debian 12 " +
              $"install libstdc++6 from Debian 13); 'ldd {nativeLibrary}' shows what is missing. " +
              $"(TorchSharp said: {originalError})";
    }

    /// <summary>The path of libtorch's main library (<c>torch_cpu</c>) where the .NET host or TorchSharp would look for it, or null.</summary>
    internal static string? FindNativeLibrary()
    {
        var folders = new List<string> { AppContext.BaseDirectory };
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchPath)
        {
            folders.AddRange(searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        var managed = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (!string.IsNullOrEmpty(managed))
        {
            folders.Add(managed);
            folders.Add(Path.Combine(managed, "runtimes", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "native"));
        }

        return folders
            .SelectMany(folder => NativeLibraryNames.Select(name => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);
    }

    private static string TorchSharpVersion()
    {
        var assembly = typeof(torch).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }

        return assembly.GetName().Version?.ToString(3) ?? "0.107.0";
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
