using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Emotion.ML.Packages.Tests;

/// <summary>
/// Packs every package under src/ once with <c>./run.sh pack</c> into a temporary feed, and lays out
/// the folder a stranger's projects live in: outside the repository, with a NuGet.config that takes
/// Emotion.ML* packages from that feed only and every other package from the usual sources.
/// </summary>
public sealed partial class PackageFeed : IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(8);
    private readonly Lazy<TrainedArchive> _trained;

    /// <summary>Packs and prepares; throws with <c>run.sh</c>'s output when packing fails.</summary>
    public PackageFeed()
    {
        RepositoryRoot = FindRepositoryRoot();
        Root = Path.Combine(Path.GetTempPath(), "emotion-ml-packages-" + Guid.NewGuid().ToString("N")[..8]);
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        PackOutput = DotnetProcess.Run("bash", new[] { Path.Combine(RepositoryRoot, "run.sh"), "pack" }, RepositoryRoot, PackTimeout,
            new Dictionary<string, string> { ["PACK_OUTPUT"] = Feed, ["PACK_TOOL_RIDS"] = ToolRuntimeIdentifier });
        if (PackOutput.ExitCode != 0)
        {
            throw new InvalidOperationException("./run.sh pack failed: " + PackOutput);
        }

        var library = Directory.GetFiles(Feed, "Emotion.ML.*.nupkg").Select(Path.GetFileName).Select(n => LibraryFileName().Match(n!)).FirstOrDefault(m => m.Success)
            ?? throw new InvalidOperationException($"./run.sh pack wrote no Emotion.ML package to {Feed}: " + PackOutput);
        Version = library.Groups[1].Value;
        ThirdPartyVersions = XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        WriteConsumerFolder();
        _trained = new Lazy<TrainedArchive>(Train);
    }

    /// <summary>The repository the packages come from.</summary>
    public string RepositoryRoot { get; }

    /// <summary>The temporary folder holding the feed, the NuGet caches and the consumer projects.</summary>
    public string Root { get; }

    /// <summary>The local feed <c>./run.sh pack</c> wrote.</summary>
    public string Feed { get; }

    /// <summary>The NuGet.config every consumer project and the tool installation use.</summary>
    public string NuGetConfig => Path.Combine(Root, "NuGet.config");

    /// <summary>The global packages folder of the consumers (fresh, so no older build of a package is reused).</summary>
    public string ConsumerPackages => Path.Combine(Root, "packages");

    /// <summary>The version every Emotion.ML package carries.</summary>
    public string Version { get; }

    /// <summary>What <c>./run.sh pack</c> printed.</summary>
    public DotnetProcess.Result PackOutput { get; }

    /// <summary>The repository's central package versions (TorchSharp-cpu and the like).</summary>
    public IReadOnlyDictionary<string, string> ThirdPartyVersions { get; }

    /// <summary>The platform of the tool package this machine installs, e.g. <c>linux-x64</c>.</summary>
    public static string ToolRuntimeIdentifier =>
        (OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" +
        RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();

    /// <summary>The TrainSaveLoad consumer's run (once): its archive and the predictions it wrote.</summary>
    public TrainedArchive Trained => _trained.Value;

    /// <summary>A consumer project of <paramref name="name"/> referencing <paramref name="packages"/> (Emotion.ML* at <see cref="Version"/>, others at the repository's versions).</summary>
    public ConsumerProject Consumer(string name, params string[] packages) => new(this, name, packages);

    /// <summary>Deletes the temporary folder.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process still holding a file: the temporary folder is left for the system to clean.
        }
    }

    private TrainedArchive Train()
    {
        var archive = Path.Combine(Root, "emotion.zip");
        var predictions = Path.Combine(Root, "predictions.tsv");
        var result = Consumer("TrainSaveLoad", "Emotion.ML.TorchSharp", "TorchSharp-cpu").Run(archive, predictions);
        return new TrainedArchive(result, archive, predictions);
    }

    private void WriteConsumerFolder()
    {
        var userPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var sources = XDocument.Load(Path.Combine(RepositoryRoot, "NuGet.config")).Descendants("packageSources").Elements("add").ToList();
        var config = new XElement("configuration",
            new XElement("config", new XElement("add", new XAttribute("key", "globalPackagesFolder"), new XAttribute("value", ConsumerPackages))),
            new XElement("packageSources", new XElement("clear"), new XElement("add", new XAttribute("key", "emotion-ml-feed"), new XAttribute("value", Feed)), sources),
            // Third-party packages already downloaded are read in place, not extracted again (libtorch is 600 MB).
            new XElement("fallbackPackageFolders", new XElement("add", new XAttribute("key", "user-packages"), new XAttribute("value", userPackages))),
            new XElement("packageSourceMapping",
                new XElement("packageSource", new XAttribute("key", "emotion-ml-feed"),
                    new XElement("package", new XAttribute("pattern", "Emotion.ML")), new XElement("package", new XAttribute("pattern", "Emotion.ML.*"))),
                sources.Select(s => new XElement("packageSource", new XAttribute("key", (string)s.Attribute("key")!), new XElement("package", new XAttribute("pattern", "*"))))));
        new XDocument(config).Save(NuGetConfig);

        // Stop MSBuild's search for Directory.*.props above the consumers.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), "<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n</Project>\n");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Emotion.ML.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Emotion.ML.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^Emotion\.ML\.(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.nupkg$")]
    private static partial Regex LibraryFileName();

    /// <summary>The archive and predictions the training consumer wrote.</summary>
    public sealed record TrainedArchive(DotnetProcess.Result Result, string Archive, string Predictions);
}

/// <summary>The xunit collection sharing one <see cref="PackageFeed"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PackageFeedCollection : ICollectionFixture<PackageFeed>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Package feed";
}
