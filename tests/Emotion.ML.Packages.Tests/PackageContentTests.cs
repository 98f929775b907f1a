using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Xml.Linq;

namespace Emotion.ML.Packages.Tests;

/// <summary>What every package <c>./run.sh pack</c> writes must carry, checked in the .nupkg files themselves.</summary>
[Collection(PackageFeedCollection.Name)]
public sealed class PackageContentTests(PackageFeed feed)
{
    // The SourceLink record in a portable PDB (System.Reflection.Metadata's documented kind).
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    [Fact]
    public void Every_project_under_src_is_packed()
    {
        var projects = Directory.GetDirectories(Path.Combine(feed.RepositoryRoot, "src")).Select(Path.GetFileName).ToList();

        foreach (var project in projects)
        {
            Assert.True(File.Exists(Path.Combine(feed.Feed, $"{project}.{feed.Version}.nupkg")), $"{project} was not packed:\n{feed.PackOutput}");
        }

        Assert.Contains("Emotion.ML", projects);
        Assert.Contains("Emotion.ML.TorchSharp", projects);
        Assert.Contains("Emotion.ML.Cli", projects);
    }

    [Fact]
    public void Every_package_has_licence_icon_readme_description_and_repository()
    {
        foreach (var package in Packages())
        {
            using var zip = ZipFile.OpenRead(package);
            var metadata = Nuspec(zip);
            string? Value(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
            var name = Path.GetFileName(package);

            Assert.Equal("MIT", Value("license"));
            Assert.Equal("icon.png", Value("icon"));
            Assert.Equal("README.md", Value("readme"));
            Assert.False(string.IsNullOrWhiteSpace(Value("description")), name);
            Assert.False(string.IsNullOrWhiteSpace(Value("tags")), name);
            Assert.Equal(feed.Version, Value("version"));
            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.StartsWith("https://", (string?)repository.Attribute("url"), StringComparison.Ordinal);
            Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");

            var icon = zip.GetEntry("icon.png") ?? throw new Xunit.Sdk.XunitException($"{name} has no icon.png");
            using (var stream = icon.Open())
            {
                var header = new byte[8];
                stream.ReadExactly(header);
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, header);
            }

            var readme = Read(zip, "README.md");
            Assert.StartsWith("# ", readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Emotion_ML_pulls_no_TorchSharp_and_Emotion_ML_TorchSharp_pulls_the_managed_package_only()
    {
        var core = Dependencies("Emotion.ML");
        var torch = Dependencies("Emotion.ML.TorchSharp");

        Assert.Contains("Microsoft.ML", core);
        Assert.DoesNotContain(core, d => d.Contains("Torch", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("TorchSharp", torch);
        Assert.Contains("Emotion.ML", torch);
        Assert.DoesNotContain(torch, d => d.StartsWith("TorchSharp-", StringComparison.Ordinal) || d.StartsWith("libtorch", StringComparison.Ordinal));
        using var readme = Open("Emotion.ML.TorchSharp");
        Assert.Contains("TorchSharp-cpu", Read(readme, "README.md"));
    }

    [Fact]
    public void Library_packages_carry_documentation_and_symbols_with_SourceLink_to_the_repository()
    {
        foreach (var package in Packages().Where(HasLibraries))
        {
            using var zip = ZipFile.OpenRead(package);
            var name = Path.GetFileName(package);
            var assemblies = zip.Entries.Where(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal) && e.Name.EndsWith(".dll", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(assemblies);
            var repository = (string)Nuspec(zip).Elements().Single(e => e.Name.LocalName == "repository").Attribute("url")!;

            using var symbols = ZipFile.OpenRead(Path.ChangeExtension(package, ".snupkg"));
            foreach (var assembly in assemblies)
            {
                var stem = assembly.FullName[..^".dll".Length];
                Assert.True(zip.GetEntry(stem + ".xml") is not null, $"{name}: {stem}.xml (the documentation file) is missing");
                var pdb = symbols.GetEntry(stem + ".pdb") ?? throw new Xunit.Sdk.XunitException($"{name}: {stem}.pdb is not in the symbol package");
                var (sourceLink, documents) = ReadPdb(pdb);
                Assert.Contains("https://raw.githubusercontent.com/", sourceLink, StringComparison.Ordinal);
                Assert.Contains(new Uri(repository).AbsolutePath.TrimEnd('/'), sourceLink, StringComparison.Ordinal);
                // Deterministic, path-mapped build: no path of the packing machine in the PDB.
                Assert.All(documents, d => Assert.StartsWith("/_/", d, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void The_tool_is_a_small_pointer_package_plus_one_package_per_platform()
    {
        using var pointer = Open("Emotion.ML.Cli");
        var types = Nuspec(pointer).Descendants().Where(e => e.Name.LocalName == "packageType").Select(e => (string?)e.Attribute("name"));
        Assert.Contains("DotnetTool", types);
        Assert.True(new FileInfo(Path.Combine(feed.Feed, $"Emotion.ML.Cli.{feed.Version}.nupkg")).Length < 100_000);

        using var platform = Open("Emotion.ML.Cli." + PackageFeed.ToolRuntimeIdentifier);
        var native = platform.Entries.Where(e => e.FullName.Contains("torch", StringComparison.OrdinalIgnoreCase)).Select(e => e.Name).ToList();
        Assert.Contains(native, n => n.StartsWith("libtorch_cpu", StringComparison.Ordinal) || n == "torch_cpu.dll");
        // One platform's libtorch only: the nuget.org limit is 250 MB per package.
        Assert.True(new FileInfo(Path.Combine(feed.Feed, $"Emotion.ML.Cli.{PackageFeed.ToolRuntimeIdentifier}.{feed.Version}.nupkg")).Length < 250_000_000);
    }

    [Fact]
    public void Nothing_in_the_packages_refers_to_the_shared_data_folder()
    {
        var needles = new[] { "../shared", "..\\shared", "shared/data" }
            .SelectMany(n => new[] { Encoding.UTF8.GetBytes(n), Encoding.Unicode.GetBytes(n) }).ToList();
        foreach (var package in Packages().Where(p => !Path.GetFileName(p).StartsWith("Emotion.ML.Cli.", StringComparison.Ordinal) || IsOwnTool(p)))
        {
            using var zip = ZipFile.OpenRead(package);
            foreach (var entry in zip.Entries.Where(e => IsOurs(e.Name)))
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                var bytes = copy.ToArray();
                foreach (var needle in needles)
                {
                    Assert.True(bytes.AsSpan().IndexOf(needle) < 0, $"{Path.GetFileName(package)}!{entry.FullName} contains '{Encoding.UTF8.GetString(needle).Replace("\0", "")}'");
                }
            }
        }
    }

    private bool IsOwnTool(string package) => Path.GetFileName(package) == $"Emotion.ML.Cli.{PackageFeed.ToolRuntimeIdentifier}.{feed.Version}.nupkg";

    // The project's own files: its assemblies, docs, READMEs and the tool's settings (not third-party binaries).
    private static bool IsOurs(string file) =>
        file.StartsWith("Emotion.ML", StringComparison.Ordinal) || file.StartsWith("emotion-ml", StringComparison.Ordinal)
        || file is "README.md" or "DotnetToolSettings.xml";

    private static bool HasLibraries(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return zip.Entries.Any(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal));
    }

    private IEnumerable<string> Packages() => Directory.GetFiles(feed.Feed, $"*.{feed.Version}.nupkg").Order();

    private ZipArchive Open(string id) => ZipFile.OpenRead(Path.Combine(feed.Feed, $"{id}.{feed.Version}.nupkg"));

    private List<string> Dependencies(string id)
    {
        using var zip = Open(id);
        return Nuspec(zip).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).ToList();
    }

    private static XElement Nuspec(ZipArchive zip)
    {
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader((zip.GetEntry(name) ?? throw new Xunit.Sdk.XunitException($"no {name}")).Open());
        return reader.ReadToEnd();
    }

    private static (string SourceLink, List<string> Documents) ReadPdb(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(copy);
        var reader = provider.GetMetadataReader();
        var sourceLink = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == SourceLinkKind)
            .Select(info => Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
            .SingleOrDefault() ?? "";
        var documents = reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)).ToList();
        return (sourceLink, documents);
    }
}
