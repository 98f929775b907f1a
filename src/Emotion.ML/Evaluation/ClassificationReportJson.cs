using System.Text.Encodings.Web;
using System.Text.Json;

namespace Emotion.ML.Evaluation;

/// <summary>
/// The JSON form of a <see cref="ClassificationReport"/>. Written by hand with <see cref="Utf8JsonWriter"/>
/// rather than by reflection so the property names and order stay fixed: the CLI prints this shape and
/// scripts read it.
/// </summary>
internal static class ClassificationReportJson
{
    public static string Write(ClassificationReport report, bool indented)
    {
        var options = new JsonWriterOptions
        {
            Indented = indented,
            // Class names may be in any language; keep them readable rather than \u-escaped.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartObject();
            json.WriteNumber("count", report.Count);
            json.WriteNumber("accuracy", report.Accuracy);
            json.WriteNumber("macroPrecision", report.MacroPrecision);
            json.WriteNumber("macroRecall", report.MacroRecall);
            json.WriteNumber("macroF1", report.MacroF1);
            json.WriteNumber("weightedPrecision", report.WeightedPrecision);
            json.WriteNumber("weightedRecall", report.WeightedRecall);
            json.WriteNumber("weightedF1", report.WeightedF1);
            if (report.LogLoss is double logLoss)
                json.WriteNumber("logLoss", logLoss);
            else
                json.WriteNull("logLoss");

            json.WriteStartObject("perClass");
            foreach (var row in report.PerClass)
            {
                json.WriteStartObject(row.Name);
                json.WriteNumber("precision", row.Precision);
                json.WriteNumber("recall", row.Recall);
                json.WriteNumber("f1", row.F1);
                json.WriteNumber("support", row.Support);
                json.WriteEndObject();
            }
            json.WriteEndObject();

            json.WriteStartObject("confusion");
            json.WriteStartArray("classes");
            foreach (var name in report.ClassNames)
                json.WriteStringValue(name);
            json.WriteEndArray();
            json.WriteStartArray("matrix");
            foreach (var row in report.Confusion.Counts)
            {
                json.WriteStartArray();
                foreach (var count in row)
                    json.WriteNumberValue(count);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static ClassificationReport Read(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new JsonException("A classification report must be a JSON object.");

        var confusion = Property(root, "confusion", JsonValueKind.Object);
        var classes = Property(confusion, "classes", JsonValueKind.Array, "confusion.");
        string[] names = classes.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String
            ? c.GetString()!
            : throw new JsonException("'confusion.classes' must hold class-name strings.")).ToArray();
        try
        {
            names = ClassificationReport.ValidateClassNames(names);
        }
        catch (ArgumentException e)
        {
            throw new JsonException($"'confusion.classes' is not a valid class list: {e.Message}", e);
        }

        var counts = ReadMatrix(Property(confusion, "matrix", JsonValueKind.Array, "confusion."), names.Length);
        int count = Int(root, "count");
        if (count != counts.Sum(row => row.Sum()))
            throw new JsonException($"'count' ({count}) differs from the sum of 'confusion.matrix'.");

        var perClassElement = Property(root, "perClass", JsonValueKind.Object);
        var perClass = new ClassMetrics[names.Length];
        int index = 0;
        foreach (var entry in perClassElement.EnumerateObject())
        {
            if (index >= names.Length || entry.Name != names[index])
                throw new JsonException($"'perClass' must list the classes of 'confusion.classes' in the same order; found '{entry.Name}'.");
            string prefix = $"perClass.{entry.Name}.";
            if (entry.Value.ValueKind != JsonValueKind.Object)
                throw new JsonException($"'{prefix.TrimEnd('.')}' must be an object.");
            perClass[index++] = new ClassMetrics(
                entry.Name,
                Number(entry.Value, "precision", prefix),
                Number(entry.Value, "recall", prefix),
                Number(entry.Value, "f1", prefix),
                Int(entry.Value, "support", prefix));
        }
        if (index != names.Length)
            throw new JsonException($"'perClass' has {index} classes but 'confusion.classes' has {names.Length}.");

        var logLossElement = Property(root, "logLoss", null);
        double? logLoss = logLossElement.ValueKind == JsonValueKind.Null ? null : Number(root, "logLoss");

        var readOnlyNames = Array.AsReadOnly(names);
        return new ClassificationReport(
            readOnlyNames,
            count,
            Number(root, "accuracy"),
            (Number(root, "macroPrecision"), Number(root, "macroRecall"), Number(root, "macroF1")),
            (Number(root, "weightedPrecision"), Number(root, "weightedRecall"), Number(root, "weightedF1")),
            logLoss,
            Array.AsReadOnly(perClass),
            new ConfusionMatrix(readOnlyNames, counts));
    }

    private static int[][] ReadMatrix(JsonElement matrix, int classCount)
    {
        if (matrix.GetArrayLength() != classCount)
            throw new JsonException($"'confusion.matrix' has {matrix.GetArrayLength()} rows; expected one per class ({classCount}).");
        var counts = new int[classCount][];
        int t = 0;
        foreach (var row in matrix.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != classCount)
                throw new JsonException($"'confusion.matrix' row {t} must be an array of {classCount} counts.");
            counts[t] = row.EnumerateArray().Select(cell =>
                cell.ValueKind == JsonValueKind.Number && cell.TryGetInt32(out int value) && value >= 0
                    ? value
                    : throw new JsonException($"'confusion.matrix' row {t} holds '{cell}', not a non-negative count.")).ToArray();
            t++;
        }
        return counts;
    }

    private static JsonElement Property(JsonElement parent, string name, JsonValueKind? kind, string prefix = "")
    {
        if (!parent.TryGetProperty(name, out var value))
            throw new JsonException($"The classification report has no '{prefix}{name}' property.");
        if (kind is JsonValueKind expected && value.ValueKind != expected)
            throw new JsonException($"'{prefix}{name}' must be a JSON {expected}, not {value.ValueKind}.");
        return value;
    }

    private static double Number(JsonElement parent, string name, string prefix = "") =>
        Property(parent, name, JsonValueKind.Number, prefix).GetDouble();

    private static int Int(JsonElement parent, string name, string prefix = "") =>
        Property(parent, name, JsonValueKind.Number, prefix).TryGetInt32(out int value) && value >= 0
            ? value
            : throw new JsonException($"'{prefix}{name}' must be a non-negative whole number.");
}
