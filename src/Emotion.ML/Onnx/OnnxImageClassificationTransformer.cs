using Emotion.ML.Pipeline;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.Onnx;

/// <summary>
/// An image classifier run by ONNX Runtime inside an ML.NET pipeline: what <c>LoadEmotionModel</c>
/// returns for an archived image classifier when Emotion.ML.TorchSharp is not referenced. Reads the
/// pixels column and appends ML.NET's multiclass columns <c>Score</c> (slot names = class names) and
/// <c>PredictedLabel</c> (a key over the classes).
/// </summary>
/// <remarks>Thread-safe; each row is one ONNX Runtime run. Re-saving needs the TorchSharp form: load the archive with Emotion.ML.TorchSharp referenced.</remarks>
public sealed class OnnxImageClassificationTransformer : RowMappingTransformerBase, IDisposable
{
    internal OnnxImageClassificationTransformer(OnnxImageClassifier classifier, string pixelsColumnName)
    {
        Classifier = classifier;
        PixelsColumnName = pixelsColumnName;
    }

    /// <summary>The ONNX Runtime classifier that scores each row.</summary>
    public OnnxImageClassifier Classifier { get; }

    /// <summary>The pixels column read.</summary>
    public string PixelsColumnName { get; }

    /// <summary>The class names, in score-slot order.</summary>
    public IReadOnlyList<string> ClassNames => Classifier.ClassNames;

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => Classifier.Dispose();

    private protected override RowMapping Bind(DataViewSchema inputSchema) => new Mapping(this, inputSchema);

    private sealed class Mapping : RowMapping
    {
        private readonly OnnxImageClassifier _classifier;
        private readonly DataViewSchema.Column _pixels;

        public Mapping(OnnxImageClassificationTransformer owner, DataViewSchema schema)
            : this(owner, schema, FindPixels(schema, owner))
        {
        }

        private Mapping(OnnxImageClassificationTransformer owner, DataViewSchema schema, DataViewSchema.Column pixels)
            : base(schema, new[] { pixels }, ClassifierOutputs.Columns(owner.Classifier.ClassNames))
        {
            _classifier = owner.Classifier;
            _pixels = pixels;
        }

        public override Delegate?[] CreateGetters(DataViewRow input, Func<int, bool> isActive)
        {
            var getPixels = input.GetGetter<VBuffer<float>>(_pixels);
            VBuffer<float> buffer = default;
            var probabilities = Array.Empty<float>();
            long cachedPosition = -1;

            float[] Compute()
            {
                if (cachedPosition != input.Position)
                {
                    getPixels(ref buffer);
                    try
                    {
                        probabilities = _classifier.PredictProbabilities(new[] { buffer.DenseValues().ToArray() })[0];
                    }
                    catch (ArgumentException ex)
                    {
                        throw new InvalidDataException($"Row {input.Position + 1}, column '{_pixels.Name}': {ex.Message}", ex);
                    }

                    cachedPosition = input.Position;
                }

                return probabilities;
            }

            return ClassifierOutputs.Getters(Compute, isActive);
        }

        private static DataViewSchema.Column FindPixels(DataViewSchema schema, OnnxImageClassificationTransformer owner)
        {
            var expected = $"a vector of Single holding each row's {owner.Classifier.ImageWidth}x{owner.Classifier.ImageHeight} image";
            var column = FindInput(schema, owner.PixelsColumnName, expected);
            if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType number } vector || number.RawType != typeof(float)
                || (vector.Size > 0 && vector.Size != owner.Classifier.PixelCount))
            {
                throw new ArgumentOutOfRangeException(nameof(schema), $"Pixels column '{owner.PixelsColumnName}' has type {column.Type}; expected {expected}.");
            }

            return column;
        }
    }
}
