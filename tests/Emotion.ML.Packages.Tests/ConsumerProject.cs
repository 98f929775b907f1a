using System.Xml.Linq;

namespace Emotion.ML.Packages.Tests;

/// <summary>
/// A console project in the feed's temporary folder, outside the solution, built from
/// <c>Consumers/&lt;name&gt;/Program.cs</c> and referencing packages only: what a stranger writes.
/// </summary>
public sealed class ConsumerProject
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(6);
    private readonly PackageFeed _feed;

    internal ConsumerProject(PackageFeed feed, string name, IReadOnlyList<string> packages)
    {
        _feed = feed;
        Name = name;
        Folder = Path.Combine(feed.Root, name);
        Directory.CreateDirectory(Folder);
        var program = Path.Combine(AppContext.BaseDirectory, "Consumers", name, "Program.cs");
        File.Copy(program, Path.Combine(Folder, "Program.cs"), overwrite: true);
        var project = new XElement("Project", new XAttribute("Sdk", "Microsoft.NET.Sdk"),
            new XElement("PropertyGroup",
                new XElement("OutputType", "Exe"),
                new XElement("TargetFramework", "net10.0"),
                new XElement("Nullable", "enable"),
                new XElement("ImplicitUsings", "enable"),
                // libtorch's runtimes are linked, not copied, into bin/ (1.2 GB otherwise).
                new XElement("CreateHardLinksForCopyLocalIfPossible", "true")),
            new XElement("ItemGroup", packages.Select(p => new XElement("PackageReference", new XAttribute("Include", p), new XAttribute("Version", VersionOf(p))))));
        new XDocument(project).Save(Path.Combine(Folder, name + ".csproj"));
    }

    /// <summary>The consumer's name, the folder under <c>Consumers/</c>.</summary>
    public string Name { get; }

    /// <summary>The project folder.</summary>
    public string Folder { get; }

    /// <summary>The restore's record of the packages the project uses.</summary>
    public string AssetsFile => Path.Combine(Folder, "obj", "project.assets.json");

    /// <summary>The build output folder.</summary>
    public string OutputFolder => Path.Combine(Folder, "bin", "Release", "net10.0");

    /// <summary>Restores, builds and runs the program with <paramref name="arguments"/>.</summary>
    public DotnetProcess.Result Run(params string[] arguments) => Run(null, arguments);

    /// <summary>Restores, builds and runs the program with <paramref name="arguments"/> and extra <paramref name="environment"/> variables.</summary>
    public DotnetProcess.Result Run(IDictionary<string, string>? environment, params string[] arguments) =>
        DotnetProcess.Run("dotnet", new[] { "run", "-c", "Release", "--" }.Concat(arguments), Folder, RunTimeout, environment);

    private string VersionOf(string package) =>
        package.StartsWith("Emotion.ML", StringComparison.Ordinal) ? _feed.Version
        : _feed.ThirdPartyVersions.TryGetValue(package, out var version) ? version
        : throw new ArgumentException($"'{package}' has no version in Directory.Packages.props.", nameof(package));
}
