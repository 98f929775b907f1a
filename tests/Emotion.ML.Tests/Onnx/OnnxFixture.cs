using System.Text;
using System.Text.Json;
using Emotion.ML.Testing;

namespace Emotion.ML.Tests.Onnx;

/// <summary>
/// The committed exported classifier (<c>Fixtures/carer-textcnn.onnx</c>) and what was recorded when
/// it was exported: each sentence's token ids and TorchSharp probabilities (<c>carer-textcnn.json</c>).
/// </summary>
internal static class OnnxFixture
{
    public static string ModelPath { get; } = Path.Combine(TestData.Root, "tests", "Emotion.ML.Tests", "Fixtures", "carer-textcnn.onnx");

    /// <summary>The same pipeline saved with <c>SaveEmotionModel</c>: its classifier step holds weights.bin and model.onnx.</summary>
    public static string ArchivePath { get; } = Path.ChangeExtension(ModelPath, ".zip");

    public static Record Recorded { get; } = JsonSerializer.Deserialize<Record>(
        File.ReadAllText(Path.ChangeExtension(ModelPath, ".json")),
        new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase })!;

    public static byte[] Bytes() => File.ReadAllBytes(ModelPath);

    /// <summary>The fixture with every occurrence of <paramref name="from"/> replaced by <paramref name="to"/> of the same UTF-8 length, so the protobuf framing stays valid.</summary>
    public static byte[] Patched(string from, string to)
    {
        var find = Encoding.UTF8.GetBytes(from);
        var replace = Encoding.UTF8.GetBytes(to);
        Assert.Equal(find.Length, replace.Length);
        var bytes = Bytes();
        var count = 0;
        for (var i = bytes.AsSpan().IndexOf(find); i >= 0;)
        {
            replace.CopyTo(bytes, i);
            count++;
            var next = bytes.AsSpan(i + find.Length).IndexOf(find);
            i = next < 0 ? -1 : i + find.Length + next;
        }

        Assert.True(count > 0, $"'{from}' does not occur in the fixture.");
        return bytes;
    }

    public sealed class Record
    {
        public string[] ClassNames { get; set; } = Array.Empty<string>();

        public Sentence[] Sentences { get; set; } = Array.Empty<Sentence>();
    }

    public sealed class Sentence
    {
        public string Text { get; set; } = "";

        public int[] TokenIds { get; set; } = Array.Empty<int>();

        public float[] Probabilities { get; set; } = Array.Empty<float>();
    }
}
