using Emotion.ML.Cli.Data;

namespace Emotion.ML.TorchSharp.Tests.Cli;

public sealed class LabelledTextFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("emotion-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Tsv_columns_are_found_by_header_name_and_quotes_are_kept()
    {
        var path = Write("a.tsv", "id\tlabel\ttext\n1\tjoy\tsaid \"yay\"\n\n2\tanger\tgrr\n");
        var rows = LabelledTextFile.Read(path, "text", "label");
        Assert.Equal(new[] { ("said \"yay\"", "joy"), ("grr", "anger") }, rows.Select(r => (r.Text, r.Label)));
    }

    [Fact]
    public void Csv_follows_rfc4180_quoting_across_lines()
    {
        var path = Write("a.csv", "text,label\n\"hello, \"\"you\"\"\",joy\n\"two\nlines\",sadness\nplain,fear\n");
        var rows = LabelledTextFile.Read(path, "text", "label");
        Assert.Equal(new[] { ("hello, \"you\"", "joy"), ("two\nlines", "sadness"), ("plain", "fear") }, rows.Select(r => (r.Text, r.Label)));
    }

    [Fact]
    public void A_missing_column_names_the_file_and_the_columns()
    {
        var path = Write("a.tsv", "sentence\tlabel\nhi\tjoy\n");
        var error = Assert.Throws<FormatException>(() => LabelledTextFile.Read(path, "text", "label"));
        Assert.Contains($"{path}:1", error.Message);
        Assert.Contains("'text'", error.Message);
        Assert.Contains("sentence, label", error.Message);
    }

    [Fact]
    public void A_short_row_names_the_file_and_line()
    {
        var path = Write("a.tsv", "text\tlabel\nfine\tjoy\nbroken row\n");
        var error = Assert.Throws<FormatException>(() => LabelledTextFile.Read(path, "text", "label"));
        Assert.Contains($"{path}:3", error.Message);
    }

    [Fact]
    public void An_unclosed_quote_names_the_line_where_it_opened()
    {
        var path = Write("a.csv", "text,label\nok,joy\n\"never closed,joy\nmore\n");
        var error = Assert.Throws<FormatException>(() => LabelledTextFile.Read(path, "text", "label"));
        Assert.Contains($"{path}:3", error.Message);
    }

    [Fact]
    public void Without_a_label_column_only_text_is_needed()
    {
        var path = Write("a.tsv", "text\nhello there\n");
        Assert.Equal("hello there", Assert.Single(LabelledTextFile.Read(path, "text", null)).Text);
    }
}
