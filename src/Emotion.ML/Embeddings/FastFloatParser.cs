using System.Globalization;

namespace Emotion.ML.Embeddings;

/// <summary>
/// Parses decimal numbers such as <c>-0.038194</c> or <c>2.6336e-05</c> from UTF-8 bytes, giving
/// exactly what <see cref="float.Parse(string, IFormatProvider)"/> gives, several times faster for the
/// short numbers embedding files hold.
/// </summary>
/// <remarks>
/// Fast path (Clinger): with at most 15 significant digits and a decimal exponent within ±22, the
/// mantissa and the power of ten are exact doubles, so one IEEE multiply or divide gives the correctly
/// rounded double. Rounding that double to float is exact too, except when it lies exactly halfway
/// between two floats, or in the subnormal/overflow range; those cases, and every other input, go
/// to <see cref="float.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out float)"/>.
/// </remarks>
internal static class FastFloatParser
{
    private static readonly double[] PowersOfTen =
    {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };

    /// <summary>
    /// Parses the number at the start of <paramref name="text"/>, which must end at the end of the
    /// span or at a space or tab.
    /// </summary>
    /// <param name="text">The bytes from the number's first character to the end of the line.</param>
    /// <param name="value">The parsed value.</param>
    /// <param name="consumed">The length of the number, also when it is not a valid number.</param>
    public static bool TryParse(ReadOnlySpan<byte> text, out float value, out int consumed)
    {
        if (TryParseFast(text, out value, out consumed) && (consumed == text.Length || text[consumed] is (byte)' ' or (byte)'\t'))
        {
            return true;
        }

        var end = text.IndexOfAny((byte)' ', (byte)'\t');
        var token = end < 0 ? text : text[..end];
        consumed = token.Length;
        return float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryParseFast(ReadOnlySpan<byte> text, out float value, out int consumed)
    {
        value = 0;
        consumed = 0;
        var i = 0;
        var negative = false;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            negative = text[i] == '-';
            i++;
        }

        ulong mantissa = 0;
        var significant = 0;
        var exponent = 0;
        var digits = 0;
        for (; i < text.Length && IsDigit(text[i]); i++, digits++)
        {
            mantissa = (mantissa * 10) + (uint)(text[i] - '0');
            significant += mantissa == 0 ? 0 : 1;
        }

        if (i < text.Length && text[i] == '.')
        {
            for (i++; i < text.Length && IsDigit(text[i]); i++, digits++)
            {
                mantissa = (mantissa * 10) + (uint)(text[i] - '0');
                significant += mantissa == 0 ? 0 : 1;
                exponent--;
            }
        }

        if (digits == 0 || significant > 15)
        {
            return false;
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            var negativeExponent = false;
            if (i < text.Length && (text[i] == '-' || text[i] == '+'))
            {
                negativeExponent = text[i] == '-';
                i++;
            }

            var start = i;
            var written = 0;
            for (; i < text.Length && IsDigit(text[i]) && i - start < 4; i++)
            {
                written = (written * 10) + (text[i] - '0');
            }

            if (i == start)
            {
                return false;
            }

            exponent += negativeExponent ? -written : written;
        }

        consumed = i;
        if (exponent < -22 || exponent > 22)
        {
            return false;
        }

        var result = exponent < 0 ? mantissa / PowersOfTen[-exponent] : mantissa * PowersOfTen[exponent];
        var bits = BitConverter.DoubleToInt64Bits(result);
        if ((bits & 0x1FFF_FFFF) == 0x1000_0000 || (result != 0 && (result < 1.2e-38 || result > 3.4e38)))
        {
            return false; // Halfway between two floats, subnormal or overflowing: let the exact parser decide.
        }

        value = (float)(negative ? -result : result);
        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
