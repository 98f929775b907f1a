using OpenCvSharp;

namespace Emotion.ML.Vision;

/// <summary>
/// Finds faces in images with an OpenCV Haar cascade: by default OpenCV's frontal-face cascade,
/// which ships inside this library (see <c>Resources/README.md</c> for its licence). The image is
/// converted to grayscale (and histogram-equalized) before the scan.
/// </summary>
/// <remarks>Not thread-safe: use one detector per thread. Dispose it to release the native cascade.</remarks>
/// <example>
/// <code>
/// using var detector = FaceDetector.Create();
/// foreach (var face in detector.Detect("group.jpg")) Console.WriteLine(face);
/// </code>
/// </example>
public sealed class FaceDetector : IDisposable
{
    private const string CascadeResource = "Emotion.ML.Vision.Resources.haarcascade_frontalface_default.xml";

    private readonly CascadeClassifier _cascade;
    private readonly FaceDetectorOptions _options;

    private FaceDetector(CascadeClassifier cascade, FaceDetectorOptions options)
    {
        _cascade = cascade;
        _options = options;
    }

    /// <summary>A detector with OpenCV's frontal-face cascade (embedded in this library).</summary>
    /// <param name="options">Scan settings; defaults when null.</param>
    /// <exception cref="InvalidOperationException">OpenCV's native runtime could not be loaded (reference OpenCvSharp4's runtime package; on Linux it also needs libgtk-3-0).</exception>
    public static FaceDetector Create(FaceDetectorOptions? options = null)
    {
        var settings = Checked(options);
        // OpenCvSharp loads cascades from files only: write the embedded one to a private temporary file.
        var temp = Path.Combine(Path.GetTempPath(), $"emotion-ml-frontalface-{Guid.NewGuid():N}.xml");
        try
        {
            using (var resource = typeof(FaceDetector).Assembly.GetManifestResourceStream(CascadeResource)
                ?? throw new InvalidOperationException($"The embedded resource {CascadeResource} is missing from {typeof(FaceDetector).Assembly.GetName().Name}."))
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                resource.CopyTo(file);
            }

            return new FaceDetector(LoadCascade(temp, "the embedded frontal-face cascade"), settings);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>A detector with the Haar or LBP cascade in <paramref name="cascadePath"/> (OpenCV's XML format).</summary>
    /// <param name="cascadePath">The cascade file.</param>
    /// <param name="options">Scan settings; defaults when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">OpenCV cannot read a cascade from the file.</exception>
    public static FaceDetector Load(string cascadePath, FaceDetectorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(cascadePath);
        if (!File.Exists(cascadePath))
        {
            throw new FileNotFoundException($"Cascade file '{cascadePath}' does not exist.", cascadePath);
        }

        return new FaceDetector(LoadCascade(cascadePath, $"'{cascadePath}'"), Checked(options));
    }

    /// <summary>The faces in <paramref name="image"/> (color or grayscale, 8 bits per channel), largest first.</summary>
    /// <param name="image">The image.</param>
    /// <exception cref="ArgumentException">The image is empty or not 8-bit with 1, 3 or 4 channels.</exception>
    public IReadOnlyList<FaceBox> Detect(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var gray = FaceImages.ToGray(image, nameof(image));
        if (_options.EqualizeHistogram)
        {
            Cv2.EqualizeHist(gray, gray);
        }

        var size = new Size(_options.MinFaceSize, _options.MinFaceSize);
        return _cascade.DetectMultiScale(gray, _options.ScaleFactor, _options.MinNeighbors, minSize: size)
            .Select(r => new FaceBox(r.X, r.Y, r.Width, r.Height))
            .OrderByDescending(b => b.Area)
            .ToArray();
    }

    /// <summary>The faces in the image file <paramref name="path"/>, largest first.</summary>
    /// <param name="path">A PNG, JPEG, BMP or other image file OpenCV decodes.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an image OpenCV can decode.</exception>
    public IReadOnlyList<FaceBox> Detect(string path)
    {
        using var image = FaceImages.Read(path);
        return Detect(image);
    }

    /// <summary>Releases the native cascade.</summary>
    public void Dispose() => _cascade.Dispose();

    private static FaceDetectorOptions Checked(FaceDetectorOptions? options)
    {
        var settings = options ?? new FaceDetectorOptions();
        settings.Validate(nameof(options));
        return new FaceDetectorOptions
        {
            ScaleFactor = settings.ScaleFactor,
            MinNeighbors = settings.MinNeighbors,
            MinFaceSize = settings.MinFaceSize,
            EqualizeHistogram = settings.EqualizeHistogram,
        };
    }

    private static CascadeClassifier LoadCascade(string path, string what)
    {
        CascadeClassifier cascade;
        try
        {
            cascade = new CascadeClassifier();
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or BadImageFormatException)
        {
            throw new InvalidOperationException(
                "OpenCV's native runtime could not be loaded. Reference OpenCvSharp4's runtime package for the platform " +
                "(OpenCvSharp4.official.runtime.linux-x64 on Linux x64); on Linux it also needs the GTK 3 library " +
                "(Debian/Ubuntu: apt-get install libgtk-3-0, or ./run.sh setup). Original error: " + (ex.InnerException ?? ex).Message, ex);
        }

        string? reason = null;
        try
        {
            if (!cascade.Load(path) || cascade.Empty())
            {
                reason = "it holds no cascade";
            }
        }
        catch (OpenCVException ex)
        {
            reason = ex.ErrMsg;
        }

        if (reason is not null)
        {
            cascade.Dispose();
            throw new InvalidDataException($"OpenCV could not read a cascade classifier from {what} ({reason}); expected an OpenCV cascade XML file (e.g. haarcascade_frontalface_default.xml).");
        }

        return cascade;
    }
}
