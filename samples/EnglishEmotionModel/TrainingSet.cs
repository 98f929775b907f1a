using System.Text.RegularExpressions;

namespace EnglishEmotionModel;

/// <summary>One labelled text.</summary>
internal sealed record Example(string Text, string Label);

/// <summary>
/// The training data of the English model, built reproducibly from the repository's data: CARER
/// (six emotions) with its "i feel ..." template randomized, and the TweetEval tweets whose labels
/// CARER shares (anger, joy, sadness; optimism has no CARER class and is left out).
/// </summary>
internal static partial class TrainingSet
{
    /// <summary>The six emotions in the model's score order (CARER's label ids 0..5).</summary>
    public static readonly string[] Emotions = { "sadness", "joy", "love", "anger", "fear", "surprise" };

    /// <summary>The TweetEval labels that mean the same as a CARER emotion.</summary>
    public static readonly string[] SharedTweetEvalLabels = { "anger", "joy", "sadness" };

    /// <summary>Where the CARER template is rewritten: the share of sentences, and what replaces it.</summary>
    public const double TemplateProbability = 0.5;

    private static readonly string[] Replacements =
    {
        "", "", "", "i am", "im", "i was", "i get", "it is", "this is", "so", "we are", "you are", "she is", "he is", "they are", "i have been", "really", "still",
    };

    // CARER was collected with "i feel ..." queries: 97% of its sentences carry one of these.
    [GeneratedRegex(@"\b(?:i have been feeling|i ve been feeling|i was feeling|i am feeling|i m feeling|im feeling|i feeling|im feel|i feel like|i feel|i felt like|i felt|feeling)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Template();

    /// <summary>Reads a TSV file with a header naming its <c>text</c> and <c>label</c> columns; other columns are ignored.</summary>
    public static List<Example> Read(string path) => ReadColumns(path).Select(r => new Example(r["text"], r["label"])).ToList();

    /// <summary>Every row of a TSV file as column name -> value; texts never hold a tab.</summary>
    public static List<Dictionary<string, string>> ReadColumns(string path)
    {
        var rows = new List<Dictionary<string, string>>();
        string[]? header = null;
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (header is null)
            {
                header = line.Split('\t');
                if (!header.Contains("text") || !header.Contains("label"))
                {
                    throw new InvalidDataException($"{path}, line 1: expected a header with 'text' and 'label' columns, found '{line}'.");
                }

                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != header.Length || fields.Any(f => f.Length == 0))
            {
                throw new InvalidDataException($"{path}, line {lineNumber}: expected {header.Length} non-empty tab-separated fields ({string.Join(", ", header)}), found {fields.Length}.");
            }

            rows.Add(header.Zip(fields).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
        }

        return rows;
    }

    /// <summary>The training and validation rows, shuffled with <paramref name="seed"/>.</summary>
    public static (List<Example> Train, List<Example> Validation) Build(string dataDir, int seed)
    {
        var random = new Random(seed);
        var train = Read(Path.Combine(dataDir, "carer-emotion", "train.tsv")).Select(e => Randomize(e, random)).ToList();
        // Validation keeps CARER's own wording, so every seed and recipe is chosen on the same rows.
        var validation = Read(Path.Combine(dataDir, "carer-emotion", "validation.tsv"));
        train.AddRange(Shared(Read(Path.Combine(dataDir, "tweeteval-emotion", "train.tsv"))));
        validation.AddRange(Shared(Read(Path.Combine(dataDir, "tweeteval-emotion", "validation.tsv"))));
        Shuffle(train, random);
        return (train, validation);
    }

    /// <summary>The rows whose label is one of <see cref="SharedTweetEvalLabels"/>.</summary>
    public static IEnumerable<Example> Shared(IEnumerable<Example> tweetEval) => tweetEval.Where(e => SharedTweetEvalLabels.Contains(e.Label));

    /// <summary>The text with its first CARER template phrase removed ("i feel so alone" -> "so alone").</summary>
    public static string StripTemplate(string text)
    {
        var match = Template().Match(text);
        return match.Success ? Clean(text[..match.Index] + text[(match.Index + match.Length)..], text) : text;
    }

    private static Example Randomize(Example example, Random random)
    {
        // Draw both numbers for every row, so a row's fate does not depend on the ones before it.
        var draw = random.NextDouble();
        var replacement = Replacements[random.Next(Replacements.Length)];
        if (draw >= TemplateProbability)
        {
            return example;
        }

        var match = Template().Match(example.Text);
        return match.Success
            ? example with { Text = Clean(example.Text[..match.Index] + replacement + example.Text[(match.Index + match.Length)..], example.Text) }
            : example;
    }

    private static string Clean(string text, string fallback)
    {
        var cleaned = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return cleaned.Length == 0 ? fallback : cleaned;
    }

    private static void Shuffle<T>(List<T> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
