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
/// The exported model inside an ML.NET pipeline through <c>ApplyOnnxModel</c>, which feeds one row
/// at a time (batch 1). The token ids may be a variable-length Int64 vector column (no shape
/// dictionary needed) or padded to a fixed length with the sequence axis fixed by a shape
/// dictionary. The lengths column must be a one-slot Int64 vector: ML.NET gives a scalar column
/// rank 2 ([1, 1]), which ONNX Runtime rejects ("Invalid rank for input: lengths").
/// </summary>
[Collection(SerialTorchCollection.Name)]
public sealed class ApplyOnnxModelTests : IClassFixture<ClassifierArchiveModels>, IDisposable
{
    /// <summary>The fixed sequence length of the padded ONNX input column; the test rows are all shorter.</summary>
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
    [InlineData("TextCnn", false)]
    [InlineData("TextCnn", true)]
    [InlineData("BiLstm", false)]
    [InlineData("BiLstm", true)]
    public void ApplyOnnxModel_in_an_MLNet_pipeline_scores_like_the_TorchSharp_model(string network, bool padded)
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
        var inputs = new[] { OnnxModelContract.TokenIdsInput, OnnxModelContract.LengthsInput };
        var outputs = new[] { OnnxModelContract.ProbabilitiesOutput };
        var onnx = padded
            ? ml.Transforms.CustomMapping<TokenRow, PaddedInputRow>(PaddedInputRow.Fill, contractName: null)
                .Append(ml.Transforms.ApplyOnnxModel(
                    outputs,
                    inputs,
                    path,
                    shapeDictionary: new Dictionary<string, int[]>
                    {
                        [OnnxModelContract.TokenIdsInput] = new[] { 1, Steps },
                        [OnnxModelContract.LengthsInput] = new[] { 1 },
                    },
                    gpuDeviceId: null,
                    fallbackToCpu: true))
                .Fit(tokens)
            : ml.Transforms.CustomMapping<TokenRow, InputRow>(InputRow.Fill, contractName: null)
                .Append(ml.Transforms.ApplyOnnxModel(outputs, inputs, path, gpuDeviceId: null, fallbackToCpu: true))
                .Fit(tokens);
        var actual = onnx.Transform(tokens).GetColumn<float[]>(OnnxModelContract.ProbabilitiesOutput).ToArray();

        var expected = ClassifierArchiveModels.Scores(model, _models.Test);
        Assert.Equal(expected.Length, actual.Length);
        var difference = expected.Zip(actual).SelectMany(p => p.First.Zip(p.Second, (e, a) => Math.Abs(e - a))).Max();
        _output.WriteLine($"{network} through ApplyOnnxModel ({(padded ? $"padded to {Steps} steps" : "variable-length ids")}): max abs difference {difference:E2} over {expected.Length} rows");
        Assert.InRange(difference, 0, OnnxParity.Tolerance);
    }

    /// <summary>The token-id column TokenizeToIds writes.</summary>
    public sealed class TokenRow
    {
        public int[] Tokens { get; set; } = Array.Empty<int>();
    }

    /// <summary>The ONNX inputs as ML.NET columns: the ids as a variable-length vector, and the length as a one-slot vector.</summary>
    public sealed class InputRow
    {
        [ColumnName(OnnxModelContract.TokenIdsInput)]
        public long[] TokenIds { get; set; } = Array.Empty<long>();

        [ColumnName(OnnxModelContract.LengthsInput)]
        [VectorType(1)]
        public long[] Lengths { get; set; } = new long[1];

        public static void Fill(TokenRow input, InputRow output)
        {
            output.TokenIds = input.Tokens.Select(t => (long)t).ToArray();
            output.Lengths = new[] { (long)input.Tokens.Length };
        }
    }

    /// <summary>The ONNX inputs as ML.NET columns: ids padded with 0 to a fixed length, and the real length.</summary>
    public sealed class PaddedInputRow
    {
        [ColumnName(OnnxModelContract.TokenIdsInput)]
        [VectorType(Steps)]
        public long[] TokenIds { get; set; } = new long[Steps];

        [ColumnName(OnnxModelContract.LengthsInput)]
        [VectorType(1)]
        public long[] Lengths { get; set; } = new long[1];

        public static void Fill(TokenRow input, PaddedInputRow output)
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
