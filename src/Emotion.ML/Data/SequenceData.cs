using System.Text.Json;
using Microsoft.ML;

namespace Emotion.ML.Data;

/// <summary>
/// Reads labelled numeric frame sequences from JSON Lines files, one sequence per line:
/// <c>{"label": "speaker1", "frames": [[1.86, -0.21, ...], [1.89, -0.19, ...], ...]}</c>.
/// Every frame of a file must have the same number of features.
/// </summary>
public static class SequenceData
{
    /// <summary>Loads a JSON Lines file as data with a <c>Label</c> (text) and a <c>Frames</c> (variable-length float vector) column.</summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="path">The file; blank lines are skipped.</param>
    /// <returns>The rows, in file order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line is not a sequence object or its frames differ in width; the message names the file and line.</exception>
    public static IDataView LoadJsonLines(MLContext ml, string path) => LoadJsonLines(ml, path, out _);

    /// <summary>Loads a JSON Lines file (see <see cref="LoadJsonLines(MLContext, string)"/>) and reports its frame width.</summary>
    /// <param name="ml">The ML.NET context.</param>
    /// <param name="path">The file; blank lines are skipped.</param>
    /// <param name="frameSize">Features per frame, the <c>FrameSize</c> a sequence trainer needs.</param>
    /// <returns>The rows, in file order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line is not a sequence object or its frames differ in width; the message names the file and line.</exception>
    public static IDataView LoadJsonLines(MLContext ml, string path, out int frameSize)
    {
        ArgumentNullException.ThrowIfNull(ml);
        var examples = ReadJsonLines(path, out frameSize);
        return ml.Data.LoadFromEnumerable(examples);
    }

    /// <summary>Reads a JSON Lines file of sequences into memory.</summary>
    /// <param name="path">The file; blank lines are skipped.</param>
    /// <param name="frameSize">Features per frame.</param>
    /// <returns>The sequences, in file order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line is not a sequence object or its frames differ in width; the message names the file and line.</exception>
    public static IReadOnlyList<SequenceExample> ReadJsonLines(string path, out int frameSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Sequence file '{path}' does not exist.", path);
        }

        var examples = new List<SequenceExample>();
        var width = 0;
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            examples.Add(ParseLine(line, ref width, (detail) => new InvalidDataException($"Sequence file '{path}', line {lineNumber}: {detail}")));
        }

        if (examples.Count == 0)
        {
            throw new InvalidDataException($"Sequence file '{path}' holds no sequences.");
        }

        frameSize = width;
        return examples;
    }

    private static SequenceExample ParseLine(string line, ref int width, Func<string, InvalidDataException> fail)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw fail($"not valid JSON ({ex.Message}).");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw fail($"expected an object {{\"label\": ..., \"frames\": [[...], ...]}}, found {root.ValueKind}.");
            }

            if (!root.TryGetProperty("label", out var label) || label.ValueKind is not (JsonValueKind.String or JsonValueKind.Number)
                || (label.ValueKind == JsonValueKind.String && string.IsNullOrEmpty(label.GetString())))
            {
                throw fail("\"label\" is missing or empty; expected the class name as a string.");
            }

            if (!root.TryGetProperty("frames", out var frames) || frames.ValueKind != JsonValueKind.Array)
            {
                throw fail("\"frames\" is missing or not an array; expected a list of frames, each a list of numbers.");
            }

            var count = frames.GetArrayLength();
            if (count == 0)
            {
                throw fail("\"frames\" is empty; a sequence needs at least one frame.");
            }

            var values = new List<float>();
            var f = 0;
            foreach (var frame in frames.EnumerateArray())
            {
                if (frame.ValueKind != JsonValueKind.Array)
                {
                    throw fail($"frame {f} is {frame.ValueKind}; expected a list of numbers.");
                }

                var features = frame.GetArrayLength();
                if (width == 0)
                {
                    width = features;
                    if (width == 0)
                    {
                        throw fail($"frame {f} is empty; expected at least one number.");
                    }
                }
                else if (features != width)
                {
                    throw fail($"frame {f} has {features} numbers; earlier frames have {width}.");
                }

                var j = 0;
                foreach (var number in frame.EnumerateArray())
                {
                    if (number.ValueKind != JsonValueKind.Number || !number.TryGetSingle(out var value) || !float.IsFinite(value))
                    {
                        throw fail($"frame {f}, feature {j} is {number.GetRawText()}; expected a finite number.");
                    }

                    values.Add(value);
                    j++;
                }

                f++;
            }

            return new SequenceExample
            {
                Label = label.ValueKind == JsonValueKind.String ? label.GetString()! : label.GetRawText(),
                Frames = values.ToArray(),
            };
        }
    }
}
