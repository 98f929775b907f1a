using Emotion.ML.Onnx;
using Emotion.ML.Text;
using Emotion.ML.Tokenization;
using Emotion.ML.TorchSharp.Onnx;
using Emotion.ML.TorchSharp.Tests.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace Emotion.ML.TorchSharp.Tests.Onnx;

/// <summary>
/// The exported model inside an ML.NET pipeline through <c>ApplyOnnxModel</c>. ML.NET binds ONNX
/// inputs to fixed-size vector columns, so the token ids are padded to <see cref="Steps"/> and the
/// dynamic axes are fixed with a shape dictionary (batch 1: ML.NET feeds one row at a time).
/// </summary>
[Collection(SerialTorchCollection.Name)]
public sealed class ApplyOnnxModelTests : IClassFixture<ClassifierArchiveModels>, IDisposable
{
    /// <summary>The fixed sequence length of the ONNX input column; longer rows would be cut.</summary>
    private const int Steps = 96;

    private readonly ClassifierArchiveModels _models;
    private readonly ITestOutputHelper _output;
    private readonly string _folder = Directory.CreateTempSubdirectory("emotion-ml-apply-onnx-").FullName;

    public ApplyOnnxModelTests(ClassifierArchiveModels models, ITestOutputHelper output)
    {
        _models = models;
        _output = output;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("TextCnn")]
    [InlineData("BiLstm")]
    public void ApplyOnnxModel_in_an_MLNet_pipeline_scores_like_the_TorchSharp_model(string network)
    {
        var model = network == "TextCnn" ? _models.TextCnn : _models.BiLstm;
        var path = Path.Combine(_folder, network + ".onnx");
        model.ExportToOnnx(path);
        var steps = ((IEnumerable<ITransformer>)model).ToArray();
        var normalizer = steps.OfType<EmotionTextNormalizingTransformer>().Single();
        var tokenizer = steps.OfType<TokenizeToIdsTransformer>().Single();
        var tokens = tokenizer.Transform(normalizer.Transform(_models.Test));
        Assert.All(tokens.GetColumn<int[]>("Tokens"), t => Assert.InRange(t.Length, 0, Steps));

        var ml = _models.Ml;
        var onnx = ml.Transforms.CustomMapping<TokenRow, OnnxInputRow>(OnnxInputRow.Fill, contractName: null)
            .Append(ml.Transforms.ApplyOnnxModel(
                outputColumnNames: new[] { OnnxModelContract.ProbabilitiesOutput },
                inputColumnNames: new[] { OnnxModelContract.TokenIdsInput, OnnxModelContract.LengthsInput },
                modelFile: path,
                shapeDictionary: new Dictionary<string, int[]>
                {
                    [OnnxModelContract.TokenIdsInput] = new[] { 1, Steps },
                    [OnnxModelContract.LengthsInput] = new[] { 1 },
                },
                gpuDeviceId: null,
                fallbackToCpu: true))
            .Fit(tokens);
        var actual = onnx.Transform(tokens).GetColumn<float[]>(OnnxModelContract.ProbabilitiesOutput).ToArray();

        var expected = ClassifierArchiveModels.Scores(model, _models.Test);
        Assert.Equal(expected.Length, actual.Length);
        var difference = expected.Zip(actual).SelectMany(p => p.First.Zip(p.Second, (e, a) => Math.Abs(e - a))).Max();
        _output.WriteLine($"{network} through ApplyOnnxModel (padded to {Steps} steps): max abs difference {difference:E2} over {expected.Length} rows");
        Assert.InRange(difference, 0, OnnxParity.Tolerance);
    }

    /// <summary>The token-id column TokenizeToIds writes.</summary>
    public sealed class TokenRow
    {
        public int[] Tokens { get; set; } = Array.Empty<int>();
    }

    /// <summary>The ONNX inputs as ML.NET columns: ids padded with 0 to a fixed length, and the real length.</summary>
    public sealed class OnnxInputRow
    {
        [ColumnName(OnnxModelContract.TokenIdsInput)]
        [VectorType(Steps)]
        public long[] TokenIds { get; set; } = new long[Steps];

        [ColumnName(OnnxModelContract.LengthsInput)]
        [VectorType(1)]
        public long[] Lengths { get; set; } = new long[1];

        public static void Fill(TokenRow input, OnnxInputRow output)
        {
            output.TokenIds = new long[Steps];
            for (var t = 0; t < input.Tokens.Length; t++)
            {
                output.TokenIds[t] = input.Tokens[t];
            }

            output.Lengths = new[] { (long)input.Tokens.Length };
        }
    }
}
