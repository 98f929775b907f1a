using System.Text;

namespace Emotion.ML.Cli.Data;

/// <summary>
/// Reads labelled sentences from a TSV or CSV file with a header row. TSV fields are split at
/// tabs with no quoting (tweets contain quotes); CSV follows RFC 4180 quoting. Errors name the
/// file and line.
/// </summary>
internal static class LabelledTextFile
{
    /// <summary>Reads the text and (when <paramref name="labelColumn"/> is given) label of every data row.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">A header lacks a column, or a row has too few fields or an unterminated quote; the message names the file and line.</exception>
    public static List<EmotionExample> Read(string path, string textColumn, string? labelColumn)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Data file '{path}' does not exist.", path);
        }

        var csv = string.Equals(Path.GetExtension(path), ".csv", StringComparison.OrdinalIgnoreCase);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var lineNumber = 0;
        var header = ReadRecord(reader, csv, path, ref lineNumber)
            ?? throw new FormatException($"{path}: the file is empty; expected a header row naming the columns '{textColumn}'{(labelColumn is null ? "" : $" and '{labelColumn}'")}.");
        var textIndex = ColumnIndex(header, textColumn, path);
        var labelIndex = labelColumn is null ? -1 : ColumnIndex(header, labelColumn, path);
        var needed = Math.Max(textIndex, labelIndex) + 1;

        var rows = new List<EmotionExample>();
        while (true)
        {
            var start = lineNumber + 1;
            var fields = ReadRecord(reader, csv, path, ref lineNumber);
            if (fields is null)
            {
                break;
            }

            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;   // blank line
            }

            if (fields.Count < needed)
            {
                throw new FormatException($"{path}:{start}: expected at least {needed} {(csv ? "comma" : "tab")}-separated fields (columns {string.Join(", ", header)}), found {fields.Count}.");
            }

            rows.Add(new EmotionExample { Text = fields[textIndex], Label = labelIndex < 0 ? "" : fields[labelIndex].Trim() });
        }

        return rows;
    }

    private static int ColumnIndex(List<string> header, string name, string path)
    {
        var index = header.FindIndex(h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
        return index >= 0
            ? index
            : throw new FormatException($"{path}:1: the header has no column '{name}' (columns: {string.Join(", ", header)}); choose one with --text-column / --label-column.");
    }

    private static List<string>? ReadRecord(TextReader reader, bool csv, string path, ref int lineNumber)
    {
        var line = reader.ReadLine();
        if (line is null)
        {
            return null;
        }

        lineNumber++;
        if (!csv)
        {
            return line.Split('\t').ToList();
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var startLine = lineNumber;
        for (var i = 0; ; i++)
        {
            if (i == line.Length)
            {
                if (!quoted)
                {
                    break;
                }

                // A quoted field may span lines.
                line = reader.ReadLine() ?? throw new FormatException($"{path}:{startLine}: a quoted field is not closed before the end of the file.");
                lineNumber++;
                field.Append('\n');
                i = -1;
                continue;
            }

            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
