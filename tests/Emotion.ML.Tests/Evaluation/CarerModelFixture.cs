using Emotion.ML.Testing;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;

namespace Emotion.ML.Tests.Evaluation;

/// <summary>
/// A real ML.NET multiclass model (bag-of-words + SDCA maximum entropy) trained once on the first 2,000
/// CARER training rows and scored on the CARER test set, shared by the tests that compare with ML.NET.
/// </summary>
public sealed class CarerModelFixture
{
    private readonly Lazy<IDataView> _scoredByValue;

    public CarerModelFixture()
    {
        Ml = new MLContext(seed: 1);
        var train = Ml.Data.TakeRows(Load("train.tsv"), 2000);
        Test = Load("test.tsv");
        Scored = Score(train, ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence);
        _scoredByValue = new Lazy<IDataView>(() => Score(train, ValueToKeyMappingEstimator.KeyOrdinality.ByValue));
    }

    public MLContext Ml { get; }

    public IDataView Test { get; }

    /// <summary>Gets the test set scored by the model whose classes are in order of first occurrence (ML.NET's default).</summary>
    public IDataView Scored { get; }

    /// <summary>Gets the test set scored by a model trained with classes in alphabetical order.</summary>
    public IDataView ScoredByValue => _scoredByValue.Value;

    private IDataView Score(IDataView train, ValueToKeyMappingEstimator.KeyOrdinality order)
    {
        var pipeline = Ml.Transforms.Conversion.MapValueToKey("Label", "label", keyOrdinality: order)
            // Word unigrams only: far fewer features than the default char + word n-grams, so SDCA converges in seconds.
            .Append(Ml.Transforms.Text.FeaturizeText(
                "Features",
                new TextFeaturizingEstimator.Options { CharFeatureExtractor = null, WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 1 } },
                "text"))
            .Append(Ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "Label",
                FeatureColumnName = "Features",
                MaximumNumberOfIterations = 20,
                L2Regularization = 1e-5f,
                NumberOfThreads = 1,
            }));
        // Cached so every test reads the same scores without re-running the model.
        return Ml.Data.Cache(pipeline.Fit(train).Transform(Test));
    }

    private IDataView Load(string file) => Ml.Data.LoadFromTextFile(
        TestData.File("carer-emotion/" + file),
        new[] { new TextLoader.Column("text", DataKind.String, 0), new TextLoader.Column("label", DataKind.String, 1) },
        separatorChar: '\t',
        hasHeader: true,
        allowQuoting: false);
}
