using System.Globalization;
using Emotion.ML.Persistence;
using Microsoft.ML.OnnxRuntime;

namespace Emotion.ML.Onnx;

/// <summary>
/// Scores grayscale images with an image classifier exported to ONNX (input
/// <see cref="OnnxModelContract.PixelsInput"/> float [batch, height * width], raw pixel values
/// row-major; output <see cref="OnnxModelContract.ProbabilitiesOutput"/>), through ONNX Runtime
/// alone: no TorchSharp. The image size and class names come from the model's metadata.
/// </summary>
/// <remarks>Thread-safe: any number of threads may predict at once. Dispose it to release the ONNX Runtime session.</remarks>
/// <example>
/// <code>
/// using var classifier = OnnxImageClassifier.LoadFromArchive("faces.zip");
/// var prediction = classifier.Predict(pixels);        // 48 * 48 values 0..255, top row first
/// Console.WriteLine($"{prediction.Label} {prediction.Confidence:P0}");
/// </code>
/// </example>
public sealed class OnnxImageClassifier : IDisposable
{
    /// <summary>Images per ONNX Runtime run of <see cref="PredictProbabilities"/>.</summary>
    public const int RunRows = 256;

    private static readonly string[] InputNames = { OnnxModelContract.PixelsInput };
    private static readonly string[] OutputNames = { OnnxModelContract.ProbabilitiesOutput };

    private readonly InferenceSession _session;
    private readonly string[] _classNames;
    private volatile bool _disposed;

    private OnnxImageClassifier(InferenceSession session, OnnxExecutionProvider provider, string architecture, string[] classNames, int width, int height, string source)
    {
        _session = session;
        _classNames = classNames;
        ExecutionProvider = provider;
        Architecture = architecture;
        ImageWidth = width;
        ImageHeight = height;
        Source = source;
    }

    /// <summary>The class names, in the order of <see cref="ClassPrediction.Scores"/>.</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>Image width in pixels.</summary>
    public int ImageWidth { get; }

    /// <summary>Image height in pixels.</summary>
    public int ImageHeight { get; }

    /// <summary>Pixel values per image: <see cref="ImageWidth"/> x <see cref="ImageHeight"/>.</summary>
    public int PixelCount => ImageWidth * ImageHeight;

    /// <summary>The network family recorded by the exporter (<c>ImageCnn</c>).</summary>
    public string Architecture { get; }

    /// <summary>Where the session runs: <see cref="OnnxExecutionProvider.Cpu"/> or <see cref="OnnxExecutionProvider.Cuda"/>.</summary>
    public OnnxExecutionProvider ExecutionProvider { get; }

    /// <summary>The model's file path, or a description of where its bytes came from.</summary>
    public string Source { get; }

    /// <summary>Loads an exported image classifier from an <c>.onnx</c> file.</summary>
    /// <param name="path">The file written by <c>ExportToOnnx</c> or <c>emotion-ml export-onnx</c>.</param>
    /// <param name="options">Threads, execution provider and logging; defaults when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OnnxModelFormatException">The file is truncated or not ONNX, or is not an Emotion.ML image classifier; the message names the file and the problem.</exception>
    public static OnnxImageClassifier Load(string path, OnnxClassifierOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"ONNX model '{path}' was not found.", path);
        }

        return Create(File.ReadAllBytes(path), path, options);
    }

    /// <summary>Loads an exported image classifier from the bytes of an ONNX model.</summary>
    /// <param name="model">The model bytes.</param>
    /// <param name="options">Threads, execution provider and logging; defaults when null.</param>
    /// <exception cref="OnnxModelFormatException">The bytes are not an Emotion.ML image classifier.</exception>
    public static OnnxImageClassifier Load(byte[] model, OnnxClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Create(model, "bytes", options);
    }

    /// <summary>Loads the ONNX form of the image classifier inside an Emotion.ML model archive (saved by <c>SaveEmotionModel</c>); needs no TorchSharp.</summary>
    /// <param name="path">The model archive (<c>.zip</c>).</param>
    /// <param name="options">Threads, execution provider and logging; defaults when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EmotionModelFormatException">The archive is damaged or holds no single image classifier.</exception>
    public static OnnxImageClassifier LoadFromArchive(string path, OnnxClassifierOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Emotion.ML model '{path}' was not found.", path);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return OnnxImageArchiveReader.Load(stream, path, options);
    }

    /// <summary>Classifies one image.</summary>
    /// <param name="pixels">The <see cref="PixelCount"/> raw pixel values, row-major.</param>
    /// <exception cref="ArgumentException">The image has the wrong size or a NaN or infinite value.</exception>
    public ClassPrediction Predict(float[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        return PredictBatch(new[] { pixels })[0];
    }

    /// <summary>Classifies images, <see cref="RunRows"/> per ONNX Runtime run.</summary>
    /// <param name="images">Each image's raw pixel values, row-major.</param>
    /// <returns>One prediction per image, in order.</returns>
    /// <exception cref="ArgumentException">An image has the wrong size or a NaN or infinite value; the message names it.</exception>
    public IReadOnlyList<ClassPrediction> PredictBatch(IReadOnlyList<float[]> images) =>
        PredictProbabilities(images).Select(p => new ClassPrediction(_classNames, p)).ToArray();

    /// <summary>Class probabilities for each image, in <see cref="ClassNames"/> order.</summary>
    /// <param name="images">Each image's raw pixel values, row-major.</param>
    /// <exception cref="ArgumentException">An image has the wrong size or a NaN or infinite value; the message names it.</exception>
    public float[][] PredictProbabilities(IReadOnlyList<float[]> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var size = PixelCount;
        for (var r = 0; r < images.Count; r++)
        {
            CheckImage(images[r], r);
        }

        var result = new float[images.Count][];
        for (var start = 0; start < images.Count; start += RunRows)
        {
            var rows = Math.Min(RunRows, images.Count - start);
            var block = new float[rows * size];
            for (var r = 0; r < rows; r++)
            {
                images[start + r].CopyTo(block, r * size);
            }

            var probabilities = Run(block, rows);
            Array.Copy(probabilities, 0, result, start, rows);
        }

        return result;
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose()
    {
        _disposed = true;
        _session.Dispose();
    }

    internal static OnnxImageClassifier Create(byte[] model, string source, OnnxClassifierOptions? options)
    {
        var settings = options?.Clone() ?? new OnnxClassifierOptions();
        settings.Validate(nameof(options));
        var (session, provider) = OnnxSessions.Open(model, source, settings);
        try
        {
            var (width, height) = ReadImageSize(session, source);
            var (architecture, classNames) = OnnxModelInfo.ReadHeader(session, source);
            return new OnnxImageClassifier(session, provider, architecture, classNames, width, height, source);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static (int Width, int Height) ReadImageSize(InferenceSession session, string source)
    {
        const string Expected = "expected the one input pixels float [batch, height * width]";
        var inputs = session.InputMetadata;
        if (inputs.Count != 1)
        {
            throw new OnnxModelFormatException(source, $"it has the inputs {string.Join(", ", inputs.Keys)}; {Expected}.");
        }

        OnnxModelInfo.CheckTensor(source, inputs, OnnxModelContract.PixelsInput, "input", typeof(float), 2, Expected);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        int Size(string key) =>
            int.TryParse(OnnxModelInfo.Required(source, metadata, key), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 4096
                ? value
                : throw new OnnxModelFormatException(source, $"metadata '{key}' is '{metadata[key]}'; expected a whole number of pixels from 1 to 4096.");
        var (width, height) = (Size(OnnxModelContract.ImageWidthKey), Size(OnnxModelContract.ImageHeightKey));
        var declared = inputs[OnnxModelContract.PixelsInput].Dimensions[1];
        if (declared > 0 && declared != width * height)
        {
            throw new OnnxModelFormatException(source, $"input 'pixels' takes {declared} values per row but the metadata gives a {width}x{height} image.");
        }

        return (width, height);
    }

    private void CheckImage(float[]? pixels, int index)
    {
        if (pixels is null)
        {
            throw new ArgumentNullException(nameof(pixels), $"Image {index} is null.");
        }

        if (pixels.Length != PixelCount)
        {
            throw new ArgumentException($"Image {index} has {pixels.Length} pixel values; the model reads {PixelCount} ({ImageWidth}x{ImageHeight} grayscale, row-major).", nameof(pixels));
        }

        for (var i = 0; i < pixels.Length; i++)
        {
            if (!float.IsFinite(pixels[i]))
            {
                throw new ArgumentException($"Image {index} has {pixels[i]} at pixel {i} (row {i / ImageWidth}, column {i % ImageWidth}); expected finite values.", nameof(pixels));
            }
        }
    }

    private float[][] Run(float[] block, int rows)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(block, new long[] { rows, PixelCount });
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, InputNames, new[] { input }, OutputNames);
        var probabilities = outputs[0].GetTensorDataAsSpan<float>();
        var classes = _classNames.Length;
        if (probabilities.Length != rows * classes)
        {
            throw new InvalidOperationException($"ONNX model '{Source}' returned {probabilities.Length} probabilities for {rows} images of {classes} classes.");
        }

        var result = new float[rows][];
        for (var r = 0; r < rows; r++)
        {
            result[r] = probabilities.Slice(r * classes, classes).ToArray();
        }

        return result;
    }
}
