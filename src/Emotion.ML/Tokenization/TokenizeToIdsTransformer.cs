using Emotion.ML.Persistence;
using Emotion.ML.Pipeline;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Tokenization;

/// <summary>
/// Maps text to a variable-length vector of <see cref="int"/> token ids with a learned
/// <see cref="Tokenization.Vocabulary"/>. The output column carries the vocabulary as the
/// <see cref="Vocabulary.AnnotationName"/> annotation, so trainers and <c>ApplyEmbeddings</c> find it.
/// </summary>
/// <remarks>
/// A scalar text input is split on runs of white space; a vector-of-text input is taken as tokens.
/// Words outside the vocabulary map to <see cref="Vocabulary.UnknownId"/>; an empty text gives an
/// empty vector. Rows longer than <see cref="TokenizeToIdsOptions.MaxLength"/> are truncated as
/// <see cref="TokenizeToIdsOptions.Truncation"/> says.
/// </remarks>
public sealed class TokenizeToIdsTransformer : RowMappingTransformerBase, IArchivedTransformer
{
    // Per-thread buffer of Encode, so encoding many texts allocates only the results.
    [ThreadStatic]
    private static int[]? _encodeScratch;

    private readonly TokenizeToIdsOptions _options;

    /// <summary>Creates a transformer from an existing vocabulary, e.g. one loaded from a model archive.</summary>
    /// <param name="vocabulary">The vocabulary that maps words to ids.</param>
    /// <param name="outputColumnName">The name of the token-id column to append.</param>
    /// <param name="inputColumnName">The text column to read; defaults to <paramref name="outputColumnName"/>.</param>
    /// <param name="options">MaxLength and Truncation are used (MinCount and MaxSize only matter when fitting); copied.</param>
    public TokenizeToIdsTransformer(Vocabulary vocabulary, string outputColumnName, string? inputColumnName = null, TokenizeToIdsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputColumnName);
        Vocabulary = vocabulary;
        OutputColumnName = outputColumnName;
        InputColumnName = string.IsNullOrWhiteSpace(inputColumnName) ? outputColumnName : inputColumnName;
        _options = options?.Clone() ?? new TokenizeToIdsOptions();
        _options.Validate(nameof(options));
    }

    /// <summary>The vocabulary learned at fit time.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>A copy of the options the transformer applies.</summary>
    public TokenizeToIdsOptions Options => _options.Clone();

    /// <summary>The name of the appended token-id column.</summary>
    public string OutputColumnName { get; }

    /// <summary>The name of the text column read.</summary>
    public string InputColumnName { get; }

    /// <summary>Encodes one text, split on white space, to token ids, truncated like the column output.</summary>
    /// <param name="text">The text, normally the output of the emotion text normalizer.</param>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encode(text.AsSpan());
    }

    /// <summary>Encodes one text, split on white space, to token ids, truncated like the column output.</summary>
    /// <param name="text">The text, normally the output of the emotion text normalizer.</param>
    public int[] Encode(ReadOnlySpan<char> text)
    {
        var scratch = _encodeScratch ?? new int[64];
        var count = EncodeAll(text, ref scratch);
        _encodeScratch = scratch;
        var result = new int[KeptLength(count)];
        Truncate(scratch.AsSpan(0, count), result);
        return result;
    }

    string IArchivedTransformer.ArchiveKind => TokenizerArchive.Kind;

    Type? IArchivedTransformer.ArchiveReaderType => null;

    string IArchivedTransformer.ArchivePackage => "Emotion.ML";

    void IArchivedTransformer.WriteTo(ArchiveStepWriter writer) => TokenizerArchive.Write(this, writer);

    private protected override RowMapping Bind(DataViewSchema inputSchema) => new Mapping(this, inputSchema);

    /// <summary>Writes the ids of every token of <paramref name="text"/> into <paramref name="scratch"/>, growing it; returns the count.</summary>
    private int EncodeAll(ReadOnlySpan<char> text, ref int[] scratch)
    {
        var count = 0;
        foreach (var token in new WhitespaceTokens(text))
        {
            Append(ref scratch, ref count, Vocabulary.GetId(token));
        }

        return count;
    }

    private int EncodeTokens(ReadOnlySpan<ReadOnlyMemory<char>> tokens, ref int[] scratch)
    {
        var count = 0;
        foreach (var token in tokens)
        {
            if (!token.IsEmpty)
            {
                Append(ref scratch, ref count, Vocabulary.GetId(token.Span));
            }
        }

        return count;
    }

    private static void Append(ref int[] scratch, ref int count, int id)
    {
        if (count == scratch.Length)
        {
            Array.Resize(ref scratch, Math.Max(16, scratch.Length * 2));
        }

        scratch[count++] = id;
    }

    private int KeptLength(int count) => _options.MaxLength > 0 ? Math.Min(count, _options.MaxLength) : count;

    /// <summary>Copies the kept ids of <paramref name="all"/> into <paramref name="kept"/>, whose length is <see cref="KeptLength"/>.</summary>
    private void Truncate(ReadOnlySpan<int> all, Span<int> kept)
    {
        if (kept.Length == all.Length)
        {
            all.CopyTo(kept);
            return;
        }

        switch (_options.Truncation)
        {
            case TruncationMode.KeepEnd:
                all[^kept.Length..].CopyTo(kept);
                break;
            case TruncationMode.KeepBothEnds:
                var head = (kept.Length + 1) / 2;
                var tail = kept.Length - head;
                all[..head].CopyTo(kept);
                all[^tail..].CopyTo(kept[head..]);
                break;
            default:
                all[..kept.Length].CopyTo(kept);
                break;
        }
    }

    /// <summary>Checks that <paramref name="type"/> is text or a vector of text.</summary>
    internal static bool IsTextInput(DataViewType type) =>
        type is TextDataViewType || type is VectorDataViewType { ItemType: TextDataViewType };

    private sealed class Mapping : RowMapping
    {
        private readonly TokenizeToIdsTransformer _parent;
        private readonly DataViewSchema.Column _input;

        public Mapping(TokenizeToIdsTransformer parent, DataViewSchema schema)
            : this(parent, schema, FindTextInput(schema, parent.InputColumnName))
        {
        }

        private Mapping(TokenizeToIdsTransformer parent, DataViewSchema schema, DataViewSchema.Column input)
            : base(schema, new[] { input }, new[]
            {
                new OutputColumn(parent.OutputColumnName, new VectorDataViewType(NumberDataViewType.Int32), parent.Vocabulary.ToAnnotations()),
            })
        {
            _parent = parent;
            _input = input;
        }

        public override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isActive)
        {
            if (!isActive(0))
            {
                return new Delegate?[] { null };
            }

            var scratch = Array.Empty<int>();
            ValueGetter<VBuffer<int>> getter;
            if (_input.Type is TextDataViewType)
            {
                var text = input.GetGetter<ReadOnlyMemory<char>>(_input);
                ReadOnlyMemory<char> value = default;
                getter = (ref VBuffer<int> dst) =>
                {
                    text(ref value);
                    Write(_parent.EncodeAll(value.Span, ref scratch), ref dst);
                };
            }
            else
            {
                var tokens = input.GetGetter<VBuffer<ReadOnlyMemory<char>>>(_input);
                VBuffer<ReadOnlyMemory<char>> value = default;
                getter = (ref VBuffer<int> dst) =>
                {
                    // Implicit entries of a sparse text vector are empty, and empty tokens are skipped.
                    tokens(ref value);
                    Write(_parent.EncodeTokens(value.GetValues(), ref scratch), ref dst);
                };
            }

            return new Delegate?[] { getter };

            void Write(int count, ref VBuffer<int> dst)
            {
                var editor = VBufferEditor.Create(ref dst, _parent.KeptLength(count));
                _parent.Truncate(scratch.AsSpan(0, count), editor.Values);
                dst = editor.Commit();
            }
        }

        private static DataViewSchema.Column FindTextInput(DataViewSchema schema, string name)
        {
            const string Expected = "a text column (String) or a vector of text";
            var column = FindInput(schema, name, Expected);
            if (!IsTextInput(column.Type))
            {
                throw new ArgumentOutOfRangeException(nameof(schema), $"Input column '{name}' has type {column.Type}; expected {Expected}.");
            }

            return column;
        }
    }
}
