using Emotion.ML.Persistence;
using Emotion.ML.Pipeline;
using Emotion.ML.TorchSharp.Onnx;
using Google.Protobuf;
using Emotion.ML.TorchSharp.Persistence;
using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// A trained classifier of numeric frame sequences: normalizes each row's frames with the
/// statistics fitted on the training data, runs the recurrent network and appends ML.NET's
/// multiclass columns <c>Score</c> (one probability per class, slot names = class names) and
/// <c>PredictedLabel</c> (a key over the classes). Saved and loaded with
/// <c>SaveEmotionModel</c> / <c>LoadEmotionModel</c>, the normalization included.
/// </summary>
public sealed class SequenceClassificationTransformer : RowMappingTransformerBase, IArchivedTransformer
{
    private readonly nn.Module<Tensor, Tensor, Tensor> network;
    private readonly FrameNormalizer normalizer;
    private readonly Device device;
    private readonly string[] classNames;

    internal SequenceClassificationTransformer(nn.Module<Tensor, Tensor, Tensor> network, FrameNormalizer normalizer, string[] classNames, string framesColumnName, Device device, TrainingHistory history)
    {
        this.network = network;
        this.network.eval();
        this.normalizer = normalizer;
        this.device = device;
        this.classNames = classNames;
        FramesColumnName = framesColumnName;
        History = history;
    }

    /// <summary>The class names, in score-slot order.</summary>
    public IReadOnlyList<string> ClassNames => classNames;

    /// <summary>The frames column read.</summary>
    public string FramesColumnName { get; }

    /// <summary>Features per frame.</summary>
    public int FrameSize => normalizer.FrameSize;

    /// <summary>The normalization fitted on the training frames.</summary>
    public FrameNormalization Normalization => normalizer.Kind;

    /// <summary>Per feature, the value subtracted before scaling (the training minimum, mean, or 0).</summary>
    public IReadOnlyList<float> FeatureOffsets => normalizer.Offsets;

    /// <summary>Per feature, the factor applied after the offset (1 / range, 1 / standard deviation, or 1).</summary>
    public IReadOnlyList<float> FeatureScales => normalizer.Scales;

    /// <summary>Trainable numbers in the network.</summary>
    public long ParameterCount => network.parameters().Sum(p => p.numel());

    /// <summary>The per-epoch training record and how training ended.</summary>
    public TrainingHistory History { get; }

    /// <summary>Class probabilities for each sequence (raw frames, normalized here; scored in length-sorted batches).</summary>
    /// <param name="sequences">Each sequence's frames one after another, a multiple of <see cref="FrameSize"/> values.</param>
    /// <param name="batchSize">Sequences per forward pass.</param>
    /// <exception cref="InvalidDataException">A sequence is not a whole number of frames or holds a NaN or infinite value; the message names it.</exception>
    public float[][] PredictProbabilities(IReadOnlyList<float[]> sequences, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var rows = new float[sequences.Count][];
        for (var r = 0; r < rows.Length; r++)
        {
            var sequence = sequences[r] ?? throw new ArgumentNullException(nameof(sequences), $"Sequence {r} is null.");
            SequenceClassificationData.CheckRow(sequence, FrameSize, r, "sequences", "sequences");
            rows[r] = normalizer.Apply(sequence);
        }

        return ClassifierLoop.Predict(network, new FrameSequences(rows, FrameSize), batchSize, 1, device);
    }

    /// <summary>
    /// Writes the network as an ONNX model to <paramref name="stream"/> (left open): input
    /// <c>frames</c> float [batch, sequence, <see cref="FrameSize"/>] of raw frames (the fitted
    /// normalization is part of the graph) and <c>lengths</c> int64 [batch]; output
    /// <c>probabilities</c> float [batch, classes]; class names and frame size in the metadata.
    /// </summary>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="NotSupportedException">The network has a layer the export cannot write.</exception>
    public void ExportToOnnx(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        var config = (network as IConfiguredNetwork)?.Config
            ?? throw new NotSupportedException($"The {network.GetType().Name} network cannot be exported to ONNX.");
        OnnxExport.ExportSequence(network, config, classNames, normalizer.Offsets, normalizer.Scales).WriteTo(stream);
    }

    /// <summary>Writes the ONNX model (see <see cref="ExportToOnnx(Stream)"/>) to <paramref name="path"/> through a temporary file, so a failure leaves no partial file.</summary>
    /// <param name="path">The destination, usually <c>*.onnx</c>; replaced when it exists.</param>
    /// <exception cref="DirectoryNotFoundException">The destination folder does not exist.</exception>
    public void ExportToOnnx(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        OnnxFile.WriteAtomically(path, ExportToOnnx);
    }

    string IArchivedTransformer.ArchiveKind => SequenceClassifierArchive.Kind;

    Type? IArchivedTransformer.ArchiveReaderType => typeof(SequenceClassifierArchive);

    string IArchivedTransformer.ArchivePackage => SequenceClassifierArchive.Package;

    void IArchivedTransformer.WriteTo(ArchiveStepWriter writer) => SequenceClassifierArchive.Write(this, network, normalizer, writer);

    private protected override RowMapping Bind(DataViewSchema inputSchema) => new Mapping(this, inputSchema);

    private sealed class Mapping : RowMapping
    {
        private readonly SequenceClassificationTransformer owner;
        private readonly DataViewSchema.Column frames;

        public Mapping(SequenceClassificationTransformer owner, DataViewSchema schema)
            : this(owner, schema, FindInput(schema, owner.FramesColumnName, "a vector of Single holding each row's frames"))
        {
        }

        private Mapping(SequenceClassificationTransformer owner, DataViewSchema schema, DataViewSchema.Column frames)
            : base(schema, new[] { frames }, ClassifierOutputs.Columns(owner.classNames))
        {
            SequenceClassificationData.CheckFrames(frames);
            this.owner = owner;
            this.frames = frames;
        }

        public override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isActive)
        {
            var getFrames = input.GetGetter<VBuffer<float>>(frames);
            VBuffer<float> buffer = default;
            float[] probabilities = Array.Empty<float>();
            long cachedPosition = -1;

            // Score and PredictedLabel share one forward pass per row.
            float[] Compute()
            {
                if (cachedPosition != input.Position)
                {
                    getFrames(ref buffer);
                    var values = buffer.DenseValues().ToArray();
                    SequenceClassificationData.CheckRow(values, owner.FrameSize, input.Position + 1, frames.Name, "data");
                    var rows = new FrameSequences(new[] { owner.normalizer.Apply(values) }, owner.FrameSize);
                    probabilities = ClassifierLoop.Predict(owner.network, rows, 1, 1, owner.device)[0];
                    cachedPosition = input.Position;
                }

                return probabilities;
            }

            return ClassifierOutputs.Getters(Compute, isActive);
        }
    }
}
