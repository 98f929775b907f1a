using System.Text.Json.Nodes;
using Emotion.ML.Plots;
using Emotion.ML.TorchSharp.Tuning;
using ScottPlot;
using ScottPlot.Plottables;

namespace Emotion.ML.TorchSharp.Tests.Plots;

public sealed class SearchAndRunDirectoryPlotTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("emotion-runplots-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static SearchResult Search(int trials) => new(
        Enumerable.Range(1, trials).Select(i => new TrialResult(
            i,
            new TrialParameters(new[] { KeyValuePair.Create("Units", (JsonNode?)new JsonArray(32 * i)) }),
            TrialStatus.Completed,
            new[] { new TrialRun(1, 0.8 + (0.01 * i), 0.7, 0.5, 3, false, PlotTests.History(4 + i, 2 + i, shift: -0.01 * i)) })),
        SearchMetric.Accuracy);

    [Fact]
    public void The_top_trials_figure_overlays_the_three_best_trials_by_rank()
    {
        var result = Search(5);
        var figure = SearchPlots.TopTrials(result);
        var accuracy = figure.GetPlots()[0];
        var legends = accuracy.GetPlottables().OfType<Scatter>().Select(s => s.LegendText).Where(t => t.Length > 0).ToList();
        Assert.Equal(new[] { "#1 trial 5: Units=[160]", "#2 trial 4: Units=[128]", "#3 trial 3: Units=[96]" }, legends);
        var best = result.Trials[0].Runs[0].History;
        Assert.Equal(best.Epochs.Select(e => e.ValidationAccuracy!.Value), accuracy.GetPlottables().OfType<Scatter>().First().Data.GetScatterPoints().Select(c => c.Y));
        Png.AssertImage(SearchPlots.SaveTopTrials(result, Path.Combine(folder, "top.png")), SearchPlots.DefaultWidth, SearchPlots.DefaultHeight);
    }

    [Fact]
    public void A_run_directory_of_a_comparison_gives_the_overlay_and_each_runs_figures()
    {
        var run = Path.Combine(folder, "compare");
        RunDirectory.Write(Path.Combine(run, "textcnn"), PlotTests.History(6, 4), PlotTests.Report());
        RunDirectory.Write(Path.Combine(run, "gru"), PlotTests.History(8, 6), null);
        var output = Path.Combine(folder, "plots");

        var written = RunDirectory.Plot(run, output);

        var expected = new[] { "validation-accuracy.png", "gru/curves.png", "textcnn/curves.png", "textcnn/confusion.png", "textcnn/class-f1.png" }
            .Select(p => Path.Combine(output, p)).ToArray();
        Assert.Equal(expected, written);
        foreach (var file in written)
        {
            Assert.True(File.Exists(file), file);
        }

        Png.AssertImage(written[0], CurveComparison.DefaultWidth, CurveComparison.DefaultHeight);
        Png.AssertImage(written[3], ConfusionHeatmap.DefaultWidth, ConfusionHeatmap.DefaultHeight);
        Assert.Equal(PlotTests.History(6, 4).Epochs, RunDirectory.ReadHistory(Path.Combine(run, "textcnn"))!.Epochs);
    }

    [Fact]
    public void Something_that_is_not_a_run_directory_is_named_in_the_error()
    {
        var empty = Directory.CreateDirectory(Path.Combine(folder, "empty")).FullName;
        var ex = Assert.Throws<InvalidDataException>(() => RunDirectory.Plot(empty));
        Assert.Contains(empty, ex.Message);
        Assert.Contains("history.json", ex.Message);
        Assert.Throws<DirectoryNotFoundException>(() => RunDirectory.Plot(Path.Combine(folder, "nowhere")));

        var broken = Directory.CreateDirectory(Path.Combine(folder, "broken")).FullName;
        File.WriteAllText(Path.Combine(broken, RunDirectory.HistoryFile), """{ "bestEpoch": 1 }""");
        var bad = Assert.Throws<InvalidDataException>(() => RunDirectory.Plot(broken));
        Assert.Contains(Path.Combine(broken, "history.json"), bad.Message);
        Assert.Contains("stopReason", bad.Message);
    }
}
