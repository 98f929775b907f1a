using Emotion.ML.Persistence;
using Emotion.ML.Pipeline;
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
/// A trained image classifier: runs the convolutional network on each row's pixels and appends
/// ML.NET's multiclass columns <c>Score</c> (one probability per class, slot names = class names)
/// and <c>PredictedLabel</c> (a key over the classes). Augmentation never applies here. Saved and
/// loaded with <c>SaveEmotionModel</c> / <c>LoadEmotionModel</c>; the archive also holds the ONNX
/// form, so an application with Emotion.ML alone can score it.
/// </summary>
public sealed class ImageClassificationTransformer : RowMappingTransformerBase, IArchivedTransformer
{
    private readonly nn.Module<Tensor, Tensor, Tensor> network;
    private readonly Device device;
    private readonly string[] classNames;

    /// <summary>The trained network (evaluation mode).</summary>
    internal nn.Module<Tensor, Tensor, Tensor> Network => network;

    internal ImageClassificationTransformer(nn.Module<Tensor, Tensor, Tensor> network, string[] classNames, string pixelsColumnName, int width, int height, Device device, TrainingHistory history)
    {
        this.network = network;
        this.network.eval();
        this.device = device;
        this.classNames = classNames;
        PixelsColumnName = pixelsColumnName;
        ImageWidth = width;
        ImageHeight = height;
        History = history;
    }

    /// <summary>The class names, in score-slot order.</summary>
    public IReadOnlyList<string> ClassNames => classNames;

    /// <summary>The pixels column read.</summary>
    public string PixelsColumnName { get; }

    /// <summary>Image width in pixels.</summary>
    public int ImageWidth { get; }

    /// <summary>Image height in pixels.</summary>
    public int ImageHeight { get; }

    /// <summary>Trainable numbers in the network.</summary>
    public long ParameterCount => network.parameters().Sum(p => p.numel());

    /// <summary>The per-epoch training record and how training ended.</summary>
    public TrainingHistory History { get; }

    /// <summary>Class probabilities for each image (raw pixel values, row-major), scored in batches.</summary>
    /// <param name="images">Each image's <see cref="ImageWidth"/> x <see cref="ImageHeight"/> pixels.</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <exception cref="InvalidDataException">An image has the wrong number of pixels or a NaN or infinite value; the message names it.</exception>
    public float[][] PredictProbabilities(IReadOnlyList<float[]> images, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var size = ImageWidth * ImageHeight;
        var block = new float[(long)images.Count * size];
        for (var r = 0; r < images.Count; r++)
        {
            var image = images[r] ?? throw new ArgumentNullException(nameof(images), $"Image {r} is null.");
            ImageClassificationData.CheckRow(image, ImageWidth, ImageHeight, r, "images", "images");
            image.CopyTo(block, (long)r * size);
        }

        return ClassifierLoop.Predict(network, new ImageRows(block, ImageWidth, ImageHeight), batchSize, 1, device);
    }

    /// <summary>
    /// Writes the network as an ONNX model to <paramref name="stream"/> (left open): input
    /// <c>pixels</c> float [batch, <see cref="ImageHeight"/> * <see cref="ImageWidth"/>] of raw pixel
    /// values, row-major (the pixel scaling is part of the graph); output <c>probabilities</c> float
    /// [batch, classes]; class names and image size in the metadata (<c>emotion_ml.class_names</c>,
    /// <c>emotion_ml.image_width</c>, <c>emotion_ml.image_height</c>).
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

        OnnxModel().WriteTo(stream);
    }

    /// <summary>Writes the ONNX model (see <see cref="ExportToOnnx(Stream)"/>) to <paramref name="path"/> through a temporary file, so a failure leaves no partial file.</summary>
    /// <param name="path">The destination, usually <c>*.onnx</c>; replaced when it exists.</param>
    /// <exception cref="DirectoryNotFoundException">The destination folder does not exist.</exception>
    public void ExportToOnnx(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        OnnxFile.WriteAtomically(path, ExportToOnnx);
    }

    /// <summary>The ONNX model of the network.</summary>
    internal Emotion.ML.TorchSharp.Onnx.Protobuf.ModelProto OnnxModel()
    {
        var config = (network as IConfiguredNetwork)?.Config
            ?? throw new NotSupportedException($"The {network.GetType().Name} network cannot be exported to ONNX.");
        return OnnxImageExport.Export(network, config, classNames);
    }

    string IArchivedTransformer.ArchiveKind => ImageClassifierArchive.Kind;

    Type? IArchivedTransformer.ArchiveReaderType => typeof(ImageClassifierArchive);

    string IArchivedTransformer.ArchivePackage => ImageClassifierArchive.Package;

    void IArchivedTransformer.WriteTo(ArchiveStepWriter writer) => ImageClassifierArchive.Write(this, network, writer);

    private protected override RowMapping Bind(DataViewSchema inputSchema) => new Mapping(this, inputSchema);

    private sealed class Mapping : RowMapping
    {
        private readonly ImageClassificationTransformer owner;
        private readonly DataViewSchema.Column pixels;

        public Mapping(ImageClassificationTransformer owner, DataViewSchema schema)
            : this(owner, schema, FindInput(schema, owner.PixelsColumnName, "a vector of Single holding each row's image"))
        {
        }

        private Mapping(ImageClassificationTransformer owner, DataViewSchema schema, DataViewSchema.Column pixels)
            : base(schema, new[] { pixels }, ClassifierOutputs.Columns(owner.classNames))
        {
            ImageClassificationData.CheckPixels(pixels, owner.ImageWidth, owner.ImageHeight);
            this.owner = owner;
            this.pixels = pixels;
        }

        public override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isActive)
        {
            var getPixels = input.GetGetter<VBuffer<float>>(pixels);
            VBuffer<float> buffer = default;
            var values = new float[owner.ImageWidth * owner.ImageHeight];
            float[] probabilities = Array.Empty<float>();
            long cachedPosition = -1;

            // Score and PredictedLabel share one forward pass per row.
            float[] Compute()
            {
                if (cachedPosition != input.Position)
                {
                    getPixels(ref buffer);
                    var row = input.Position + 1;
                    if (buffer.Length != values.Length)
                    {
                        ImageClassificationData.CheckRow(buffer.DenseValues().ToArray(), owner.ImageWidth, owner.ImageHeight, row, pixels.Name, "data");
                    }

                    buffer.CopyTo(values);
                    ImageClassificationData.CheckRow(values, owner.ImageWidth, owner.ImageHeight, row, pixels.Name, "data");
                    var rows = new ImageRows((float[])values.Clone(), owner.ImageWidth, owner.ImageHeight);
                    probabilities = ClassifierLoop.Predict(owner.network, rows, 1, 1, owner.device)[0];
                    cachedPosition = input.Position;
                }

                return probabilities;
            }

            return ClassifierOutputs.Getters(Compute, isActive);
        }
    }
}
