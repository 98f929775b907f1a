using System.Reflection;

namespace Emotion.ML.Classification;

/// <summary>Finds the pretrained English emotion model of the <c>Emotion.ML.Models.English</c> package, when the application references it.</summary>
internal static class DefaultEmotionModel
{
    public const string AssemblyName = "Emotion.ML.Models.English";

    public const string ResourceName = "Emotion.ML.Models.English.emotion-english.onnx";

    /// <summary>The model's ONNX bytes.</summary>
    /// <exception cref="InvalidOperationException">The package is not referenced, or its assembly holds no model.</exception>
    public static byte[] Read()
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(AssemblyName));
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new InvalidOperationException(
                $"The default English emotion model ships in the {AssemblyName} package, which this application does not reference. " +
                $"Add it (dotnet add package {AssemblyName}), or load an exported model with {nameof(EmotionClassifier)}.{nameof(EmotionClassifier.Load)}(path).",
                ex);
        }

        using var stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} {assembly.GetName().Version} holds no resource '{ResourceName}'; reinstall the {AssemblyName} package.");
        using var buffer = new MemoryStream(checked((int)stream.Length));
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
