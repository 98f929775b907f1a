using Emotion.ML.Persistence;
using Emotion.ML.Pipeline;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Onnx;

/// <summary>
/// A text classifier run by ONNX Runtime inside an ML.NET pipeline: what <c>LoadEmotionModel</c>
/// returns for an archived classifier when Emotion.ML.TorchSharp is not referenced and the archive
/// holds the ONNX form. Reads the token-id column and appends ML.NET's multiclass columns:
/// <c>Score</c> (slot names = class names) and <c>PredictedLabel</c> (a key over the classes).
/// </summary>
/// <remarks>
/// Thread-safe; each row is one ONNX Runtime run. It cannot be saved again with
/// <c>SaveEmotionModel</c>: that needs the TorchSharp form, so load the archive with
/// Emotion.ML.TorchSharp referenced to re-save it.
/// </remarks>
public sealed class OnnxTextClassificationTransformer : RowMappingTransformerBase, IDisposable
{
    /// <summary>The name of the probabilities column.</summary>
    public const string ScoreColumnName = "Score";

    /// <summary>The name of the predicted class column.</summary>
    public const string PredictedLabelColumnName = "PredictedLabel";

    internal OnnxTextClassificationTransformer(OnnxTextClassifier classifier, string tokensColumnName)
    {
        Classifier = classifier;
        TokensColumnName = tokensColumnName;
    }

    /// <summary>The ONNX Runtime classifier that scores each row.</summary>
    public OnnxTextClassifier Classifier { get; }

    /// <summary>The token-id column read.</summary>
    public string TokensColumnName { get; }

    /// <summary>The class names, in score-slot order.</summary>
    public IReadOnlyList<string> ClassNames => Classifier.ClassNames;

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => Classifier.Dispose();

    private protected override RowMapping Bind(DataViewSchema inputSchema) => new Mapping(this, inputSchema);

    private sealed class Mapping : RowMapping
    {
        private const string Expected = "a vector of Int32 token ids from TokenizeToIds";
        private readonly OnnxTextClassifier _classifier;
        private readonly DataViewSchema.Column _tokens;

        public Mapping(OnnxTextClassificationTransformer owner, DataViewSchema schema)
            : this(owner, schema, FindTokens(schema, owner.TokensColumnName))
        {
        }

        private Mapping(OnnxTextClassificationTransformer owner, DataViewSchema schema, DataViewSchema.Column tokens)
            : base(schema, new[] { tokens }, Outputs(owner.Classifier.ClassNames))
        {
            _classifier = owner.Classifier;
            _tokens = tokens;
        }

        public override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isActive)
        {
            var getTokens = input.GetGetter<VBuffer<int>>(_tokens);
            VBuffer<int> buffer = default;
            var probabilities = Array.Empty<float>();
            var best = 0;
            long cachedPosition = -1;

            // Score and PredictedLabel share one run per row.
            void Compute()
            {
                if (cachedPosition == input.Position)
                {
                    return;
                }

                getTokens(ref buffer);
                probabilities = _classifier.PredictIds(new[] { buffer.DenseValues().ToArray() })[0];
                best = 0;
                for (var i = 1; i < probabilities.Length; i++)
                {
                    if (probabilities[i] > probabilities[best])
                    {
                        best = i;
                    }
                }

                cachedPosition = input.Position;
            }

            ValueGetter<VBuffer<float>> score = (ref VBuffer<float> destination) =>
            {
                Compute();
                var editor = VBufferEditor.Create(ref destination, probabilities.Length);
                probabilities.CopyTo(editor.Values);
                destination = editor.Commit();
            };
            ValueGetter<uint> predicted = (ref uint destination) =>
            {
                Compute();
                destination = (uint)(best + 1);
            };
            return new Delegate?[] { isActive(0) ? score : null, isActive(1) ? predicted : null };
        }

        private static DataViewSchema.Column FindTokens(DataViewSchema schema, string name)
        {
            var column = FindInput(schema, name, Expected);
            if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType number } || number.RawType != typeof(int))
            {
                throw new ArgumentOutOfRangeException(nameof(schema), $"Tokens column '{name}' has type {column.Type}; expected {Expected}.");
            }

            return column;
        }

        private static OutputColumn[] Outputs(IReadOnlyList<string> classNames)
        {
            var names = new VBuffer<ReadOnlyMemory<char>>(classNames.Count, classNames.Select(n => n.AsMemory()).ToArray());
            var namesType = new VectorDataViewType(TextDataViewType.Instance, classNames.Count);
            var scoreAnnotations = new DataViewSchema.Annotations.Builder();
            scoreAnnotations.Add(AnnotationKinds.SlotNames, namesType, (ref VBuffer<ReadOnlyMemory<char>> v) => names.CopyTo(ref v));
            scoreAnnotations.Add(AnnotationKinds.ScoreColumnKind, TextDataViewType.Instance, (ref ReadOnlyMemory<char> v) => v = AnnotationKinds.MulticlassClassification.AsMemory());
            scoreAnnotations.Add(AnnotationKinds.ScoreValueKind, TextDataViewType.Instance, (ref ReadOnlyMemory<char> v) => v = AnnotationKinds.Score.AsMemory());
            var labelAnnotations = new DataViewSchema.Annotations.Builder();
            labelAnnotations.Add(AnnotationKinds.KeyValues, namesType, (ref VBuffer<ReadOnlyMemory<char>> v) => names.CopyTo(ref v));
            return new[]
            {
                new OutputColumn(ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, classNames.Count), scoreAnnotations.ToAnnotations()),
                new OutputColumn(PredictedLabelColumnName, new KeyDataViewType(typeof(uint), classNames.Count), labelAnnotations.ToAnnotations()),
            };
        }
    }
}
