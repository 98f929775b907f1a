using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Testing;

/// <summary>The repository's embedded data (data/) as the tests read it.</summary>
internal static class TestData
{
    /// <summary>The repository root: the folder above the test binaries that holds Emotion.ML.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The embedded trimmed GloVe 100d file.</summary>
    public static string Glove => File("glove/glove.6B.100d.emotion.txt.gz");

    /// <summary>A file under data/, e.g. <c>carer-emotion/train.tsv</c>.</summary>
    public static string File(string relative) => System.IO.Path.Combine(Root, "data", relative);

    /// <summary>A CARER split (<c>train</c>, <c>validation</c>, <c>test</c>) as a TSV path.</summary>
    public static string Carer(string split) => File($"carer-emotion/{split}.tsv");

    /// <summary>The first <paramref name="rows"/> rows of a CARER split (all when null), loaded as ML.NET expects the file.</summary>
    public static IDataView LoadCarer(MLContext ml, string split, int? rows = null)
    {
        var data = ml.Data.LoadFromTextFile<Sentence>(Carer(split), '\t', hasHeader: true, allowQuoting: false);
        return rows is null ? data : ml.Data.TakeRows(data, rows.Value);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Emotion.ML.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Emotion.ML.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>One row of a <c>text</c>/<c>label</c> TSV file.</summary>
    public sealed class Sentence
    {
        [LoadColumn(0)]
        public string Text { get; set; } = "";

        [LoadColumn(1)]
        public string Label { get; set; } = "";
    }

    /// <summary>A classifier's output after MapKeyToValue.</summary>
    public sealed class Prediction
    {
        public string PredictedLabel { get; set; } = "";

        public float[] Score { get; set; } = Array.Empty<float>();
    }
}
