using Emotion.ML.Testing;
using Emotion.ML.Text;

namespace Emotion.ML.Tests.Text;

public class NormalizerCorpusTests
{
    private static readonly Lazy<string[]> Carer = new(() =>
    {
        return File.ReadLines(TestData.Carer("train")).Skip(1).Select(l => l[..l.LastIndexOf('\t')]).ToArray();
    });

    private static readonly EmotionTextNormalizerOptions Everything = new()
    {
        Urls = ReplacementMode.Placeholder,
        Mentions = ReplacementMode.Placeholder,
        Numbers = ReplacementMode.Placeholder,
        RemoveStopwords = true,
        EmphasisMarkers = true,
    };

    [Fact]
    public void Normalizing_the_carer_corpus_twice_equals_normalizing_it_once()
    {
        foreach (var options in new[] { new EmotionTextNormalizerOptions(), Everything })
        {
            var normalizer = EmotionTextNormalizer.Create(options);
            var unstable = Carer.Value.Select(normalizer.Normalize).Where(once => normalizer.Normalize(once) != once).Take(5).ToList();
            Assert.Empty(unstable);
        }
    }

    [Fact]
    public void Normalizer_gives_the_same_results_from_many_threads()
    {
        var normalizer = EmotionTextNormalizer.Create(Everything);
        var texts = Carer.Value.Take(4000).Select((t, i) => i % 3 == 0 ? t.ToUpperInvariant() + "!! 😂 :)" : t).ToArray();
        var sequential = texts.Select(normalizer.Normalize).ToArray();
        var parallel = new string[texts.Length];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = normalizer.Normalize(texts[i]));
        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Normalizer_output_on_carer_is_lowercase_single_spaced_words()
    {
        var normalizer = EmotionTextNormalizer.Create();
        foreach (var text in Carer.Value.Take(2000))
        {
            var result = normalizer.Normalize(text);
            Assert.True(result.All(c => c == ' ' || char.IsAsciiLetterLower(c)), result);
            Assert.DoesNotContain("  ", result);
        }
    }
}
