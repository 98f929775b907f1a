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
    public const string ScoreColumnName = ClassifierOutputs.ScoreColumnName;

    /// <summary>The name of the predicted class column.</summary>
    public const string PredictedLabelColumnName = ClassifierOutputs.PredictedLabelColumnName;

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
            : base(schema, new[] { tokens }, ClassifierOutputs.Columns(owner.Classifier.ClassNames))
        {
            _classifier = owner.Classifier;
            _tokens = tokens;
        }

        public override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isActive)
        {
            var getTokens = input.GetGetter<VBuffer<int>>(_tokens);
            VBuffer<int> buffer = default;
            var probabilities = Array.Empty<float>();
            long cachedPosition = -1;

            // Score and PredictedLabel share one run per row.
            float[] Compute()
            {
                if (cachedPosition != input.Position)
                {
                    getTokens(ref buffer);
                    probabilities = _classifier.PredictIds(new[] { buffer.DenseValues().ToArray() })[0];
                    cachedPosition = input.Position;
                }

                return probabilities;
            }

            return ClassifierOutputs.Getters(Compute, isActive);
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
    }
}
