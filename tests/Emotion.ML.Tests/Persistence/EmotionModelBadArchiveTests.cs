using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Emotion.ML.Persistence;
using Emotion.ML.Tests.Embeddings;
using Microsoft.ML;

namespace Emotion.ML.Tests.Persistence;

public class EmotionModelBadArchiveTests : IClassFixture<ArchiveTestModel>, IDisposable
{
    private readonly ArchiveTestModel _fixture;
    private readonly TempFolder _folder = new();

    public EmotionModelBadArchiveTests(ArchiveTestModel fixture) => _fixture = fixture;

    private MLContext Ml => _fixture.Ml;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Truncated_archive_fails_naming_the_file()
    {
        var bytes = _fixture.SavedBytes();
        var path = _folder.Write("truncated.zip", bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<EmotionModelFormatException>(() => Ml.Model.LoadEmotionModel(path, out _));

        Assert.Equal(path, error.ArchivePath);
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated or corrupt", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_fails_naming_the_file()
    {
        var path = _folder.Write("model.zip", "hello, not a model");

        var error = Assert.Throws<EmotionModelFormatException>(() => Ml.Model.LoadEmotionModel(path, out _));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Corrupted_entry_data_fails_naming_the_file()
    {
        // vectors.bin is stored uncompressed, so its bytes can be damaged in place.
        var path = _folder.Write("corrupt.zip", _fixture.SavedBytes());
        var bytes = File.ReadAllBytes(path);
        var start = IndexOf(bytes, Encoding.UTF8.GetBytes("EMLVEC01"));
        Assert.True(start > 0, "vectors.bin should be visible in the archive bytes");
        for (var i = start; i < start + 64; i++)
        {
            bytes[i] ^= 0x5A;
        }

        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<EmotionModelFormatException>(() => Ml.Model.LoadEmotionModel(path, out _));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Any_flipped_bit_either_fails_clearly_or_changes_nothing()
    {
        var bytes = _fixture.SavedBytes();
        var expected = ArchiveTestModel.Scores(_fixture.Model, _fixture.Test);
        var random = new Random(11);
        for (var trial = 0; trial < 60; trial++)
        {
            var damaged = (byte[])bytes.Clone();
            var at = random.Next(damaged.Length);
            damaged[at] ^= (byte)(1 << random.Next(8));

            ITransformer loaded;
            try
            {
                loaded = Ml.Model.LoadEmotionModel(new MemoryStream(damaged), out _);
            }
            catch (EmotionModelFormatException)
            {
                continue;
            }

            // Only bytes the reader ignores (such as local header timestamps) may load.
            Assert.Equal(expected, ArchiveTestModel.Scores(loaded, _fixture.Test));
        }
    }

    [Fact]
    public void Damaged_stored_vectors_fail_the_checksum()
    {
        var bytes = _fixture.SavedBytes();
        var start = IndexOf(bytes, Encoding.UTF8.GetBytes("EMLVEC01"));
        bytes[bytes.Length / 2] ^= 0x10;
        Assert.True(start > 0 && start < bytes.Length / 2, "the flipped byte should lie in vectors.bin");

        var error = Assert.Throws<EmotionModelFormatException>(() => Ml.Model.LoadEmotionModel(new MemoryStream(bytes), out _));

        Assert.Equal("steps/03-ApplyEmbeddings/vectors.bin", error.Entry);
        Assert.Contains("CRC-32", error.Message);
    }

    [Fact]
    public void A_vector_count_larger_than_the_data_fails_before_allocating()
    {
        var path = _folder.Write("count.zip", Edit(zip =>
        {
            const string Name = "steps/03-ApplyEmbeddings/options.json";
            JsonNode options;
            using (var stream = zip.GetEntry(Name)!.Open())
            {
                options = JsonNode.Parse(stream)!;
            }

            options["count"] = 2_000_000_000;
            Replace(zip, Name, Encoding.UTF8.GetBytes(options.ToJsonString()));
        }));

        var error = Assert.Throws<EmotionModelFormatException>(() => Ml.Model.LoadEmotionModel(path, out _));

        Assert.Equal("steps/03-ApplyEmbeddings/vectors.bin", error.Entry);
        Assert.Contains("too short", error.Message);
    }

    [Fact]
    public void Invalid_vocabulary_entry_fails_naming_the_entry()
    {
        var path = _folder.Write("vocab.zip", Edit(zip => Replace(zip, "steps/02-TokenizeToIds/vocabulary.txt", Encoding.UTF8.GetBytes("hello\nworld\n"))));

        var error = Assert.Throws<EmotionModelFormatException>(() => Ml.Model.LoadEmotionModel(path, out _));

        Assert.Equal("steps/02-TokenizeToIds/vocabulary.txt", error.Entry);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Newer_format_version_fails_asking_for_an_update()
    {
        var path = _folder.Write("newer.zip", Edit(zip => EditManifest(zip, m => m["formatVersion"] = 2)));

        var error = Assert.Throws<EmotionModelFormatException>(() => Ml.Model.LoadEmotionModel(path, out _));

        Assert.Equal("manifest.json", error.Entry);
        Assert.Contains("format version 2", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Missing_manifest_fails()
    {
        var path = _folder.Write("nomanifest.zip", Edit(zip => zip.GetEntry("manifest.json")!.Delete()));

        var error = Assert.Throws<EmotionModelFormatException>(() => Ml.Model.LoadEmotionModel(path, out _));

        Assert.Contains("manifest is missing", error.Message);
    }

    [Theory]
    [InlineData("steps/03-ApplyEmbeddings/vectors.bin")]
    [InlineData("steps/00-MLNet/model.zip")]
    [InlineData("input-schema.zip")]
    public void Missing_entry_fails_naming_it(string entry)
    {
        var path = _folder.Write("missing.zip", Edit(zip => zip.GetEntry(entry)!.Delete()));

        var error = Assert.Throws<EmotionModelFormatException>(() => Ml.Model.LoadEmotionModel(path, out _));

        Assert.Equal(entry, error.Entry);
        Assert.Contains(path, error.Message);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("steps/../../evil.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/Windows/evil.dll")]
    [InlineData("..\\evil.txt")]
    public void Path_traversal_entry_names_are_rejected(string name)
    {
        var path = _folder.Write("traversal.zip", Edit(zip =>
        {
            using var stream = zip.CreateEntry(name).Open();
            stream.Write(new byte[] { 1, 2, 3 });
        }));

        var error = Assert.Throws<EmotionModelFormatException>(() => Ml.Model.LoadEmotionModel(path, out _));

        Assert.Equal(name, error.Entry);
        Assert.Contains("absolute or parent-relative", error.Message);
    }

    [Fact]
    public void Unknown_step_kind_fails_naming_it()
    {
        var path = _folder.Write("kind.zip", Edit(zip => EditManifest(zip, m => m["steps"]![1]!["kind"] = "Mystery")));

        var error = Assert.Throws<EmotionModelFormatException>(() => Ml.Model.LoadEmotionModel(path, out _));

        Assert.Contains("Mystery", error.Message);
    }

    [Fact]
    public void Steps_that_no_longer_fit_the_input_schema_fail()
    {
        var path = _folder.Write("columns.zip", Edit(zip =>
        {
            const string Name = "steps/01-NormalizeEmotionText/options.json";
            JsonNode options;
            using (var stream = zip.GetEntry(Name)!.Open())
            {
                options = JsonNode.Parse(stream)!;
            }

            options["inputColumnName"] = "Missing";
            Replace(zip, Name, Encoding.UTF8.GetBytes(options.ToJsonString()));
        }));

        var error = Assert.Throws<EmotionModelFormatException>(() => Ml.Model.LoadEmotionModel(path, out _));

        Assert.Contains("do not fit the saved input schema", error.Message);
        Assert.Contains("'Missing'", error.Message);
    }

    [Fact]
    public void A_classifier_step_without_the_TorchSharp_package_names_the_package()
    {
        // This test project does not reference Emotion.ML.TorchSharp, as a scoring-only application would not.
        var path = _folder.Write("package.zip", Edit(zip => EditManifest(zip, m =>
        {
            m["steps"]![1]!["kind"] = "TextClassifier";
            m["steps"]![1]!["component"] = "Emotion.ML.TorchSharp.Trainers.TextClassificationTransformer";
            m["steps"]![1]!["reader"] = "Emotion.ML.TorchSharp.Persistence.TextClassifierArchive, Emotion.ML.TorchSharp";
            m["steps"]![1]!["package"] = "Emotion.ML.TorchSharp";
        })));

        var error = Assert.Throws<InvalidOperationException>(() => Ml.Model.LoadEmotionModel(path, out _));

        Assert.Contains("Reference the Emotion.ML.TorchSharp package", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Theory]
    [InlineData("System.Text.StringBuilder, System.Runtime", "only Emotion.ML packages provide archive readers")]
    [InlineData("System.Text.StringBuilder", "only Emotion.ML packages provide archive readers")]
    [InlineData("Emotion.ML.Tokenization.Vocabulary, Emotion.ML", "not an Emotion.ML archive reader")]
    public void A_reader_that_is_not_an_Emotion_ML_archive_reader_is_refused(string reader, string message)
    {
        var path = _folder.Write("reader.zip", Edit(zip => EditManifest(zip, m =>
        {
            m["steps"]![1]!["kind"] = "Anything";
            m["steps"]![1]!["reader"] = reader;
        })));

        var error = Assert.Throws<EmotionModelFormatException>(() => Ml.Model.LoadEmotionModel(path, out _));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_missing_file_fails_with_FileNotFound()
    {
        var path = Path.Combine(_folder.Path, "absent.zip");

        Assert.Throws<FileNotFoundException>(() => Ml.Model.LoadEmotionModel(path, out _));
    }

    private byte[] Edit(Action<ZipArchive> edit)
    {
        using var stream = new MemoryStream();
        stream.Write(_fixture.SavedBytes());
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            edit(zip);
        }

        return stream.ToArray();
    }

    private static void Replace(ZipArchive zip, string name, byte[] content)
    {
        zip.GetEntry(name)!.Delete();
        using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        stream.Write(content);
    }

    private static void EditManifest(ZipArchive zip, Action<JsonNode> edit)
    {
        JsonNode manifest;
        using (var stream = zip.GetEntry("manifest.json")!.Open())
        {
            manifest = JsonNode.Parse(stream)!;
        }

        edit(manifest);
        Replace(zip, "manifest.json", Encoding.UTF8.GetBytes(manifest.ToJsonString()));
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }
}
