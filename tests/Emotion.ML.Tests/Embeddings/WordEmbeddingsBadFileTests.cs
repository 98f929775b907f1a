using Emotion.ML.Embeddings;

namespace Emotion.ML.Tests.Embeddings;

public class WordEmbeddingsBadFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private EmbeddingFormatException Fails(string name, string content) =>
        Assert.Throws<EmbeddingFormatException>(() => WordEmbeddings.Load(_temp.Write(name, content)));

    [Fact]
    public void Empty_file_is_reported()
    {
        var ex = Fails("empty.txt", "");
        Assert.Contains("empty.txt, line 1: the file is empty", ex.Message);
        Assert.Equal(1, ex.Line);
    }

    [Fact]
    public void Wrong_number_of_values_names_the_line_and_word()
    {
        var ex = Fails("short.txt", "a 1 2 3\nb 1 2 3\nc 1 2\n");
        Assert.Equal(3, ex.Line);
        Assert.Contains("short.txt, line 3: expected 3 values after 'c', found 2.", ex.Message);
    }

    [Fact]
    public void Extra_values_are_reported()
    {
        var ex = Fails("long.txt", "a 1 2\nb 1 2 3 4\n");
        Assert.Equal(2, ex.Line);
        Assert.Contains("expected 2 values after 'b', found 4.", ex.Message);
    }

    [Fact]
    public void A_non_number_is_reported_with_its_position()
    {
        var ex = Fails("nan.txt", "a 1 2\n\nb 1 oops\n");
        Assert.Equal(3, ex.Line);
        Assert.Contains("value 2 of 'b' is not a number: 'oops'.", ex.Message);
    }

    [Fact]
    public void A_line_without_values_is_reported()
    {
        var ex = Fails("word.txt", "lonely\n");
        Assert.Contains("line 1: expected a word followed by its vector values.", ex.Message);
    }

    [Fact]
    public void Header_count_mismatch_is_reported()
    {
        var ex = Fails("count.txt", "3 2\na 1 2\nb 3 4\n");
        Assert.Contains("count.txt, line 1: the header announces 3 words but the file holds 2.", ex.Message);
    }

    [Fact]
    public void Header_dimension_mismatch_is_reported_on_the_line()
    {
        var ex = Fails("dim.txt", "2 3\na 1 2 3\nb 1 2\n");
        Assert.Equal(3, ex.Line);
        Assert.Contains("expected 3 values after 'b', found 2.", ex.Message);
    }

    [Fact]
    public void An_error_far_into_a_large_file_has_the_exact_line()
    {
        var lines = Enumerable.Range(0, 100_000).Select(i => i == 77_777 ? $"w{i} 1 x" : $"w{i} 1 2");
        var ex = Fails("late.txt", string.Join("\n", lines) + "\n");
        Assert.Equal(77_778, ex.Line);
        Assert.Contains("value 2 of 'w77777' is not a number: 'x'.", ex.Message);
    }

    [Fact]
    public void Truncated_binary_record_names_the_record()
    {
        var bytes = TempFolder.Word2VecBinary(2, 2, ("hi", new[] { 1f, 2f }), ("yo", new[] { 3f, 4f }));
        var path = _temp.Write("cut.bin", bytes[..^6]);
        var ex = Assert.Throws<EmbeddingFormatException>(() => WordEmbeddings.Load(path));
        Assert.Equal(1, ex.Record);
        Assert.Contains("cut.bin, record 1: the vector of 'yo' is truncated: expected 8 bytes (2 floats), found 3.", ex.Message);
    }

    [Fact]
    public void Binary_file_ending_inside_a_word_names_the_record()
    {
        var bytes = TempFolder.Word2VecBinary(2, 1, ("hi", new[] { 1f }), ("yo", new[] { 3f }));
        var path = _temp.Write("word.bin", bytes[..^6]);
        var ex = Assert.Throws<EmbeddingFormatException>(() => WordEmbeddings.Load(path));
        Assert.Contains("word.bin, record 1: the file ends inside the word", ex.Message);
    }

    [Fact]
    public void Binary_file_with_more_records_than_its_header_is_reported()
    {
        var bytes = TempFolder.Word2VecBinary(1, 2, ("hi", new[] { 1f, 2f }), ("yo", new[] { 3f, 4f }));
        var ex = Assert.Throws<EmbeddingFormatException>(() => WordEmbeddings.Load(_temp.Write("many.bin", bytes)));
        Assert.Contains("record 1: the header announces 1 words but more data follows.", ex.Message);
    }

    [Fact]
    public void Binary_file_with_fewer_records_than_its_header_is_reported()
    {
        var bytes = TempFolder.Word2VecBinary(3, 2, ("hi", new[] { 1f, 2f }), ("yo", new[] { 3f, 4f }));
        var ex = Assert.Throws<EmbeddingFormatException>(() => WordEmbeddings.Load(_temp.Write("few.bin", bytes)));
        Assert.Contains("record 2: the header announces 3 words but the file ends after 2.", ex.Message);
    }

    [Fact]
    public void Corrupt_gzip_data_is_reported_with_the_file_name()
    {
        var text = string.Concat(Enumerable.Range(0, 200_000).Select(i => $"w{i} {i % 97}.25 -{i % 89}.5\n"));
        var path = _temp.WriteGzip("corrupt.txt.gz", System.Text.Encoding.UTF8.GetBytes(text));
        var bytes = File.ReadAllBytes(path);
        for (var i = bytes.Length / 2; i < (bytes.Length / 2) + 64; i++)
        {
            bytes[i] = 0xff;
        }

        File.WriteAllBytes(path, bytes);
        var ex = Assert.ThrowsAny<Exception>(() => WordEmbeddings.Load(path));
        Assert.True(ex is InvalidDataException or EmbeddingFormatException, ex.GetType().Name);
        Assert.Contains("corrupt.txt.gz", ex.Message);
    }

    [Fact]
    public void Missing_file_is_a_file_not_found_error()
    {
        var path = Path.Combine(_temp.Path, "absent.txt");
        var ex = Assert.Throws<FileNotFoundException>(() => WordEmbeddings.Load(path));
        Assert.Contains("absent.txt", ex.Message);
    }
}
