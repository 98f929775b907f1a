using Emotion.ML.Onnx;

namespace Emotion.ML.Tests.Onnx;

/// <summary>Files that are not Emotion.ML classifiers fail on load with a message naming the file and the problem.</summary>
public sealed class OnnxModelValidationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emotion-ml-onnx-bad-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private OnnxModelFormatException LoadFails(byte[] bytes, string name)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<OnnxModelFormatException>(() => OnnxTextClassifier.Load(path));
        Assert.Equal(path, error.ModelPath);
        Assert.Contains(path, error.Message);
        Assert.DoesNotContain("   at ", error.Message);
        return error;
    }

    [Fact]
    public void A_truncated_model_is_reported_as_unreadable()
    {
        var bytes = OnnxFixture.Bytes();
        var error = LoadFails(bytes[..(bytes.Length / 2)], "truncated.onnx");
        Assert.Contains("cannot read it", error.Detail);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_reported_as_unreadable()
    {
        var error = LoadFails("not a model"u8.ToArray(), "text.onnx");
        Assert.Contains("cannot read it", error.Detail);
    }

    [Fact]
    public void A_renamed_input_is_named_with_the_inputs_expected()
    {
        var error = LoadFails(OnnxFixture.Patched(OnnxModelContract.TokenIdsInput, "tokens_id"), "renamed.onnx");
        Assert.Contains("'tokens_id'", error.Detail);
        Assert.Contains("token_ids int64 [batch, sequence]", error.Detail);
    }

    [Fact]
    public void Fewer_class_names_than_outputs_is_reported_with_both_counts()
    {
        var names = OnnxFixture.Recorded.ClassNames;
        var json = "[" + string.Join(",", names.Select(n => $"\"{n}\"")) + "]";
        var merged = "[" + string.Join(",", names[..^2].Select(n => $"\"{n}\"")) + $",\"{names[^2]}_{names[^1]}\"  ]";

        var error = LoadFails(OnnxFixture.Patched(json, merged), "classes.onnx");

        Assert.Contains($"gives {names.Length} probabilities per row", error.Detail);
        Assert.Contains($"names {names.Length - 1} classes", error.Detail);
    }

    [Theory]
    [InlineData(OnnxModelContract.FormatVersionKey)]
    [InlineData(OnnxModelContract.ClassNamesKey)]
    [InlineData(OnnxModelContract.VocabularyKey)]
    [InlineData(OnnxModelContract.ArchitectureKey)]
    public void Missing_metadata_is_named(string key)
    {
        var error = LoadFails(OnnxFixture.Patched(key, key[..^1] + "_"), "metadata.onnx");
        Assert.Contains($"metadata '{key}' is missing", error.Detail);
    }

    [Fact]
    public void A_damaged_text_pipeline_is_named()
    {
        var error = LoadFails(OnnxFixture.Patched("\"Truncation\":\"KeepStart\"", "\"Truncation\":\"KeepSwart\""), "pipeline.onnx");
        Assert.Contains(OnnxModelContract.TextPipelineKey, error.Detail);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(_folder, "absent.onnx");
        var error = Assert.Throws<FileNotFoundException>(() => OnnxTextClassifier.Load(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Negative_thread_counts_are_rejected_before_loading()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => OnnxTextClassifier.Load(OnnxFixture.Bytes(), new OnnxClassifierOptions { IntraOpNumThreads = -1 }));
        Assert.Contains(nameof(OnnxClassifierOptions.IntraOpNumThreads), error.Message);
    }
}
