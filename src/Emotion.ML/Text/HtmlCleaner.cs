using System.Net;
using System.Text;

namespace Emotion.ML.Text;

/// <summary>Removes HTML tags and decodes character entities, leaving Emotion.ML's own marker tokens in place.</summary>
internal static class HtmlCleaner
{
    private const int MaxTagLength = 512;

    /// <summary>The text with each tag replaced by a space and entities decoded.</summary>
    public static string Clean(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '<' && TagLength(text[i..]) is var length && length > 0)
            {
                builder.Append(' ');
                i += length;
                continue;
            }

            builder.Append(c);
            i++;
        }

        var stripped = builder.ToString();
        return stripped.Contains('&') ? WebUtility.HtmlDecode(stripped) : stripped;
    }

    /// <summary>Whether <paramref name="text"/> starts with one of the marker tokens.</summary>
    public static int MarkerLength(ReadOnlySpan<char> text)
    {
        foreach (var marker in Markers)
        {
            if (text.StartsWith(marker, StringComparison.Ordinal))
            {
                return marker.Length;
            }
        }

        return 0;
    }

    /// <summary>The markers, recognized on input so that normalized text normalizes to itself.</summary>
    public static readonly string[] Markers =
    {
        EmotionTextMarkers.Url, EmotionTextMarkers.User, EmotionTextMarkers.Number,
        EmotionTextMarkers.AllCaps, EmotionTextMarkers.Exclaim, EmotionTextMarkers.Question,
    };

    // A tag starts with '<' and a letter, '/' and a letter, '!' or '?' and ends at the next '>' (no '<' or
    // line break in between), so "<3", "</3" and "a < b" are not tags.
    private static int TagLength(ReadOnlySpan<char> text)
    {
        if (text.Length < 3 || MarkerLength(text) > 0)
        {
            return 0;
        }

        var next = text[1];
        if (!(char.IsAsciiLetter(next) || next is '/' or '!' or '?') || (next == '/' && !char.IsAsciiLetter(text[2])))
        {
            return 0;
        }

        var limit = Math.Min(text.Length, MaxTagLength);
        for (var j = 2; j < limit; j++)
        {
            switch (text[j])
            {
                case '>':
                    return j + 1;
                case '<' or '\n' or '\r':
                    return 0;
            }
        }

        return 0;
    }
}
