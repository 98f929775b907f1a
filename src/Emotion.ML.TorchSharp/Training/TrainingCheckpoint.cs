using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>
/// Everything a run needs to continue exactly where it left off after an epoch: weights, both
/// optimizers' state, the random generator, early-stopping and learning-rate state and the history.
/// One file per directory, replaced atomically (written beside it, then moved over it).
/// </summary>
internal static class TrainingCheckpoint
{
    public const string FileName = "checkpoint.bin";
    private const string Magic = "EMLCKPT1";
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Save(string directory, int epoch, int waited, IReadOnlyList<EpochRecord> epochs, nn.Module network, optim.Optimizer optimizer, EmbeddingRowOptimizer rows, BestWeights monitor, LearningRateScheduler scheduler)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var temporary = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = File.Create(temporary))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8))
            {
                writer.Write(Magic);
                writer.Write(epoch);
                writer.Write(waited);
                writer.Write(JsonSerializer.Serialize(epochs, Json));
                network.save(writer);
                ((OptimizerHelper)optimizer).save_state_dict(writer);
                rows.Write(writer);
                monitor.Write(writer);
                scheduler.Write(writer);
                var random = get_rng_state().data<byte>().ToArray();
                writer.Write(random.Length);
                writer.Write(random);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Restores a checkpoint into the given objects; null when the directory has none.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint or belongs to another network; the message names it.</exception>
    public static (int Epoch, int Waited, List<EpochRecord> Epochs)? Load(string directory, nn.Module network, optim.Optimizer optimizer, EmbeddingRowOptimizer rows, BestWeights monitor, LearningRateScheduler scheduler)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException("it does not start with an Emotion.ML checkpoint header");
            }

            var epoch = reader.ReadInt32();
            var waited = reader.ReadInt32();
            var epochs = JsonSerializer.Deserialize<List<EpochRecord>>(reader.ReadString(), Json) ?? new List<EpochRecord>();
            network.load(reader, strict: true);
            ((OptimizerHelper)optimizer).load_state_dict(reader);
            rows.Read(reader);
            monitor.Read(reader, network);
            scheduler.Read(reader);
            var random = reader.ReadBytes(reader.ReadInt32());
            using var state = tensor(random, dtype: ScalarType.Byte);
            set_rng_state(state);
            return (epoch, waited, epochs);
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or ArgumentException or JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"Checkpoint '{path}' cannot be resumed: {ex.Message}. Delete it to start over, or resume with the options that wrote it.", ex);
        }
    }
}
