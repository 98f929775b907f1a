using Emotion.ML.Testing;
using Emotion.ML.TorchSharp.Tests.Plots;

namespace Emotion.ML.TorchSharp.Tests.Cli;

/// <summary><c>emotion-ml sweep</c> and <c>plot</c>, and <c>--plots</c> on train, end to end.</summary>
public sealed class SweepAndPlotCommandTests : IDisposable
{
    private const string Space = """
        {
          "model": "textcnn",
          "options": { "Filters": 8, "ConvolutionBlocks": 1, "DenseLayers": [], "EmbeddingDimension": 16, "BatchSize": 64 },
          "parameters": { "LearningRate": [0.001, 0.01] }
        }
        """;

    private readonly string folder = Directory.CreateTempSubdirectory("emotion-cli-sweep-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Slice(string split, int step)
    {
        var lines = File.ReadAllLines(TestData.Carer(split));
        var path = Path.Combine(folder, split + ".tsv");
        File.WriteAllLines(path, lines.Take(1).Concat(lines.Skip(1).Where((_, i) => i % step == 0)));
        return path;
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Sweep_ranks_the_grid_retrains_the_best_reports_the_test_set_draws_the_plots_and_resumes()
    {
        var space = Write("space.json", Space);
        var run = Path.Combine(folder, "run");
        var plots = Path.Combine(folder, "plots");
        string[] Arguments(params string[] more) =>
            new[] { "sweep", "--data", Slice("train", 40), "--validation", Slice("validation", 10), "--space", space, "--epochs", "2", "--threads", "2", "--out", run }.Concat(more).ToArray();

        var (code, output, errors) = Cli.Run(Arguments("--test", Slice("test", 10), "--plots", plots));

        Assert.True(code == 0, errors + output);
        Assert.Contains("Searching 2 grid configurations of textcnn", output);
        Assert.Contains("[2/2] epoch 2:", output);
        Assert.Contains("trials ranked by validation Accuracy", output);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(run, "results.csv")).Length);
        Assert.True(File.Exists(Path.Combine(run, "best", "model.zip")));
        var report = Emotion.ML.Evaluation.ClassificationReport.FromJson(File.ReadAllText(Path.Combine(run, "best", "report.json")));
        Assert.Equal(200, report.Count);
        Assert.Contains($"accuracy                         {report.Accuracy:F4}", output);
        Png.AssertImage(Path.Combine(plots, "top-trials.png"), 1300, 620);
        Png.AssertImage(Path.Combine(plots, "best", "curves.png"), 1200, 480);
        Png.AssertImage(Path.Combine(plots, "best", "confusion.png"), 900, 760);

        (code, output, errors) = Cli.Run(Arguments("--retrain", "none"));
        Assert.True(code == 0, errors + output);
        Assert.Equal(2, output.Split("(recorded) trial").Length - 1);
        Assert.DoesNotContain("] epoch", output);
    }

    [Fact]
    public void Sweep_with_a_bad_space_fails_before_training_and_names_the_file_and_option()
    {
        var space = Write("bad.json", "{\n  \"parameters\": {\n    \"LearningRat\": [0.001]\n  }\n}");
        var (code, output, errors) = Cli.Run("sweep", "--data", Slice("train", 100), "--space", space, "--out", Path.Combine(folder, "run"));
        Assert.Equal(1, code);
        Assert.Contains($"{space}:3: $.parameters.LearningRat: TextCnnOptions has no option 'LearningRat'", errors);
        Assert.DoesNotContain("epoch", output);

        var empty = Write("empty.json", """{ "parameters": { "Dropout": [] } }""");
        (code, _, errors) = Cli.Run("sweep", "--data", Slice("train", 100), "--space", empty, "--out", Path.Combine(folder, "run"));
        Assert.Equal(1, code);
        Assert.Contains("the list of values is empty", errors);
    }

    [Fact]
    public void Train_with_plots_records_the_run_and_plot_redraws_it_and_measures_a_dataset()
    {
        var options = Write("small.json", """{ "Filters": 8, "ConvolutionBlocks": 1, "DenseLayers": [], "EmbeddingDimension": 16, "BatchSize": 64 }""");
        var plots = Path.Combine(folder, "train-plots");
        var (code, output, errors) = Cli.Run("train", "--data", Slice("train", 40), "--test", Slice("test", 10), "--options", options, "--epochs", "2", "--threads", "2",
            "--out", Path.Combine(folder, "m.zip"), "--plots", plots);
        Assert.True(code == 0, errors + output);
        foreach (var file in new[] { "history.json", "report.json", "curves.png", "confusion.png", "class-f1.png" })
        {
            Assert.True(File.Exists(Path.Combine(plots, file)), file);
        }

        var again = Path.Combine(folder, "redrawn");
        (code, output, errors) = Cli.Run("plot", "--run", plots, "--out", again);
        Assert.True(code == 0, errors);
        Assert.Contains(Path.Combine(again, "curves.png"), output);
        Png.AssertImage(Path.Combine(again, "class-f1.png"), 900, 560);

        (code, output, errors) = Cli.Run("plot", "--data", TestData.Carer("validation"), "--out", again);
        Assert.True(code == 0, errors);
        Assert.Contains("Text lengths of 2,000 rows", output);
        Png.AssertImage(Path.Combine(again, "validation-lengths.png"), 1000, 560);

        (code, _, errors) = Cli.Run("plot", "--run", Directory.CreateDirectory(Path.Combine(folder, "nothing")).FullName);
        Assert.Equal(1, code);
        Assert.Contains("is not a run directory", errors);
    }
}
