using Emotion.ML.Testing;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Emotion.ML.TorchSharp.Tests.Persistence;

/// <summary>
/// A tiny TextCnn, BiLstm, Gru and SimpleRnn pipeline (MapValueToKey, NormalizeEmotionText, TokenizeToIds,
/// classifier, MapKeyToValue) on 300 CARER rows, each trained on first use and shared by the tests.
/// </summary>
public sealed class ClassifierArchiveModels
{
    private readonly Lazy<ITransformer> _textCnn;
    private readonly Lazy<ITransformer> _biLstm;
    private readonly Lazy<ITransformer> _gru;
    private readonly Lazy<ITransformer> _simpleRnn;
    private readonly Lazy<ITransformer> _kimCnn;
    private readonly Lazy<ITransformer> _cnnBiLstm;

    public ClassifierArchiveModels()
    {
        Ml = new MLContext(seed: 1);
        Train = Ml.Data.TakeRows(Load("train"), 300);
        Test = Ml.Data.TakeRows(Load("test"), 120);
        _textCnn = new Lazy<ITransformer>(() => Fit(Ml.MulticlassClassification.Trainers.TextCnn(new TextCnnOptions
        {
            Filters = 16,
            KernelSizes = new[] { 3 },
            ConvolutionBlocks = 1,
            DenseLayers = new DenseLayer[] { 16 },
            EmbeddingDimension = 16,
            MaxEpochs = 2,
            BatchSize = 64,
            Seed = 3,
            NumberOfThreads = 2,
            ValidationFraction = 0.2,
        })));
        _biLstm = new Lazy<ITransformer>(() => Fit(Ml.MulticlassClassification.Trainers.BiLstm(new BiLstmOptions
        {
            Units = new[] { 8, 8 },
            Pooling = SequencePooling.Max,
            DenseLayers = new DenseLayer[] { 8 },
            EmbeddingDimension = 12,
            MaxEpochs = 1,
            BatchSize = 64,
            Seed = 4,
            NumberOfThreads = 2,
        })));
        _gru = new Lazy<ITransformer>(() => Fit(Ml.MulticlassClassification.Trainers.Gru(new GruOptions
        {
            Units = new[] { 8, 6 },
            Bidirectional = true,
            Pooling = SequencePooling.Mean,
            DenseLayers = new DenseLayer[] { 8 },
            EmbeddingDimension = 12,
            MaxEpochs = 1,
            BatchSize = 64,
            Seed = 6,
            NumberOfThreads = 2,
        })));
        _simpleRnn = new Lazy<ITransformer>(() => Fit(Ml.MulticlassClassification.Trainers.SimpleRnn(new SimpleRnnOptions
        {
            Units = new[] { 8, 6 },
            DenseLayers = Array.Empty<DenseLayer>(),
            EmbeddingDimension = 12,
            MaxEpochs = 1,
            BatchSize = 64,
            Seed = 7,
            NumberOfThreads = 2,
        })));
        _kimCnn = new Lazy<ITransformer>(() => Fit(Ml.MulticlassClassification.Trainers.TextCnn(new TextCnnOptions
        {
            Filters = 6,
            KernelSizes = new[] { 2, 3 },
            ConvolutionBlocks = 1,
            Stride = 2,
            Pooling = ConvolutionPooling.KMax,
            PoolingK = 2,
            Dropout = 0.5,
            DenseLayers = new DenseLayer[] { new(8, DenseActivation.Tanh, 0.2, BatchNorm: false) },
            EmbeddingDimension = 12,
            MaxEpochs = 1,
            BatchSize = 64,
            Seed = 8,
            NumberOfThreads = 2,
        })));
        _cnnBiLstm = new Lazy<ITransformer>(() => Fit(Ml.MulticlassClassification.Trainers.CnnBiLstm(new CnnBiLstmOptions
        {
            Filters = 8,
            KernelSize = 4,
            Units = new[] { 6, 4 },
            Pooling = SequencePooling.Attention,
            AttentionUnits = 5,
            DenseLayers = new DenseLayer[] { new(8, Dropout: 0.5), new(6, DenseActivation.Elu, 0.3) },
            EmbeddingDimension = 12,
            MaxEpochs = 1,
            BatchSize = 64,
            Seed = 9,
            NumberOfThreads = 2,
        })));
    }

    public MLContext Ml { get; }

    public IDataView Train { get; }

    public IDataView Test { get; }

    public ITransformer TextCnn => _textCnn.Value;

    public ITransformer BiLstm => _biLstm.Value;

    public ITransformer Gru => _gru.Value;

    public ITransformer SimpleRnn => _simpleRnn.Value;

    public ITransformer KimCnn => _kimCnn.Value;

    public ITransformer CnnBiLstm => _cnnBiLstm.Value;

    public static TextClassificationTransformer Classifier(ITransformer model) =>
        ((IEnumerable<ITransformer>)model).OfType<TextClassificationTransformer>().Single();

    public static float[][] Scores(ITransformer model, IDataView data) =>
        model.Transform(data).GetColumn<float[]>("Score").ToArray();

    public byte[] Save(ITransformer model)
    {
        using var stream = new MemoryStream();
        Ml.Model.SaveEmotionModel(model, Train.Schema, stream);
        return stream.ToArray();
    }

    private ITransformer Fit(IEstimator<ITransformer> trainer) =>
        Ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(Ml.Transforms.Text.NormalizeEmotionText("Clean", "Text"))
            .Append(Ml.Transforms.Text.TokenizeToIds("Tokens", "Clean"))
            .Append(trainer)
            .Append(Ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(Train);

    private IDataView Load(string split) =>
        TestData.LoadCarer(Ml, split);
}
