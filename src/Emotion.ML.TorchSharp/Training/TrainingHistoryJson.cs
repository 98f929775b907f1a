using System.Text.Json;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>
/// The JSON form of a <see cref="TrainingHistory"/>, written by hand so the names and order stay
/// fixed: run directories keep it as <c>history.json</c> and the plots read it back.
/// </summary>
internal static class TrainingHistoryJson
{
    public static void Write(Utf8JsonWriter json, TrainingHistory history)
    {
        json.WriteStartObject();
        json.WriteNumber("bestEpoch", history.BestEpoch);
        json.WriteString("stopReason", history.StopReason.ToString());
        json.WriteStartArray("epochs");
        foreach (var e in history.Epochs)
        {
            json.WriteStartObject();
            json.WriteNumber("epoch", e.Epoch);
            json.WriteNumber("trainLoss", e.TrainLoss);
            json.WriteNumber("trainAccuracy", e.TrainAccuracy);
            Nullable(json, "validationLoss", e.ValidationLoss);
            Nullable(json, "validationAccuracy", e.ValidationAccuracy);
            Nullable(json, "validationMacroF1", e.ValidationMacroF1);
            json.WriteNumber("seconds", e.Seconds);
            json.WriteNumber("samplesPerSecond", e.SamplesPerSecond);
            json.WriteNumber("workingSetBytes", e.WorkingSetBytes);
            json.WriteNumber("learningRate", e.LearningRate);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static string Write(TrainingHistory history, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            Write(json, history);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a history object; <paramref name="where"/> prefixes messages (e.g. the file and JSON path).</summary>
    /// <exception cref="JsonException">The element is not a history of that shape; the message names the property.</exception>
    public static TrainingHistory Read(JsonElement root, string where)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"{where}: a training history must be a JSON object with bestEpoch, stopReason and epochs; found {root.ValueKind}.");
        }

        var best = Number(root, "bestEpoch", where);
        var reasonText = Property(root, "stopReason", JsonValueKind.String, where).GetString();
        if (!Enum.TryParse<StopReason>(reasonText, ignoreCase: true, out var reason) || !Enum.IsDefined(reason) || char.IsDigit(reasonText![0]))
        {
            throw new JsonException($"{where}.stopReason: '{reasonText}' is not one of {string.Join(", ", Enum.GetNames<StopReason>())}.");
        }

        var epochs = new List<EpochRecord>();
        var index = 0;
        foreach (var e in Property(root, "epochs", JsonValueKind.Array, where).EnumerateArray())
        {
            var at = $"{where}.epochs[{index++}]";
            if (e.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException($"{at}: an epoch record must be a JSON object; found {e.ValueKind}.");
            }

            epochs.Add(new EpochRecord(
                (int)Number(e, "epoch", at),
                Number(e, "trainLoss", at),
                Number(e, "trainAccuracy", at),
                OptionalNumber(e, "validationLoss", at),
                OptionalNumber(e, "validationAccuracy", at),
                OptionalNumber(e, "validationMacroF1", at),
                Number(e, "seconds", at),
                Number(e, "samplesPerSecond", at),
                (long)(OptionalNumber(e, "workingSetBytes", at) ?? 0),
                OptionalNumber(e, "learningRate", at) ?? 0));
        }

        if (best < 0 || best > epochs.Count)
        {
            throw new JsonException($"{where}.bestEpoch: {best} is outside [0, {epochs.Count}] (the number of epoch records).");
        }

        return new TrainingHistory(epochs, (int)best, reason);
    }

    private static void Nullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static JsonElement Property(JsonElement element, string name, JsonValueKind kind, string where)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            throw new JsonException($"{where}: property '{name}' is missing.");
        }

        return value.ValueKind == kind ? value : throw new JsonException($"{where}.{name}: expected {kind}, found {value.ValueKind}.");
    }

    private static double Number(JsonElement element, string name, string where) =>
        Property(element, name, JsonValueKind.Number, where).GetDouble();

    private static double? OptionalNumber(JsonElement element, string name, string where)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw new JsonException($"{where}.{name}: expected a number or null, found {value.ValueKind}.");
    }
}
