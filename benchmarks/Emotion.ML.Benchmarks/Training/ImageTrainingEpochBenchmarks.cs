using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Emotion.ML.Data;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;

namespace Emotion.ML.Benchmarks.Training;

/// <summary>
/// One training epoch of the image classifier on 512 FER2013 faces (the first 512 Training rows of the
/// shared FER2013 subset when present, else the embedded 84-face sample repeated): batch 64, Adam 1e-3,
/// 2 threads, no validation, with and without seed 003's augmentation. One operation is one image, so
/// Images/s is 1 / Mean.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class ImageTrainingEpochBenchmarks
{
    private const int Images = 512;

    private IDataView _faces = null!;
    private MLContext _ml = null!;

    /// <summary>The network: seed 003's default, or half of its filters in every block (a quarter of the work).</summary>
    [Params("seed-003 (32-64-128-256)")]
    public string Network { get; set; } = "";

    /// <summary>Whether training batches are augmented (rotation, zoom, shift, flip).</summary>
    [Params(true, false)]
    public bool Augmentation { get; set; }

    /// <summary>Loads the faces once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _ml = new MLContext(seed: 1);
        var shared = BenchmarkData.SharedData is { } data ? Path.Combine(data, "fer2013-subset", "fer2013.csv.gz") : null;
        var source = shared is not null && File.Exists(shared)
            ? Fer2013.Read(shared, Fer2013.Training)
            : Fer2013.Read(Path.Combine(BenchmarkData.RepositoryRoot, "data", "fer2013-sample", "fer2013-sample.csv.gz"));
        var faces = Enumerable.Range(0, Images).Select(i => source[i % source.Count]).ToArray();
        _faces = _ml.Data.LoadFromEnumerable(faces);
    }

    /// <summary>Trains one epoch.</summary>
    [Benchmark(OperationsPerInvoke = Images)]
    public object OneEpoch()
    {
        var options = new ImageCnnOptions
        {
            MaxEpochs = 1,
            ValidationFraction = 0,
            NumberOfThreads = 2,
            Seed = 1,
            Augmentation = Augmentation ? new ImageAugmentation() : ImageAugmentation.None,
        };
        if (Network.StartsWith("narrow", StringComparison.Ordinal))
        {
            options.BlockFilters = new[] { 16, 32, 64, 128 };
        }

        return _ml.Transforms.Conversion.MapValueToKey("Label", keyData: Fer2013.ClassNameData(_ml))
            .Append(_ml.MulticlassClassification.Trainers.ImageCnn(options))
            .Fit(_faces);
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new PerSecondColumn("Images/s", "Training images per second over one epoch, 2 threads (1 / Mean)"));
    }
}
