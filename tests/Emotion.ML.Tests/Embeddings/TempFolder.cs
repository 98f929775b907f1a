using System.IO.Compression;
using System.Text;

namespace Emotion.ML.Tests.Embeddings;

/// <summary>A temporary folder for test files, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "emotion-ml-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string content) => Write(name, Encoding.UTF8.GetBytes(content));

    public string Write(string name, byte[] content)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string WriteGzip(string name, byte[] content)
    {
        var path = System.IO.Path.Combine(Path, name);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(content);
        return path;
    }

    /// <summary>The word2vec binary layout: header line, then word, space, little-endian floats, line break.</summary>
    public static byte[] Word2VecBinary(int count, int dimension, params (string Word, float[] Vector)[] entries)
    {
        using var stream = new MemoryStream();
        stream.Write(Encoding.ASCII.GetBytes($"{count} {dimension}\n"));
        foreach (var (word, vector) in entries)
        {
            stream.Write(Encoding.UTF8.GetBytes(word + " "));
            foreach (var value in vector)
            {
                stream.Write(BitConverter.GetBytes(value));
            }

            stream.WriteByte((byte)'\n');
        }

        return stream.ToArray();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
