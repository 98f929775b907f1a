namespace Emotion.ML.Cli.Data;

/// <summary>
/// Finds the embedded default data (<c>data/</c> in the repository): the CARER emotion splits and
/// the trimmed GloVe vectors.
/// </summary>
internal sealed record DefaultData(string Root)
{
    public string Train => Path.Combine(Root, "carer-emotion", "train.tsv");

    public string Validation => Path.Combine(Root, "carer-emotion", "validation.tsv");

    public string Test => Path.Combine(Root, "carer-emotion", "test.tsv");

    public string Glove => Path.Combine(Root, "glove", "glove.6B.100d.emotion.txt.gz");

    /// <summary>
    /// Uses <paramref name="explicitRoot"/> when given, else looks for a <c>data/</c> folder holding
    /// the CARER splits above the current directory and above the program's own folder.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No such folder was found; the message says where it looked.</exception>
    public static DefaultData Locate(string? explicitRoot)
    {
        if (explicitRoot is not null)
        {
            var data = new DefaultData(Path.GetFullPath(explicitRoot));
            if (!File.Exists(data.Train))
            {
                throw new DirectoryNotFoundException($"--data-dir '{explicitRoot}' has no carer-emotion/train.tsv.");
            }

            return data;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = new DefaultData(Path.Combine(dir.FullName, "data"));
                if (File.Exists(candidate.Train) && File.Exists(candidate.Glove))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException(
            "The default data folder (data/carer-emotion and data/glove) was not found above the current directory " +
            "or the program's folder; pass --data-dir.");
    }
}
