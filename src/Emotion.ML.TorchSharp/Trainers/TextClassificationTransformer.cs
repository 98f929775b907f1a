using Emotion.ML.Onnx;
using Emotion.ML.Persistence;
using Emotion.ML.Pipeline;
using Emotion.ML.Tokenization;
using Emotion.ML.TorchSharp.Onnx;
using Emotion.ML.TorchSharp.Persistence;
using Emotion.ML.TorchSharp.Training;
using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// A trained deep text classifier. Appends ML.NET's multiclass columns: <c>Score</c> (one
/// probability per class, slot names = class names) and <c>PredictedLabel</c> (a key over the
/// classes, key values = class names), so <c>Evaluate</c>, <c>MapKeyToValue</c> and prediction
/// engines work unchanged.
/// </summary>
public sealed class TextClassificationTransformer : RowMappingTransformerBase, IArchivedTransformer
{
    /// <summary>The name of the probabilities column.</summary>
    public const string ScoreColumnName = "Score";

    /// <summary>The name of the predicted class column.</summary>
    public const string PredictedLabelColumnName = "PredictedLabel";

    private readonly nn.Module<Tensor, Tensor, Tensor> network;
    private readonly int minSteps;
    private readonly Device device;
    private readonly string[] classNames;

    internal TextClassificationTransformer(nn.Module<Tensor, Tensor, Tensor> network, Vocabulary vocabulary, string[] classNames, string tokensColumnName, int minSteps, Device device, TrainingHistory history)
    {
        this.network = network;
        this.network.eval();
        this.minSteps = minSteps;
        this.device = device;
        this.classNames = classNames;
        Vocabulary = vocabulary;
        TokensColumnName = tokensColumnName;
        History = history;
    }

    /// <summary>The class names, in score-slot order.</summary>
    public IReadOnlyList<string> ClassNames => classNames;

    /// <summary>The trained network (evaluation mode).</summary>
    internal nn.Module<Tensor, Tensor, Tensor> Network => network;

    /// <summary>Trainable numbers in the network, the embedding table included.</summary>
    public long ParameterCount => network.parameters().Sum(p => p.numel());

    /// <summary>The vocabulary the network's embedding rows follow.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>The token-id column read.</summary>
    public string TokensColumnName { get; }

    /// <summary>The per-epoch training record and how training ended.</summary>
    public TrainingHistory History { get; }

    /// <summary>Class probabilities for each sentence of token ids (scored in length-sorted batches).</summary>
    /// <param name="tokenIds">One array of vocabulary ids per sentence.</param>
    /// <param name="batchSize">Sentences per forward pass.</param>
    public float[][] PredictProbabilities(IReadOnlyList<int[]> tokenIds, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(tokenIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var rows = tokenIds.ToArray();
        for (var r = 0; r < rows.Length; r++)
        {
            CheckIds(rows[r] ?? throw new ArgumentNullException(nameof(tokenIds), $"Sentence {r} is null."), r);
        }

        return ClassifierLoop.Predict(network, rows, batchSize, minSteps, device);
    }

    /// <summary>
    /// Writes the trained network as an ONNX model (opset 17) that ONNX Runtime or ML.NET's
    /// <c>ApplyOnnxModel</c> can run without TorchSharp. Inputs: <c>token_ids</c> (int64
    /// [batch, sequence], ids of <see cref="Vocabulary"/>, padded with 0) and <c>lengths</c> (int64
    /// [batch]); output: <c>probabilities</c> (float [batch, classes], in <see cref="ClassNames"/>
    /// order). The model's metadata holds the class names and the vocabulary as JSON arrays
    /// (<c>emotion_ml.class_names</c>, <c>emotion_ml.vocabulary</c>).
    /// </summary>
    /// <param name="stream">A writable stream; left open. On failure it may hold a partial model.</param>
    /// <exception cref="NotSupportedException">The network has a layer the export cannot write.</exception>
    public void ExportToOnnx(Stream stream) => ExportToOnnx(stream, text: null);

    /// <summary>
    /// Writes the ONNX model described at <see cref="ExportToOnnx(Stream)"/> to <paramref name="path"/>
    /// through a temporary file beside it, so a failure never leaves a partial file. To record the
    /// text normalization and truncation too, export the whole fitted pipeline with
    /// <see cref="Onnx.OnnxExportExtensions.ExportToOnnx(ITransformer, string)"/>.
    /// </summary>
    /// <param name="path">The destination file, usually <c>*.onnx</c>; replaced when it exists.</param>
    /// <exception cref="DirectoryNotFoundException">The destination folder does not exist.</exception>
    /// <exception cref="NotSupportedException">The network has a layer the export cannot write.</exception>
    public void ExportToOnnx(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        OnnxFile.WriteAtomically(path, stream => ExportToOnnx(stream, text: null));
    }

    /// <summary>Writes the ONNX model, with <paramref name="text"/> in its metadata when given.</summary>
    internal void ExportToOnnx(Stream stream, TextPreprocessing? text)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        OnnxModel(text).WriteTo(stream);
    }

    /// <summary>The ONNX model of the network, with <paramref name="text"/> in its metadata when given.</summary>
    /// <exception cref="NotSupportedException">The network has a layer the export cannot write.</exception>
    internal Emotion.ML.TorchSharp.Onnx.Protobuf.ModelProto OnnxModel(TextPreprocessing? text)
    {
        var config = (network as IConfiguredNetwork)?.Config
            ?? throw new NotSupportedException($"The {network.GetType().Name} network cannot be exported to ONNX.");
        return OnnxExport.Export(network, config, classNames, Vocabulary.Words, minSteps, text);
    }

    string IArchivedTransformer.ArchiveKind => TextClassifierArchive.Kind;

    Type? IArchivedTransformer.ArchiveReaderType => typeof(TextClassifierArchive);

    string IArchivedTransformer.ArchivePackage => TextClassifierArchive.Package;

    void IArchivedTransformer.WriteTo(ArchiveStepWriter writer) => TextClassifierArchive.Write(this, network, minSteps, writer);

    private protected override RowMapping Bind(DataViewSchema inputSchema) => new Mapping(this, inputSchema);

    private void CheckIds(int[] ids, long row)
    {
        foreach (var id in ids)
        {
            if (id < 0 || id >= Vocabulary.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), $"Row {row} has token id {id}, outside the vocabulary of {Vocabulary.Count} words.");
            }
        }
    }

    private sealed class Mapping : RowMapping
    {
        private readonly TextClassificationTransformer owner;
        private readonly DataViewSchema.Column tokens;

        public Mapping(TextClassificationTransformer owner, DataViewSchema schema)
            : this(owner, schema, FindInput(schema, owner.TokensColumnName, "a vector of Int32 token ids from TokenizeToIds"))
        {
        }

        private Mapping(TextClassificationTransformer owner, DataViewSchema schema, DataViewSchema.Column tokens)
            : base(schema, new[] { tokens }, ClassifierOutputs.Columns(owner.classNames))
        {
            TextClassificationData.CheckTokens(tokens);
            this.owner = owner;
            this.tokens = tokens;
        }

        public override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isActive)
        {
            var getTokens = input.GetGetter<VBuffer<int>>(tokens);
            VBuffer<int> buffer = default;
            float[] probabilities = Array.Empty<float>();
            long cachedPosition = -1;

            // Score and PredictedLabel share one forward pass per row.
            float[] Compute()
            {
                if (cachedPosition != input.Position)
                {
                    getTokens(ref buffer);
                    var ids = buffer.DenseValues().ToArray();
                    owner.CheckIds(ids, input.Position);
                    probabilities = ClassifierLoop.Predict(owner.network, new[] { ids }, 1, owner.minSteps, owner.device)[0];
                    cachedPosition = input.Position;
                }

                return probabilities;
            }

            return ClassifierOutputs.Getters(Compute, isActive);
        }
    }
}
