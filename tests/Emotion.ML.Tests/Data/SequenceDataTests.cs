using Emotion.ML.Data;
using Emotion.ML.Testing;
using Emotion.ML.Tests.Embeddings;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Tests.Data;

public class SequenceDataTests
{
    [Fact]
    public void Json_lines_become_a_text_label_and_a_variable_length_frames_vector()
    {
        using var folder = new TempFolder();
        var path = folder.Write("seq.jsonl",
            "{\"label\": \"a\", \"frames\": [[1, 2.5], [3, -4]]}\n\n{\"label\": \"b\", \"frames\": [[0.25, 1e-3]], \"extra\": true}\n");
        var ml = new MLContext(1);
        var data = SequenceData.LoadJsonLines(ml, path, out var frameSize);
        Assert.Equal(2, frameSize);
        Assert.IsType<TextDataViewType>(data.Schema["Label"].Type);
        var frames = Assert.IsType<VectorDataViewType>(data.Schema["Frames"].Type);
        Assert.Equal(NumberDataViewType.Single, frames.ItemType);
        Assert.False(frames.IsKnownSize);

        var rows = ml.Data.CreateEnumerable<SequenceExample>(data, reuseRowObject: false).ToArray();
        Assert.Equal(new[] { "a", "b" }, rows.Select(r => r.Label));
        Assert.Equal(new[] { 1f, 2.5f, 3f, -4f }, rows[0].Frames);
        Assert.Equal(new[] { 0.25f, 1e-3f }, rows[1].Frames);
    }

    [Fact]
    public void The_japanese_vowels_files_load_with_their_official_sizes()
    {
        var ml = new MLContext(1);
        var train = SequenceData.ReadJsonLines(TestData.File("japanese-vowels/train.jsonl"), out var frameSize);
        var test = SequenceData.ReadJsonLines(TestData.File("japanese-vowels/test.jsonl"), out _);
        Assert.Equal(12, frameSize);
        Assert.Equal(270, train.Count);
        Assert.Equal(370, test.Count);
        Assert.Equal(4274, train.Sum(e => e.Frames.Length / 12));
        Assert.Equal(9, train.Select(e => e.Label).Distinct().Count());
    }

    public static TheoryData<string, string> BadLines() => new()
    {
        { "{\"label\": \"a\", \"frames\": [[1, 2], [3]]}", "frame 1 has 1 numbers; earlier frames have 2" },
        { "{\"label\": \"a\", \"frames\": [[1, 2], [3, \"x\"]]}", "frame 1, feature 1 is \"x\"" },
        { "{\"label\": \"a\", \"frames\": [[1, 2], [3, 1e60]]}", "frame 1, feature 1 is 1e60; expected a finite number" },
        { "{\"label\": \"a\", \"frames\": []}", "\"frames\" is empty" },
        { "{\"frames\": [[1, 2]]}", "\"label\" is missing" },
        { "{\"label\": \"a\"}", "\"frames\" is missing" },
        { "{\"label\": \"a\", \"frames\": [[1, 2]]", "not valid JSON" },
        { "[1, 2]", "expected an object" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void A_bad_line_is_reported_with_the_file_and_line_number(string line, string expected)
    {
        using var folder = new TempFolder();
        var path = folder.Write("bad.jsonl", "{\"label\": \"a\", \"frames\": [[1, 2]]}\n\n" + line + "\n");
        var error = Assert.Throws<InvalidDataException>(() => SequenceData.LoadJsonLines(new MLContext(1), path));
        Assert.Contains($"'{path}', line 3", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Frames_narrower_than_earlier_lines_are_reported_on_their_line()
    {
        using var folder = new TempFolder();
        var path = folder.Write("mixed.jsonl", "{\"label\": \"a\", \"frames\": [[1, 2, 3]]}\n{\"label\": \"b\", \"frames\": [[1, 2]]}\n");
        var error = Assert.Throws<InvalidDataException>(() => SequenceData.LoadJsonLines(new MLContext(1), path));
        Assert.Contains("line 2", error.Message);
        Assert.Contains("earlier frames have 3", error.Message);
    }

    [Fact]
    public void A_missing_or_empty_file_is_reported_by_name()
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "none.jsonl");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => SequenceData.LoadJsonLines(new MLContext(1), missing)).Message);
        var empty = folder.Write("empty.jsonl", "\n\n");
        Assert.Contains("holds no sequences", Assert.Throws<InvalidDataException>(() => SequenceData.LoadJsonLines(new MLContext(1), empty)).Message);
    }
}
