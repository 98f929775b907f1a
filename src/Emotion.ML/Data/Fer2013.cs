using System.IO.Compression;
using Microsoft.ML;

namespace Emotion.ML.Data;

/// <summary>
/// Reads FER2013-style face files: CSV with a header naming the columns <c>emotion</c> (the code
/// 0..6), <c>pixels</c> (2,304 space-separated integers 0..255, the 48x48 grayscale image
/// row-major) and optionally <c>Usage</c> (<c>Training</c>, <c>PublicTest</c>, <c>PrivateTest</c>),
/// as the original <c>fer2013.csv</c>; plain or gzip-compressed (detected from the content).
/// Codes become class names: 0 angry, 1 disgust, 2 fear, 3 happy, 4 sad, 5 surprise, 6 neutral.
/// </summary>
/// <example>
/// <code>
/// var all = Fer2013.Read("fer2013.csv.gz");
/// var train = ml.Data.LoadFromEnumerable(all.Where(r => r.Usage == Fer2013.Training));
/// var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", keyData: Fer2013.ClassNameData(ml))
///     .Append(ml.MulticlassClassification.Trainers.ImageCnn(new ImageCnnOptions()));
/// </code>
/// </example>
public static class Fer2013
{
    /// <summary>Image width in pixels.</summary>
    public const int Width = 48;

    /// <summary>Image height in pixels.</summary>
    public const int Height = 48;

    /// <summary>The <c>Usage</c> of the training rows.</summary>
    public const string Training = "Training";

    /// <summary>The <c>Usage</c> of the public test rows (the usual validation set).</summary>
    public const string PublicTest = "PublicTest";

    /// <summary>The <c>Usage</c> of the private test rows (the usual test set).</summary>
    public const string PrivateTest = "PrivateTest";

    private static readonly string[] Names = { "angry", "disgust", "fear", "happy", "sad", "surprise", "neutral" };

    /// <summary>The class names in emotion-code order: angry, disgust, fear, happy, sad, surprise, neutral.</summary>
    public static IReadOnlyList<string> ClassNames => Names;

    /// <summary>
    /// The class names in code order as a one-column (<c>Label</c>) data view, for
    /// <c>MapValueToKey(..., keyData: Fer2013.ClassNameData(ml))</c> so the model's classes keep code order.
    /// </summary>
    /// <param name="ml">The ML.NET context.</param>
    public static IDataView ClassNameData(MLContext ml)
    {
        ArgumentNullException.ThrowIfNull(ml);
        return ml.Data.LoadFromEnumerable(Names.Select(n => new ClassNameRow { Label = n }));
    }

    /// <summary>Loads a FER2013 file as data with <c>Label</c> (text), <c>Pixels</c> (2,304 floats 0..255) and <c>Usage</c> columns.</summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="path">The CSV file, plain or gzip.</param>
    /// <param name="usage">Keep only the rows of this <c>Usage</c> (e.g. <see cref="PrivateTest"/>); null keeps all.</param>
    /// <returns>The rows, in file order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The header or a row is malformed; the message names the file, line and column.</exception>
    public static IDataView Load(MLContext ml, string path, string? usage = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        return ml.Data.LoadFromEnumerable(Read(path, usage));
    }

    /// <summary>Reads a FER2013 file into memory (see <see cref="Load"/>).</summary>
    /// <param name="path">The CSV file, plain or gzip.</param>
    /// <param name="usage">Keep only the rows of this <c>Usage</c>; null keeps all.</param>
    /// <returns>The rows, in file order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The header or a row is malformed; the message names the file, line and column.</exception>
    public static IReadOnlyList<FaceImageExample> Read(string path, string? usage = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"FER2013 file '{path}' does not exist.", path);
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new StreamReader(IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : file);
        var rows = new List<FaceImageExample>();
        try
        {
            var header = reader.ReadLine() ?? throw new InvalidDataException($"FER2013 file '{path}' is empty; expected the header 'emotion,pixels,Usage'.");
            var columns = Columns(header, path);
            var line = 1;
            var pixels = new float[FaceImageExample.PixelCount];
            for (var text = reader.ReadLine(); text is not null; text = reader.ReadLine())
            {
                line++;
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                var row = ParseRow(text, columns, pixels, detail => new InvalidDataException($"FER2013 file '{path}', line {line}{detail}"));
                if (usage is null || string.Equals(row.Usage, usage, StringComparison.OrdinalIgnoreCase))
                {
                    rows.Add(row);
                }
            }
        }
        catch (InvalidDataException ex) when (ex.InnerException is null && !ex.Message.StartsWith("FER2013 file", StringComparison.Ordinal))
        {
            // A damaged gzip stream.
            throw new InvalidDataException($"FER2013 file '{path}' is not a readable gzip stream: {ex.Message}", ex);
        }

        if (rows.Count == 0)
        {
            throw new InvalidDataException(usage is null
                ? $"FER2013 file '{path}' holds no rows."
                : $"FER2013 file '{path}' holds no rows with Usage '{usage}'.");
        }

        return rows;
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = file.Read(magic);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    private readonly record struct ColumnLayout(int Count, int Emotion, int Pixels, int Usage);

    private static ColumnLayout Columns(string header, string path)
    {
        var names = header.TrimStart('\uFEFF').Split(',').Select(n => n.Trim().Trim('"')).ToArray();
        int Find(string name) => Array.FindIndex(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        var layout = new ColumnLayout(names.Length, Find("emotion"), Find("pixels"), Find("usage"));
        if (layout.Emotion < 0 || layout.Pixels < 0)
        {
            throw new InvalidDataException($"FER2013 file '{path}', line 1: the header '{Shorten(header)}' lacks the column '{(layout.Emotion < 0 ? "emotion" : "pixels")}'; expected 'emotion,pixels,Usage' (Usage optional).");
        }

        return layout;
    }

    private static FaceImageExample ParseRow(string text, ColumnLayout columns, float[] pixels, Func<string, InvalidDataException> fail)
    {
        var fields = text.Split(',');
        if (fields.Length != columns.Count)
        {
            throw fail($": {fields.Length} comma-separated fields; the header has {columns.Count}.");
        }

        var emotion = fields[columns.Emotion].Trim().Trim('"');
        if (!int.TryParse(emotion, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) || code >= Names.Length)
        {
            throw fail($", column 'emotion': '{Shorten(emotion)}' is not an emotion code; expected an integer 0..6 ({string.Join(", ", Names.Select((n, i) => $"{i} {n}"))}).");
        }

        ParsePixels(fields[columns.Pixels].AsSpan().Trim().Trim('"'), pixels, fail);
        return new FaceImageExample
        {
            Label = Names[code],
            Pixels = (float[])pixels.Clone(),
            Usage = columns.Usage < 0 ? "" : fields[columns.Usage].Trim().Trim('"'),
        };
    }

    /// <summary>Parses space-separated integers 0..255 into <paramref name="pixels"/>, which must come out exactly full.</summary>
    private static void ParsePixels(ReadOnlySpan<char> field, float[] pixels, Func<string, InvalidDataException> fail)
    {
        var count = 0;
        var i = 0;
        while (i < field.Length)
        {
            if (field[i] == ' ')
            {
                i++;
                continue;
            }

            var start = i;
            var value = 0;
            var digits = true;
            while (i < field.Length && field[i] != ' ')
            {
                var c = field[i];
                digits &= c is >= '0' and <= '9';
                if (digits && value <= 255)
                {
                    value = (value * 10) + (c - '0');
                }

                i++;
            }

            var token = field[start..i];
            if (!digits)
            {
                throw fail($", column 'pixels': pixel {count} is '{Shorten(token.ToString())}'; expected an integer 0..255.");
            }

            if (value > 255)
            {
                throw fail($", column 'pixels': pixel {count} is {Shorten(token.ToString())}; expected an integer 0..255.");
            }

            if (count == pixels.Length)
            {
                throw fail($", column 'pixels': more than {pixels.Length} values; expected exactly {pixels.Length} ({Width}x{Height} grayscale).");
            }

            pixels[count++] = value;
        }

        if (count != pixels.Length)
        {
            throw fail($", column 'pixels': {count} values; expected exactly {pixels.Length} ({Width}x{Height} grayscale).");
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private sealed class ClassNameRow
    {
        public string Label { get; set; } = "";
    }
}
