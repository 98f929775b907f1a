using Emotion.ML.TorchSharp;
using TorchSharp;

namespace Emotion.ML.TorchSharp.Tests;

public class TorchRuntimeTests
{
    [Fact]
    public void Libtorch_loads_and_computes_a_matrix_product()
    {
        TorchRuntime.EnsureAvailable();
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        using var b = torch.tensor(new float[] { 5, 6, 7, 8 }, new long[] { 2, 2 });
        using var c = a.matmul(b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, c.data<float>().ToArray());
    }

    [Fact]
    public void Libtorch_from_TorchSharp_cpu_is_found_in_an_application_that_references_it()
    {
        var found = TorchRuntime.FindNativeLibrary();

        Assert.NotNull(found);
        Assert.True(File.Exists(found), found);
        Assert.Contains("torch_cpu", Path.GetFileName(found), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_runtime_package_the_message_names_TorchSharp_cpu_and_the_command_that_adds_it()
    {
        var message = TorchRuntime.MissingRuntimeMessage(null, "doesn't contain a reference to libtorch-cpu-linux-x64");

        Assert.StartsWith("This application has no libtorch runtime package.", message, StringComparison.Ordinal);
        Assert.Contains("add 'TorchSharp-cpu' (version 0.107.0)", message, StringComparison.Ordinal);
        Assert.Contains("dotnet add package TorchSharp-cpu --version 0.107.0", message, StringComparison.Ordinal);
        Assert.Contains("TorchSharp-cuda-linux", message, StringComparison.Ordinal);
        Assert.DoesNotContain("GLIBCXX", message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_runtime_that_fails_to_load_the_message_names_the_library_and_the_cxx_runtime()
    {
        var message = TorchRuntime.MissingRuntimeMessage("/app/libtorch_cpu.so", "GLIBCXX_3.4.32 not found");

        Assert.StartsWith("libtorch is part of this application (/app/libtorch_cpu.so) but could not be loaded.", message, StringComparison.Ordinal);
        Assert.Contains("GLIBCXX_3.4.32", message, StringComparison.Ordinal);
        Assert.Contains("ldd /app/libtorch_cpu.so", message, StringComparison.Ordinal);
        Assert.DoesNotContain("add 'TorchSharp-cpu'", message, StringComparison.Ordinal);
    }
}
