using System.IO.Compression;
using Emotion.ML.Data;
using Emotion.ML.Testing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Tests.Data;

public sealed class Fer2013Tests : IDisposable
{
    private static readonly string Sample = TestData.File("fer2013-sample/fer2013-sample.csv.gz");
    private readonly string folder = Directory.CreateTempSubdirectory("emotion-fer-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>A plain CSV file with the header and <paramref name="lines"/>.</summary>
    private string Csv(params string[] lines)
    {
        var path = Path.Combine(folder, $"fer-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, new[] { "emotion,pixels,Usage" }.Concat(lines));
        return path;
    }

    private static string Pixels(int count, int value = 7) => string.Join(' ', Enumerable.Repeat(value, count));

    [Fact]
    public void Reads_the_gzip_sample_with_class_names_pixels_and_usage()
    {
        var rows = Fer2013.Read(Sample);
        Assert.Equal(84, rows.Count);
        Assert.Equal(Fer2013.ClassNames, rows.Select(r => r.Label).Distinct().OrderBy(n => Fer2013.ClassNames.ToList().IndexOf(n)));
        Assert.All(Fer2013.ClassNames, name => Assert.Equal(12, rows.Count(r => r.Label == name)));
        Assert.Equal(56, rows.Count(r => r.Usage == Fer2013.Training));
        Assert.Equal(14, rows.Count(r => r.Usage == Fer2013.PrivateTest));
        Assert.All(rows, r => Assert.Equal(2304, r.Pixels.Length));
        Assert.All(rows, r => Assert.InRange(r.Pixels.Min(), 0, 255));
        Assert.Contains(rows, r => r.Pixels.Max() == 255);
        Assert.Equal(14, Fer2013.Read(Sample, "publictest").Count);
        Assert.Equal(new[] { "angry", "disgust", "fear", "happy", "sad", "surprise", "neutral" }, Fer2013.ClassNames);
    }

    [Fact]
    public void Plain_and_gzip_files_read_the_same_and_pixels_keep_row_major_order()
    {
        var pixels = string.Join(' ', Enumerable.Range(0, 2304).Select(i => i % 256));
        var plain = Csv($"3,{pixels},Training", $"0,{Pixels(2304)},PublicTest");
        var gzip = Path.ChangeExtension(plain, ".gz");
        using (var output = new GZipStream(File.Create(gzip), CompressionLevel.Fastest))
        {
            output.Write(File.ReadAllBytes(plain));
        }

        var a = Fer2013.Read(plain);
        var b = Fer2013.Read(gzip);
        Assert.Equal(a.Select(r => (r.Label, r.Usage)), b.Select(r => (r.Label, r.Usage)));
        Assert.Equal(a[0].Pixels, b[0].Pixels);
        Assert.Equal("happy", a[0].Label);
        Assert.Equal(new[] { 0f, 1f, 2f }, a[0].Pixels.Take(3));
        Assert.Equal(255f, a[0].Pixels[255]);
        Assert.Equal(0f, a[0].Pixels[256]);
    }

    [Fact]
    public void A_file_without_usage_column_reads_with_empty_usage()
    {
        var path = Path.Combine(folder, "two-columns.csv");
        File.WriteAllLines(path, new[] { "emotion,pixels", $"6,{Pixels(2304)}" });
        var row = Assert.Single(Fer2013.Read(path));
        Assert.Equal(("neutral", ""), (row.Label, row.Usage));
    }

    [Theory]
    [InlineData(2303, "line 3, column 'pixels': 2303 values; expected exactly 2304 (48x48 grayscale)")]
    [InlineData(2305, "line 3, column 'pixels': more than 2304 values")]
    public void A_wrong_pixel_count_names_file_line_and_column(int count, string expected)
    {
        var path = Csv($"0,{Pixels(2304)},Training", $"1,{Pixels(count)},Training");
        var error = Assert.Throws<InvalidDataException>(() => Fer2013.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("12 abc 4", "line 2, column 'pixels': pixel 1 is 'abc'; expected an integer 0..255")]
    [InlineData("12 256 4", "line 2, column 'pixels': pixel 1 is 256; expected an integer 0..255")]
    [InlineData("12 -3 4", "line 2, column 'pixels': pixel 1 is '-3'; expected an integer 0..255")]
    public void A_pixel_that_is_not_0_to_255_names_the_pixel(string start, string expected)
    {
        var path = Csv($"0,{start} {Pixels(2301)},Training");
        Assert.Contains(expected, Assert.Throws<InvalidDataException>(() => Fer2013.Read(path)).Message);
    }

    [Fact]
    public void Bad_emotion_codes_headers_and_field_counts_are_named()
    {
        Assert.Contains("line 2, column 'emotion': '7' is not an emotion code; expected an integer 0..6 (0 angry, 1 disgust",
            Assert.Throws<InvalidDataException>(() => Fer2013.Read(Csv($"7,{Pixels(2304)},Training"))).Message);
        Assert.Contains("line 2: 2 comma-separated fields; the header has 3",
            Assert.Throws<InvalidDataException>(() => Fer2013.Read(Csv($"1,{Pixels(2304)}"))).Message);

        var noPixels = Path.Combine(folder, "header.csv");
        File.WriteAllLines(noPixels, new[] { "emotion,image,Usage", "0,1 2,Training" });
        Assert.Contains("line 1: the header 'emotion,image,Usage' lacks the column 'pixels'", Assert.Throws<InvalidDataException>(() => Fer2013.Read(noPixels)).Message);

        Assert.Contains("holds no rows with Usage 'Validation'", Assert.Throws<InvalidDataException>(() => Fer2013.Read(Csv($"1,{Pixels(2304)},Training"), "Validation")).Message);
        Assert.Throws<FileNotFoundException>(() => Fer2013.Read(Path.Combine(folder, "missing.csv")));
    }

    [Fact]
    public void A_truncated_gzip_file_is_reported_as_unreadable()
    {
        var bytes = File.ReadAllBytes(Sample);
        var path = Path.Combine(folder, "truncated.csv.gz");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var error = Assert.ThrowsAny<Exception>(() => Fer2013.Read(path));
        Assert.Contains("truncated.csv.gz", error.Message);
    }

    [Fact]
    public void ClassNameData_keeps_the_emotion_code_order_in_MapValueToKey()
    {
        var ml = new MLContext(1);
        // Happy first in the data; the key order must still be angry, disgust, ...
        var data = ml.Data.LoadFromEnumerable(Fer2013.Read(Sample).OrderBy(r => r.Label == "happy" ? 0 : 1));
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label", keyData: Fer2013.ClassNameData(ml)).Fit(data).Transform(data);
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        keyed.Schema["Label"].GetKeyValues(ref names);
        Assert.Equal(Fer2013.ClassNames, names.DenseValues().Select(n => n.ToString()));
        Assert.Equal(2304, ((VectorDataViewType)Fer2013.Load(ml, Sample).Schema["Pixels"].Type).Size);
    }
}
