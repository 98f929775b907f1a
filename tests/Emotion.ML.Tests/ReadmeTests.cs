using Emotion.ML.Testing;
namespace Emotion.ML.Tests;

public class ReadmeTests
{
    private static string Root => TestData.Root;

    [Fact]
    public void Readme_quick_start_is_the_code_the_QuickStart_sample_compiles()
    {
        var sample = File.ReadAllLines(Path.Combine(Root, "samples", "QuickStart", "Program.cs"));
        var start = Array.FindIndex(sample, l => l.Trim() == "// README: quick start");
        var end = Array.FindIndex(sample, l => l.Trim() == "// README: end");
        Assert.True(start >= 0 && end > start, "the sample marks its README section");
        var sampleCode = sample[(start + 1)..end].Select(l => l.TrimEnd()).ToArray();

        var readme = File.ReadAllLines(Path.Combine(Root, "README.md"));
        var heading = Array.FindIndex(readme, l => l.StartsWith("## Quick start", StringComparison.Ordinal));
        Assert.True(heading >= 0, "README has a Quick start section");
        var open = Array.FindIndex(readme, heading, l => l.StartsWith("```csharp", StringComparison.Ordinal));
        var close = Array.FindIndex(readme, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        var readmeCode = readme[(open + 1)..close].Select(l => l.TrimEnd()).ToArray();

        Assert.Equal(sampleCode, readmeCode);
    }
}
