using Emotion.ML.Evaluation;
using Emotion.ML.Plots;
using Emotion.ML.TorchSharp.Training;
using ScottPlot;
using ScottPlot.Plottables;

namespace Emotion.ML.TorchSharp.Tests.Plots;

public sealed class PlotTests : IDisposable
{
    private static readonly string[] Classes = { "sadness", "anger", "love", "surprise", "fear", "joy" };

    private readonly string folder = Directory.CreateTempSubdirectory("emotion-plots-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    internal static TrainingHistory History(int epochs, int best, double shift = 0, bool validation = true) => new(
        Enumerable.Range(1, epochs).Select(e => new EpochRecord(
            e,
            1.0 / e + shift,
            0.5 + (0.04 * e) - shift,
            validation ? 1.2 / e + 0.1 + shift : null,
            validation ? 0.45 + (0.05 * Math.Min(e, best)) - shift : null,
            validation ? 0.40 + (0.05 * Math.Min(e, best)) - shift : null,
            2,
            1000)).ToList(),
        best,
        best < epochs ? StopReason.EarlyStopping : StopReason.MaxEpochs);

    internal static ClassificationReport Report()
    {
        int[][] counts =
        {
            new[] { 549, 14, 3, 0, 5, 10 }, new[] { 6, 260, 1, 0, 3, 5 }, new[] { 0, 2, 146, 0, 0, 11 },
            new[] { 3, 1, 0, 44, 11, 7 }, new[] { 9, 11, 0, 13, 188, 3 }, new[] { 4, 3, 52, 3, 1, 632 },
        };
        var truth = new List<int>();
        var predicted = new List<int>();
        for (var t = 0; t < 6; t++)
        {
            for (var p = 0; p < 6; p++)
            {
                truth.AddRange(Enumerable.Repeat(t, counts[t][p]));
                predicted.AddRange(Enumerable.Repeat(p, counts[t][p]));
            }
        }

        return ClassificationReport.Compute(Classes, truth.ToArray(), predicted.ToArray());
    }

    private static Coordinates[] Points(Plot plot, string legend) =>
        plot.GetPlottables().OfType<Scatter>().Single(s => s.LegendText == legend).Data.GetScatterPoints().ToArray();

    /// <summary>The labels of an axis's major ticks, as the last render drew them.</summary>
    private static string[] TickLabels(IAxis axis) => axis.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label).ToArray();

    [Fact]
    public void Training_curves_plot_exactly_the_history_and_mark_the_kept_epoch()
    {
        var history = History(epochs: 8, best: 5);
        var loss = TrainingCurves.LossPlot(history);
        Assert.Equal(history.Epochs.Select(e => new Coordinates(e.Epoch, e.TrainLoss)), Points(loss, "training"));
        Assert.Equal(history.Epochs.Select(e => new Coordinates(e.Epoch, e.ValidationLoss!.Value)), Points(loss, "validation"));
        var accuracy = TrainingCurves.AccuracyPlot(history);
        Assert.Equal(history.Epochs.Select(e => e.ValidationAccuracy!.Value), Points(accuracy, "validation").Select(c => c.Y));
        var kept = accuracy.GetPlottables().OfType<VerticalLine>().Single();
        Assert.Equal(5, kept.X);
        Assert.Equal("kept epoch 5 (early stopping)", kept.LegendText);

        var path = TrainingCurves.Save(history, Path.Combine(folder, "curves.png"), "textcnn");
        Png.AssertImage(path, TrainingCurves.DefaultWidth, TrainingCurves.DefaultHeight);
    }

    [Fact]
    public void Without_validation_only_the_training_curves_are_drawn()
    {
        var loss = TrainingCurves.LossPlot(History(3, 3, validation: false));
        Assert.Equal(new[] { "training" }, loss.GetPlottables().OfType<Scatter>().Select(s => s.LegendText));
    }

    [Fact]
    public void The_confusion_heatmap_colours_row_shares_labels_counts_and_names_the_classes_on_both_axes()
    {
        var report = Report();
        var plot = ConfusionHeatmap.Create(report.Confusion, "test");
        plot.RenderInMemory(ConfusionHeatmap.DefaultWidth, ConfusionHeatmap.DefaultHeight);
        var heatmap = plot.GetPlottables().OfType<Heatmap>().Single();
        var shares = ConfusionHeatmap.RowShares(report.Confusion);
        for (var t = 0; t < 6; t++)
        {
            var support = report.Confusion.Counts[t].Sum();
            Assert.Equal(1, Enumerable.Range(0, 6).Sum(p => shares[t, p]), 9);
            for (var p = 0; p < 6; p++)
            {
                Assert.Equal((double)report.Confusion[t, p] / support, heatmap.Intensities[t, p], 12);
            }
        }

        var cells = plot.GetPlottables().OfType<ScottPlot.Plottables.Text>().Select(x => (x.Location, x.LabelText)).ToList();
        Assert.Equal(36, cells.Count);
        Assert.Contains((new Coordinates(0, 5), "549\n94.5%"), cells);          // sadness -> sadness, top left
        Assert.Contains((new Coordinates(2, 0), "52\n7.5%"), cells);            // joy -> love, bottom row
        Assert.Equal(Classes, TickLabels(plot.Axes.Bottom));
        Assert.Equal(Classes.Reverse(), TickLabels(plot.Axes.Left));

        Png.AssertImage(ConfusionHeatmap.Save(report.Confusion, Path.Combine(folder, "confusion.png")), ConfusionHeatmap.DefaultWidth, ConfusionHeatmap.DefaultHeight);
    }

    [Fact]
    public void The_f1_bars_are_the_per_class_f1_with_supports_under_the_names()
    {
        var report = Report();
        var plot = ClassF1Bars.Create(report);
        plot.RenderInMemory(ClassF1Bars.DefaultWidth, ClassF1Bars.DefaultHeight);
        var bars = plot.GetPlottables().OfType<BarPlot>().Single().Bars;
        Assert.Equal(report.PerClass.Select(c => c.F1), bars.Select(b => b.Value));
        Assert.Equal("sadness\n(581)", TickLabels(plot.Axes.Bottom)[0]);
        Assert.Equal(report.MacroF1, plot.GetPlottables().OfType<HorizontalLine>().Single().Y);
        Png.AssertImage(ClassF1Bars.Save(report, Path.Combine(folder, "f1.png"), width: 640, height: 400), 640, 400);
    }

    [Fact]
    public void The_length_histogram_counts_every_text_and_marks_median_and_95th_percentile()
    {
        var texts = Enumerable.Range(1, 100).Select(i => string.Join(' ', Enumerable.Repeat("w", i % 20 + 1))).ToList();
        Assert.Equal(texts.Select(t => t.Count(c => c == 'w')), TextLengthHistogram.TokenCounts(texts));
        var plot = TextLengthHistogram.Create(texts, "t");
        plot.RenderInMemory(TextLengthHistogram.DefaultWidth, TextLengthHistogram.DefaultHeight);
        var bars = plot.GetPlottables().OfType<HistogramBars>().Single().Bars;
        Assert.Equal(100, bars.Sum(b => b.Value));
        Assert.Equal(5, bars.Single(b => b.Position - (b.Size / 2) <= 7 && 7 < b.Position + (b.Size / 2)).Value);
        var lines = plot.GetPlottables().OfType<VerticalLine>().ToDictionary(l => l.LegendText.Split(' ')[0], l => l.X);
        // numpy.percentile(lengths, [50, 95]) for lengths 1..20 five times each
        Assert.Equal(10.5, lines["median"], 9);
        Assert.Equal(19.05, lines["95th"], 9);
        Assert.Throws<ArgumentException>(() => TextLengthHistogram.Create(Array.Empty<string>()));
        Png.AssertImage(TextLengthHistogram.Save(texts, Path.Combine(folder, "lengths.png")), TextLengthHistogram.DefaultWidth, TextLengthHistogram.DefaultHeight);
    }

    [Fact]
    public void A_comparison_draws_one_line_per_run_with_its_validation_accuracy()
    {
        var runs = new[] { KeyValuePair.Create("textcnn", History(6, 4)), KeyValuePair.Create("gru", History(9, 7, shift: -0.02)) };
        var plot = CurveComparison.Create(runs);
        Assert.Equal(runs[1].Value.Epochs.Select(e => e.ValidationAccuracy!.Value), Points(plot, "gru").Select(c => c.Y));
        Assert.Equal(2, plot.GetPlottables().OfType<Marker>().Count());
        Assert.Throws<ArgumentException>(() => CurveComparison.Create(new[] { KeyValuePair.Create("x", History(2, 2, validation: false)) }));
        Png.AssertImage(CurveComparison.Save(runs, Path.Combine(folder, "compare.png")), CurveComparison.DefaultWidth, CurveComparison.DefaultHeight);
    }

    [Fact]
    public void Figures_are_only_written_as_png_of_a_sensible_size()
    {
        Assert.Throws<ArgumentException>(() => TrainingCurves.Save(History(2, 2), Path.Combine(folder, "curves.jpg")));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingCurves.Save(History(2, 2), Path.Combine(folder, "curves.png"), width: 20));
        Assert.Throws<DirectoryNotFoundException>(() => TrainingCurves.Save(History(2, 2), Path.Combine(folder, "missing", "curves.png")));
        Assert.False(File.Exists(Path.Combine(folder, "curves.png")));
    }
}
