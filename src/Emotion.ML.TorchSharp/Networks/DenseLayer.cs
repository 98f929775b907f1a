using System.Text.Json;
using System.Text.Json.Serialization;

namespace Emotion.ML.TorchSharp.Networks;

/// <summary>
/// One dense layer of a classifier's head, applied as Linear, then BatchNorm (when
/// <see cref="BatchNorm"/>), then <see cref="Activation"/>, then dropout. A plain number converts
/// to a layer of that many units with the defaults, in C# (<c>DenseLayers = new DenseLayer[] { 256, 128 }</c>)
/// and in JSON (<c>"DenseLayers": [256, { "Units": 128, "Dropout": 0.3 }]</c>).
/// </summary>
/// <param name="Units">Output width; at least 1.</param>
/// <param name="Activation">Non-linearity. Default <see cref="DenseActivation.Relu"/>.</param>
/// <param name="Dropout">Dropout after the activation, in [0, 1). Default 0.</param>
/// <param name="BatchNorm">Whether BatchNorm follows the linear map. Default true.</param>
[JsonConverter(typeof(DenseLayerJsonConverter))]
public sealed record DenseLayer(int Units, DenseActivation Activation = DenseActivation.Relu, double Dropout = 0, bool BatchNorm = true)
{
    /// <summary>A layer of <paramref name="units"/> units with ReLU, BatchNorm and no dropout.</summary>
    /// <param name="units">Output width.</param>
    public static implicit operator DenseLayer(int units) => new(units);

    /// <summary>Checks every layer of <paramref name="layers"/>.</summary>
    /// <param name="layers">The layers to check; null is an error.</param>
    /// <param name="name">The option name used in the message.</param>
    /// <exception cref="ArgumentOutOfRangeException">The list is null, or a layer has fewer than 1 unit, an unknown activation, or dropout outside [0, 1).</exception>
    internal static void Validate(IReadOnlyList<DenseLayer>? layers, string name)
    {
        if (layers is null)
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be a list (possibly empty) of dense layers.");
        }

        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            if (layer is null || layer.Units < 1 || !Enum.IsDefined(layer.Activation) || !(layer.Dropout is >= 0 and < 1))
            {
                throw new ArgumentOutOfRangeException(name, $"{name}[{i}] ({layer?.ToString() ?? "null"}) must have at least 1 unit, a {nameof(DenseActivation)} and dropout in [0, 1).");
            }
        }
    }
}

/// <summary>Reads a <see cref="DenseLayer"/> from a number (its units) or an object; writes an object.</summary>
internal sealed class DenseLayerJsonConverter : JsonConverter<DenseLayer>
{
    public override DenseLayer Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return new DenseLayer(reader.GetInt32());
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A dense layer is a number of units or an object with Units, Activation, Dropout and BatchNorm; found {reader.TokenType}.");
        }

        int? units = null;
        var activation = DenseActivation.Relu;
        var dropout = 0.0;
        var batchNorm = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name?.ToLowerInvariant())
            {
                case "units":
                    units = reader.GetInt32();
                    break;
                case "activation":
                    var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    if (!Enum.TryParse(text, ignoreCase: true, out activation) || !Enum.IsDefined(activation) || char.IsDigit(text![0]))
                    {
                        throw new JsonException($"Unknown dense activation '{text}'; expected one of: {string.Join(", ", Enum.GetNames<DenseActivation>())}.");
                    }

                    break;
                case "dropout":
                    dropout = reader.GetDouble();
                    break;
                case "batchnorm":
                    batchNorm = reader.GetBoolean();
                    break;
                default:
                    throw new JsonException($"Unknown dense layer property '{name}'; expected Units, Activation, Dropout or BatchNorm.");
            }
        }

        return new DenseLayer(units ?? throw new JsonException("A dense layer object needs Units."), activation, dropout, batchNorm);
    }

    public override void Write(Utf8JsonWriter writer, DenseLayer value, JsonSerializerOptions options)
    {
        string Name(string name) => options.PropertyNamingPolicy?.ConvertName(name) ?? name;
        writer.WriteStartObject();
        writer.WriteNumber(Name(nameof(DenseLayer.Units)), value.Units);
        writer.WriteString(Name(nameof(DenseLayer.Activation)), value.Activation.ToString());
        writer.WriteNumber(Name(nameof(DenseLayer.Dropout)), value.Dropout);
        writer.WriteBoolean(Name(nameof(DenseLayer.BatchNorm)), value.BatchNorm);
        writer.WriteEndObject();
    }
}
