namespace Emotion.ML.Benchmarks;

/// <summary>Locates the datasets the benchmarks read: the shared data sets when present, else the embedded <c>data/</c>.</summary>
public static class BenchmarkData
{
    /// <summary>The repository root (the folder holding Emotion.ML.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The shared datasets folder beside the repository, or null when absent.</summary>
    public static string? SharedData
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));
            return Directory.Exists(path) ? path : null;
        }
    }

    /// <summary>The CARER training split (16,000 rows).</summary>
    public static string CarerTrain => Path.Combine(RepositoryRoot, "data", "carer-emotion", "train.tsv");

    /// <summary>The CARER test split (2,000 rows).</summary>
    public static string CarerTest => Path.Combine(RepositoryRoot, "data", "carer-emotion", "test.tsv");

    /// <summary>The embedded trimmed GloVe 100d file.</summary>
    public static string Glove => Path.Combine(RepositoryRoot, "data", "glove", "glove.6B.100d.emotion.txt.gz");

    /// <summary>Reads the text column of a TSV file with a header, splitting each line at its last tab.</summary>
    public static string[] ReadTexts(string tsv) =>
        File.ReadLines(tsv).Skip(1).Select(l => l[..l.LastIndexOf('\t')]).ToArray();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Emotion.ML.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("Emotion.ML.sln not found above " + AppContext.BaseDirectory);
    }
}
