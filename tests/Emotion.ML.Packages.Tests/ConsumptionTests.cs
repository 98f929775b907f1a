namespace Emotion.ML.Packages.Tests;

/// <summary>
/// Strangers' projects built from the local feed alone: each is a folder under <c>Consumers/</c>
/// (a Program.cs that exits 0 when all is well) and a test here naming the packages it references.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed class ConsumptionTests(PackageFeed feed)
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public void An_application_with_Emotion_ML_TorchSharp_and_TorchSharp_cpu_trains_saves_loads_and_predicts()
    {
        var run = feed.Trained.Result;

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("trained", run.Output, StringComparison.Ordinal);
        Assert.Contains("loaded", run.Output, StringComparison.Ordinal);
        Assert.Equal(4, File.ReadAllLines(feed.Trained.Predictions).Length);
        // The packages were restored from the feed into the fresh cache, not found anywhere else.
        Assert.True(Directory.Exists(Path.Combine(feed.ConsumerPackages, "emotion.ml.torchsharp", feed.Version)), run.ToString());
        Assert.True(Directory.Exists(Path.Combine(feed.ConsumerPackages, "emotion.ml", feed.Version)), run.ToString());
    }

    [Fact]
    public void An_application_with_Emotion_ML_alone_scores_a_saved_archive_without_TorchSharp()
    {
        Assert.True(feed.Trained.Result.ExitCode == 0, feed.Trained.Result.ToString());
        var consumer = feed.Consumer("ScoreArchive", "Emotion.ML");

        var run = consumer.Run(feed.Trained.Archive, feed.Trained.Predictions);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("no TorchSharp", run.Output, StringComparison.Ordinal);
        var assets = File.ReadAllText(consumer.AssetsFile);
        Assert.DoesNotContain("TorchSharp", assets, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("libtorch", assets, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_application_with_the_English_model_package_alone_classifies_text_without_training()
    {
        var consumer = feed.Consumer("EnglishModel", "Emotion.ML.Models.English");

        var run = consumer.Run();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("-> joy", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("TorchSharp", File.ReadAllText(consumer.AssetsFile), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_application_that_forgot_TorchSharp_cpu_is_told_to_add_it_on_the_first_training()
    {
        // TorchSharp copies libtorch out of the NuGet cache when it finds it there (478 MB into bin/cpu),
        // which would hide the mistake on a developer machine: this cache is the fresh one, as on a
        // machine that never restored TorchSharp-cpu.
        var run = feed.Consumer("MissingTorchRuntime", "Emotion.ML.TorchSharp")
            .Run(new Dictionary<string, string> { ["NUGET_PACKAGES"] = feed.ConsumerPackages });

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("This application has no libtorch runtime package.", run.Output, StringComparison.Ordinal);
        Assert.Contains("dotnet add package TorchSharp-cpu", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_emotion_ml_tool_installs_from_the_feed_shows_its_help_and_predicts_with_a_saved_model()
    {
        var tools = Path.Combine(feed.Root, "tools");
        var install = DotnetProcess.Run("dotnet",
            // The feed comes from the NuGet.config (--add-source cannot be combined with package source mapping).
            new[] { "tool", "install", "Emotion.ML.Cli", "--version", feed.Version, "--tool-path", tools, "--configfile", feed.NuGetConfig },
            feed.Root, ToolTimeout);
        Assert.True(install.ExitCode == 0, install.ToString());
        var tool = Path.Combine(tools, OperatingSystem.IsWindows() ? "emotion-ml.exe" : "emotion-ml");

        var help = DotnetProcess.Run(tool, new[] { "--help" }, feed.Root, ToolTimeout);

        Assert.True(help.ExitCode == 0, help.ToString());
        foreach (var command in new[] { "train", "evaluate", "predict", "export-onnx", "compare", "demo" })
        {
            Assert.Contains(command, help.Output, StringComparison.Ordinal);
        }

        Assert.True(feed.Trained.Result.ExitCode == 0, feed.Trained.Result.ToString());
        var (text, label) = File.ReadLines(feed.Trained.Predictions).Select(l => l.Split('\t')).Select(p => (p[0], p[1])).First();
        var predict = DotnetProcess.Run(tool, new[] { "predict", "--model", feed.Trained.Archive, "--text", text }, feed.Root, ToolTimeout);
        Assert.True(predict.ExitCode == 0, predict.ToString());
        Assert.Contains(label, predict.Output, StringComparison.Ordinal);
    }
}
