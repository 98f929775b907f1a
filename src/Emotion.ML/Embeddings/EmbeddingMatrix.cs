using Emotion.ML.Tokenization;

namespace Emotion.ML.Embeddings;

/// <summary>
/// An embedding table aligned to a <see cref="Vocabulary"/>: row <c>i</c> holds the vector of the
/// word with id <c>i</c>, ready to initialize a network's embedding layer. Row 0 (padding) is always zeros.
/// </summary>
/// <remarks>
/// Words are looked up as they are, then (when enabled) in lowercase. Rows of words without a vector,
/// and the <c>&lt;unk&gt;</c> row, are filled as the <see cref="OovPolicy"/> says.
/// </remarks>
public sealed class EmbeddingMatrix
{
    private readonly float[] _values;

    private EmbeddingMatrix(float[] values, int rows, int dimension, OovPolicy oov, int found, IReadOnlyList<string> missing)
    {
        _values = values;
        Rows = rows;
        Dimension = dimension;
        Oov = oov;
        FoundCount = found;
        MissingWords = missing;
    }

    /// <summary>The number of rows: the vocabulary's <see cref="Vocabulary.Count"/>.</summary>
    public int Rows { get; }

    /// <summary>The number of values per row.</summary>
    public int Dimension { get; }

    /// <summary>The policy that filled the rows of missing words.</summary>
    public OovPolicy Oov { get; }

    /// <summary>All rows, row-major: id <c>i</c> occupies <c>[i * Dimension, (i + 1) * Dimension)</c>.</summary>
    public ReadOnlyMemory<float> Values => _values;

    /// <summary>Vocabulary words (reserved ids excluded) that have a pretrained vector.</summary>
    public int FoundCount { get; }

    /// <summary>Vocabulary words (reserved ids excluded) without a pretrained vector.</summary>
    public int MissingCount => MissingWords.Count;

    /// <summary>
    /// <see cref="FoundCount"/> divided by the number of vocabulary words excluding the reserved ids;
    /// 1 for a vocabulary without words.
    /// </summary>
    public double Coverage => FoundCount + MissingCount == 0 ? 1 : (double)FoundCount / (FoundCount + MissingCount);

    /// <summary>The words without a vector, in id order (most frequent first for a vocabulary built from data).</summary>
    public IReadOnlyList<string> MissingWords { get; }

    /// <summary>The row of id <paramref name="id"/>.</summary>
    /// <param name="id">A vocabulary id in <c>[0, Rows)</c>.</param>
    public ReadOnlySpan<float> GetRow(int id)
    {
        if ((uint)id >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Expected an id in [0, {Rows}).");
        }

        return _values.AsSpan(id * Dimension, Dimension);
    }

    /// <summary>Builds the table of <paramref name="vocabulary"/> from <paramref name="embeddings"/>.</summary>
    /// <param name="embeddings">The pretrained vectors.</param>
    /// <param name="vocabulary">The vocabulary whose ids index the rows.</param>
    /// <param name="oov">What missing words' rows (and the <c>&lt;unk&gt;</c> row) get.</param>
    /// <param name="seed">The seed of <see cref="OovPolicy.Random"/>; the same seed gives the same rows.</param>
    /// <param name="tryLowercase">Whether a word missing as written is also looked up in lowercase (GloVe 6B is lowercase).</param>
    public static EmbeddingMatrix Create(WordEmbeddings embeddings, Vocabulary vocabulary, OovPolicy oov = OovPolicy.Zeros, int seed = 1, bool tryLowercase = true)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (!Enum.IsDefined(oov))
        {
            throw new ArgumentOutOfRangeException(nameof(oov), oov, $"Not an {nameof(OovPolicy)} value.");
        }

        var dimension = embeddings.Dimension;
        var values = new float[(long)vocabulary.Count * dimension];
        var missingIds = new List<int> { Vocabulary.UnknownId };
        var missingWords = new List<string>();
        var found = 0;
        Span<char> lower = stackalloc char[128];
        for (var id = Vocabulary.UnknownId + 1; id < vocabulary.Count; id++)
        {
            var word = vocabulary.GetWord(id);
            var index = embeddings.IndexOf(word);
            if (index < 0 && tryLowercase)
            {
                var buffer = word.Length <= lower.Length ? lower[..word.Length] : new char[word.Length];
                word.AsSpan().ToLowerInvariant(buffer);
                index = embeddings.IndexOf(buffer);
            }

            if (index < 0)
            {
                missingIds.Add(id);
                missingWords.Add(word);
                continue;
            }

            embeddings.GetVector(index).CopyTo(values.AsSpan(id * dimension, dimension));
            found++;
        }

        Fill(values, dimension, missingIds, oov, seed, found);
        return new EmbeddingMatrix(values, vocabulary.Count, dimension, oov, found, missingWords);
    }

    /// <summary>Fills the rows of <paramref name="missingIds"/> as <paramref name="oov"/> says.</summary>
    private static void Fill(float[] values, int dimension, List<int> missingIds, OovPolicy oov, int seed, int found)
    {
        if (oov == OovPolicy.Zeros)
        {
            return;
        }

        var isMissing = new bool[values.Length / dimension];
        isMissing[Vocabulary.PaddingId] = true;
        foreach (var id in missingIds)
        {
            isMissing[id] = true;
        }

        if (oov == OovPolicy.Mean)
        {
            var mean = new double[dimension];
            for (var id = 0; id < isMissing.Length; id++)
            {
                if (!isMissing[id])
                {
                    for (var j = 0; j < dimension; j++)
                    {
                        mean[j] += values[(id * dimension) + j];
                    }
                }
            }

            foreach (var id in missingIds)
            {
                for (var j = 0; j < dimension; j++)
                {
                    values[(id * dimension) + j] = found == 0 ? 0 : (float)(mean[j] / found);
                }
            }

            return;
        }

        double sum = 0, squares = 0;
        for (var id = 0; id < isMissing.Length; id++)
        {
            if (!isMissing[id])
            {
                foreach (var v in values.AsSpan(id * dimension, dimension))
                {
                    sum += v;
                    squares += (double)v * v;
                }
            }
        }

        var n = (double)found * dimension;
        var std = n == 0 ? 0 : Math.Sqrt(Math.Max(0, (squares / n) - ((sum / n) * (sum / n))));
        var scale = std > 0 ? Math.Sqrt(3) * std : 0.05;
        var random = new Random(seed);
        foreach (var id in missingIds)
        {
            for (var j = 0; j < dimension; j++)
            {
                values[(id * dimension) + j] = (float)(((random.NextDouble() * 2) - 1) * scale);
            }
        }
    }
}
