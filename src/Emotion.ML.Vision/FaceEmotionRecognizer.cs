using Emotion.ML.Onnx;
using OpenCvSharp;

namespace Emotion.ML.Vision;

/// <summary>
/// Facial-expression recognition in photos: finds every face with a <see cref="FaceDetector"/>,
/// crops it, converts it to the classifier's grayscale size (48x48 for FER2013 models) and
/// classifies all faces in one run of an exported Emotion.ML image classifier (ONNX Runtime; no TorchSharp).
/// </summary>
/// <remarks>Not thread-safe (the detector is not). Dispose it to release the detector and, when it owns it, the classifier.</remarks>
/// <example>
/// <code>
/// using var recognizer = FaceEmotionRecognizer.Load("faces.zip");   // an archive or an .onnx file
/// using var photo = FaceImages.Read("party.jpg");
/// var faces = recognizer.Recognize(photo);
/// FaceAnnotator.Draw(photo, faces);
/// FaceAnnotator.SavePng(photo, "party-annotated.png");
/// </code>
/// </example>
public sealed class FaceEmotionRecognizer : IDisposable
{
    private readonly FaceDetector _detector;
    private readonly bool _ownsClassifier;

    /// <summary>Recognizes faces with <paramref name="classifier"/> and <paramref name="detector"/> (the embedded frontal-face cascade when null).</summary>
    /// <param name="classifier">The image classifier; it stays the caller's to dispose.</param>
    /// <param name="detector">The face detector, now owned by the recognizer; null creates the default one.</param>
    public FaceEmotionRecognizer(OnnxImageClassifier classifier, FaceDetector? detector = null)
        : this(classifier, detector, ownsClassifier: false)
    {
    }

    private FaceEmotionRecognizer(OnnxImageClassifier classifier, FaceDetector? detector, bool ownsClassifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        Classifier = classifier;
        _detector = detector ?? FaceDetector.Create();
        _ownsClassifier = ownsClassifier;
    }

    /// <summary>The image classifier.</summary>
    public OnnxImageClassifier Classifier { get; }

    /// <summary>Loads the classifier from an Emotion.ML model archive (<c>.zip</c>) or an exported <c>.onnx</c> file.</summary>
    /// <param name="modelPath">The archive or ONNX file of an image classifier.</param>
    /// <param name="detectorOptions">Face detection settings; defaults when null.</param>
    /// <param name="classifierOptions">ONNX Runtime settings; defaults when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">The file is not an Emotion.ML image classifier (<see cref="OnnxModelFormatException"/> or an archive format error).</exception>
    public static FaceEmotionRecognizer Load(string modelPath, FaceDetectorOptions? detectorOptions = null, OnnxClassifierOptions? classifierOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var classifier = string.Equals(Path.GetExtension(modelPath), ".onnx", StringComparison.OrdinalIgnoreCase)
            ? OnnxImageClassifier.Load(modelPath, classifierOptions)
            : OnnxImageClassifier.LoadFromArchive(modelPath, classifierOptions);
        try
        {
            return new FaceEmotionRecognizer(classifier, FaceDetector.Create(detectorOptions), ownsClassifier: true);
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
    }

    /// <summary>Every face in <paramref name="image"/> with its predicted expression, largest face first.</summary>
    /// <param name="image">A color or grayscale 8-bit image.</param>
    public IReadOnlyList<FaceEmotion> Recognize(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var boxes = _detector.Detect(image);
        if (boxes.Count == 0)
        {
            return Array.Empty<FaceEmotion>();
        }

        var crops = boxes.Select(b => FaceImages.ToPixels(image, b, Classifier.ImageWidth, Classifier.ImageHeight)).ToArray();
        var predictions = Classifier.PredictBatch(crops);
        return boxes.Select((box, i) => new FaceEmotion(box, predictions[i])).ToArray();
    }

    /// <summary>Every face in the image file <paramref name="path"/> with its predicted expression.</summary>
    /// <param name="path">The photo.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an image OpenCV can decode.</exception>
    public IReadOnlyList<FaceEmotion> Recognize(string path)
    {
        using var image = FaceImages.Read(path);
        return Recognize(image);
    }

    /// <summary>Releases the detector and, when loaded by <see cref="Load"/>, the classifier.</summary>
    public void Dispose()
    {
        _detector.Dispose();
        if (_ownsClassifier)
        {
            Classifier.Dispose();
        }
    }
}
