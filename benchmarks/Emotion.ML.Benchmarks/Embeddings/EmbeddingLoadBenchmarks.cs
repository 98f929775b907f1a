using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Emotion.ML.Embeddings;

namespace Emotion.ML.Benchmarks.Embeddings;

/// <summary>
/// Word-vector loading: a synthetic 400,000 x 100 GloVe text file (the size of glove.6B.100d.txt,
/// generated once in the temp folder), the real trimmed 54k GloVe file from the shared data when
/// present, and the 18k file embedded in the repository.
/// </summary>
[MemoryDiagnoser]
public class EmbeddingLoadBenchmarks
{
    private const int SyntheticWords = 400_000;
    private const int SyntheticDimension = 100;
    private string _synthetic = "";
    private string[] _restrict = Array.Empty<string>();

    /// <summary>The file to load in <see cref="LoadSharedTrimmed54k"/>; the embedded file when the shared data are absent.</summary>
    public string SharedGlove { get; private set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _synthetic = Path.Combine(Path.GetTempPath(), $"emotion-ml-synthetic-glove-{SyntheticWords}x{SyntheticDimension}.txt");
        if (!File.Exists(_synthetic))
        {
            WriteSynthetic(_synthetic);
        }

        var shared = BenchmarkData.SharedData is { } data ? Path.Combine(data, "glove", "glove.6B.100d.trimmed.txt.gz") : null;
        SharedGlove = shared is not null && File.Exists(shared) ? shared : BenchmarkData.Glove;
        _restrict = Enumerable.Range(0, 20_000).Select(i => "w" + (i * 20)).ToArray();
    }

    /// <summary>400k x 100d plain text, every word.</summary>
    [Benchmark]
    public int LoadSynthetic400k() => WordEmbeddings.Load(_synthetic).Count;

    /// <summary>400k x 100d plain text, keeping 20k words (a vocabulary's worth).</summary>
    [Benchmark]
    public int LoadSynthetic400kRestrictedTo20k() => WordEmbeddings.Load(_synthetic, new WordEmbeddingsLoadOptions { RestrictTo = _restrict }).Count;

    /// <summary>The real trimmed GloVe 6B 100d file (54,467 words, gzip).</summary>
    [Benchmark]
    public int LoadSharedTrimmed54k() => WordEmbeddings.Load(SharedGlove).Count;

    /// <summary>The GloVe file embedded in the repository (18,187 words, gzip).</summary>
    [Benchmark]
    public int LoadEmbedded18k() => WordEmbeddings.Load(BenchmarkData.Glove).Count;

    /// <summary>Writes GloVe-like lines: values drawn from N(0, 0.4) printed with up to 6 significant digits, as GloVe prints them.</summary>
    private static void WriteSynthetic(string path)
    {
        var random = new Random(1);
        var temp = path + ".tmp";
        using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false), 1 << 20))
        {
            var line = new StringBuilder(1024);
            for (var i = 0; i < SyntheticWords; i++)
            {
                line.Clear().Append('w').Append(i);
                for (var j = 0; j < SyntheticDimension; j++)
                {
                    var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    line.Append(' ').Append(((float)(normal * 0.4)).ToString("G6", CultureInfo.InvariantCulture));
                }

                writer.Write(line.Append('\n'));
            }
        }

        File.Move(temp, path, overwrite: true);
    }
}
