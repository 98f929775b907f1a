using Emotion.ML.Testing;
using Emotion.ML.Tests.Embeddings;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Tests.Persistence;

public class EmotionModelAtomicSaveTests : IClassFixture<ArchiveTestModel>, IDisposable
{
    private readonly ArchiveTestModel _fixture;
    private readonly TempFolder _folder = new();

    public EmotionModelAtomicSaveTests(ArchiveTestModel fixture) => _fixture = fixture;

    private MLContext Ml => _fixture.Ml;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Saving_into_a_missing_folder_fails_and_leaves_nothing()
    {
        var missing = Path.Combine(_folder.Path, "missing");
        var path = Path.Combine(missing, "emotion.zip");

        var error = Assert.Throws<DirectoryNotFoundException>(() => Ml.Model.SaveEmotionModel(_fixture.Model, _fixture.Train.Schema, path));

        Assert.Contains(missing, error.Message);
        Assert.False(Directory.Exists(missing));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder.Path));
    }

    [Fact]
    public void Saving_over_an_existing_file_replaces_it()
    {
        var path = _folder.Write("emotion.zip", "an older file");

        Ml.Model.SaveEmotionModel(_fixture.Model, _fixture.Train.Schema, path);

        var loaded = Ml.Model.LoadEmotionModel(path, out _);
        Assert.Equal(ArchiveTestModel.Scores(_fixture.Model, _fixture.Test), ArchiveTestModel.Scores(loaded, _fixture.Test));
        Assert.Equal(new[] { path }, Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void A_failed_save_keeps_the_existing_file_and_leaves_no_temporary_file()
    {
        var path = _folder.Write("emotion.zip", "the previous model");
        // A custom mapping without a registered factory cannot be saved by ML.NET.
        var unsavable = Ml.Transforms.CustomMapping<TestData.Sentence, Flag>((input, output) => output.Long = input.Text.Length > 40, contractName: null)
            .Fit(_fixture.Train);
        var model = new TransformerChain<ITransformer>(_fixture.Model, unsavable);

        Assert.ThrowsAny<Exception>(() => Ml.Model.SaveEmotionModel(model, _fixture.Train.Schema, path));

        Assert.Equal("the previous model", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(_folder.Path));
    }

    public sealed class Flag
    {
        public bool Long { get; set; }
    }
}
