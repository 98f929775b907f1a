using System.Globalization;
using System.Text;
using Emotion.ML.Embeddings;

namespace Emotion.ML.Tests.Embeddings;

public class FastFloatParserTests
{
    private static float Parse(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.True(FastFloatParser.TryParse(bytes, out var value, out var consumed), text);
        Assert.Equal(bytes.Length, consumed);
        return value;
    }

    [Theory]
    [InlineData("-0.038194")]
    [InlineData("2.6336e-05")]
    [InlineData("1E+3")]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("+.5")]
    [InlineData("5.")]
    [InlineData("3.4028235e38")]
    [InlineData("1e-40")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("0.1000000000000000055511151231257827")]
    [InlineData("NaN")]
    [InlineData("-Infinity")]
    public void Parses_exactly_like_float_Parse(string text)
    {
        var expected = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(Parse(text)));
    }

    [Fact]
    public void Random_numbers_in_every_printed_form_parse_exactly_like_float_Parse()
    {
        var random = new Random(3);
        string[] formats = { "G6", "G9", "R", "E3", "F5", "G4" };
        for (var i = 0; i < 200_000; i++)
        {
            var magnitude = Math.Pow(10, random.Next(-12, 12));
            var number = (random.NextDouble() - 0.5) * magnitude;
            var text = number.ToString(formats[i % formats.Length], CultureInfo.InvariantCulture);
            var expected = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            var actual = Parse(text);
            if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual))
            {
                Assert.Fail($"'{text}': expected {expected:R}, got {actual:R}");
            }
        }
    }

    [Fact]
    public void Stops_at_a_separator_and_rejects_trailing_garbage()
    {
        Assert.True(FastFloatParser.TryParse("1.5 2"u8, out var value, out var consumed));
        Assert.Equal(1.5f, value);
        Assert.Equal(3, consumed);
        Assert.False(FastFloatParser.TryParse("1.5x 2"u8, out _, out consumed));
        Assert.Equal(4, consumed);
        Assert.False(FastFloatParser.TryParse("-"u8, out _, out _));
        Assert.False(FastFloatParser.TryParse("1e"u8, out _, out _));
    }
}
