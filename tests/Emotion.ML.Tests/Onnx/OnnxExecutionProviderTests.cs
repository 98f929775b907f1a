using Emotion.ML.Onnx;
using Xunit.Abstractions;

namespace Emotion.ML.Tests.Onnx;

/// <summary>
/// Choosing where the model runs. These machines have the CPU build of ONNX Runtime only (no
/// Microsoft.ML.OnnxRuntime.Gpu), so CUDA is never available here.
/// </summary>
public sealed class OnnxExecutionProviderTests
{
    private readonly ITestOutputHelper _output;

    public OnnxExecutionProviderTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Auto_falls_back_to_the_CPU_and_says_why()
    {
        var log = new List<string>();

        using var classifier = OnnxTextClassifier.Load(OnnxFixture.Bytes(), new OnnxClassifierOptions { ExecutionProvider = OnnxExecutionProvider.Auto, Log = log.Add });

        Assert.Equal(OnnxExecutionProvider.Cpu, classifier.ExecutionProvider);
        var line = Assert.Single(log);
        _output.WriteLine(line);
        Assert.Contains("CUDA is not available", line);
        Assert.Contains("running on the CPU", line);
        Assert.Equal(OnnxFixture.Recorded.ClassNames.Length, classifier.Predict("i feel fine").Scores.Count);
    }

    [Fact]
    public void The_default_is_Auto()
    {
        var log = new List<string>();

        using var classifier = OnnxTextClassifier.Load(OnnxFixture.Bytes(), new OnnxClassifierOptions { Log = log.Add });

        Assert.Equal(OnnxExecutionProvider.Cpu, classifier.ExecutionProvider);
        Assert.Contains(log, l => l.Contains("CUDA", StringComparison.Ordinal));
    }

    [Fact]
    public void Cpu_logs_nothing()
    {
        var log = new List<string>();

        using var classifier = OnnxTextClassifier.Load(OnnxFixture.Bytes(), new OnnxClassifierOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, Log = log.Add });

        Assert.Equal(OnnxExecutionProvider.Cpu, classifier.ExecutionProvider);
        Assert.Empty(log);
    }

    [Fact]
    public void Required_Cuda_fails_naming_the_GPU_runtime_package()
    {
        var error = Assert.Throws<InvalidOperationException>(() => OnnxTextClassifier.Load(OnnxFixture.ModelPath, new OnnxClassifierOptions { ExecutionProvider = OnnxExecutionProvider.Cuda }));

        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu", error.Message);
        Assert.Contains(OnnxFixture.ModelPath, error.Message);
        Assert.Contains(nameof(OnnxExecutionProvider.Auto), error.Message);
    }

    [Fact]
    public void A_damaged_model_is_a_format_error_even_when_Cuda_is_tried_first()
    {
        var bytes = OnnxFixture.Bytes();

        Assert.Throws<OnnxModelFormatException>(() => OnnxTextClassifier.Load(bytes[..100], new OnnxClassifierOptions { ExecutionProvider = OnnxExecutionProvider.Cuda }));
    }
}
