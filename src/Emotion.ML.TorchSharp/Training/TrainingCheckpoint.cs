using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Training;

/// <summary>
/// Everything a run needs to continue exactly where it left off, after an epoch or inside one:
/// weights, both optimizers' state, the random generator, early-stopping and learning-rate state,
/// the history and, inside an epoch, the batches done and the epoch's running totals.
/// One file per directory, replaced atomically (written beside it, then moved over it).
/// </summary>
/// <remarks>
/// Format versions: 1 (header <c>EMLCKPT1</c>) holds epoch-end checkpoints only; 2 adds the position
/// inside an epoch. Both load; a newer version fails with a message naming it.
/// </remarks>
internal static class TrainingCheckpoint
{
    public const string FileName = "checkpoint.bin";
    private const string MagicPrefix = "EMLCKPT";
    private const int Version = 2;
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Writes a checkpoint after <paramref name="epoch"/> completed epochs and, when given, <paramref name="inProgress"/> of the next.</summary>
    /// <remarks>A network without a token embedding has no <paramref name="rows"/>; its checkpoint holds an empty row state in their place.</remarks>
    public static void Save(string directory, int epoch, EpochPosition? inProgress, int waited, IReadOnlyList<EpochRecord> epochs, nn.Module network, optim.Optimizer optimizer, EmbeddingRowOptimizer? rows, BestWeights monitor, LearningRateScheduler scheduler)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var temporary = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = File.Create(temporary))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8))
            {
                writer.Write(MagicPrefix + Version);
                writer.Write(epoch);
                writer.Write(waited);
                writer.Write(inProgress.HasValue);
                inProgress?.Write(writer);
                writer.Write(JsonSerializer.Serialize(epochs, Json));
                network.save(writer);
                ((OptimizerHelper)optimizer).save_state_dict(writer);
                if (rows is null)
                {
                    EmbeddingRowOptimizer.WriteNone(writer);
                }
                else
                {
                    rows.Write(writer);
                }

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
    public static Resumed? Load(string directory, nn.Module network, optim.Optimizer optimizer, EmbeddingRowOptimizer? rows, BestWeights monitor, LearningRateScheduler scheduler)
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
            var version = ReadVersion(reader.ReadString());
            var epoch = reader.ReadInt32();
            var waited = reader.ReadInt32();
            EpochPosition? position = version >= 2 && reader.ReadBoolean() ? EpochPosition.Read(reader) : null;
            var epochs = JsonSerializer.Deserialize<List<EpochRecord>>(reader.ReadString(), Json) ?? new List<EpochRecord>();
            network.load(reader, strict: true);
            ((OptimizerHelper)optimizer).load_state_dict(reader);
            if (rows is null)
            {
                EmbeddingRowOptimizer.ReadNone(reader);
            }
            else
            {
                rows.Read(reader);
            }

            monitor.Read(reader, network);
            scheduler.Read(reader);
            var random = reader.ReadBytes(reader.ReadInt32());
            using var state = tensor(random, dtype: ScalarType.Byte);
            set_rng_state(state);
            return new Resumed(epoch, waited, epochs, position);
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or ArgumentException or JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"Checkpoint '{path}' cannot be resumed: {ex.Message}. Delete it to start over, or resume with the options that wrote it.", ex);
        }
    }

    private static int ReadVersion(string header)
    {
        if (!header.StartsWith(MagicPrefix, StringComparison.Ordinal) || !int.TryParse(header.AsSpan(MagicPrefix.Length), out var version) || version < 1)
        {
            throw new InvalidDataException("it does not start with an Emotion.ML checkpoint header");
        }

        if (version > Version)
        {
            throw new InvalidDataException($"it has checkpoint format version {version}; this version of Emotion.ML reads versions 1 to {Version}");
        }

        return version;
    }

    /// <summary>What a loaded checkpoint says about where the run stands.</summary>
    /// <param name="Epoch">Epochs completed.</param>
    /// <param name="Waited">Epochs without improvement counted by early stopping.</param>
    /// <param name="Epochs">The history of the completed epochs.</param>
    /// <param name="Position">How far epoch <paramref name="Epoch"/> + 1 had got; null when the checkpoint was taken between epochs.</param>
    public sealed record Resumed(int Epoch, int Waited, List<EpochRecord> Epochs, EpochPosition? Position);
}
