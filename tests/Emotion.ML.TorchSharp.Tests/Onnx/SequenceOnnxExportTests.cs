using Emotion.ML.Data;
using Emotion.ML.Onnx;
using Emotion.ML.Testing;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Tests.Persistence;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace Emotion.ML.TorchSharp.Tests.Onnx;

/// <summary>Frame-sequence classifiers exported to ONNX give TorchSharp's probabilities on raw frames.</summary>
[Collection(SerialTorchCollection.Name)]
public class SequenceOnnxExportTests
{
    private readonly ITestOutputHelper output;

    public SequenceOnnxExportTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData(RecurrentCell.Gru, true, SequencePooling.FinalStates, FrameNormalization.ZScore)]
    [InlineData(RecurrentCell.Lstm, false, SequencePooling.Attention, FrameNormalization.MinMax)]
    [InlineData(RecurrentCell.SimpleRnn, true, SequencePooling.Mean, FrameNormalization.None)]
    public void Exported_sequence_classifier_matches_TorchSharp_on_raw_padded_frames(RecurrentCell cell, bool bidirectional, SequencePooling pooling, FrameNormalization normalization)
    {
        var ml = new MLContext(1);
        var train = ml.Data.TakeRows(SequenceData.LoadJsonLines(ml, TestData.File("japanese-vowels/train.jsonl"), out var frameSize), 90);
        var options = new SequenceRnnOptions
        {
            FrameSize = frameSize,
            Normalization = normalization,
            Cell = cell,
            Units = new[] { 10, 6 },
            Bidirectional = bidirectional,
            Pooling = pooling,
            AttentionUnits = 5,
            DenseLayers = new DenseLayer[] { new(8, DenseActivation.Tanh) },
            MaxEpochs = 2,
            ValidationFraction = 0,
            Seed = 4,
            NumberOfThreads = 2,
        };
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.SequenceRnn(options)).Fit(train);
        var classifier = model.LastTransformer;
        using var stream = new MemoryStream();
        classifier.ExportToOnnx(stream);

        var sequences = SequenceData.ReadJsonLines(TestData.File("japanese-vowels/test.jsonl"), out _).Take(25).Select(e => e.Frames).ToArray();
        var expected = classifier.PredictProbabilities(sequences);
        var steps = sequences.Max(s => s.Length / frameSize) + 3;   // extra padding must change nothing
        var frames = new float[sequences.Length * steps * frameSize];
        var lengths = new long[sequences.Length];
        for (var r = 0; r < sequences.Length; r++)
        {
            sequences[r].CopyTo(frames, r * steps * frameSize);
            lengths[r] = sequences[r].Length / frameSize;
        }

        using var session = OnnxParity.Session(stream.ToArray());
        using var framesValue = OrtValue.CreateTensorValueFromMemory(frames, new long[] { sequences.Length, steps, frameSize });
        using var lengthsValue = OrtValue.CreateTensorValueFromMemory(lengths, new long[] { sequences.Length });
        using var run = new RunOptions();
        using var outputs = session.Run(run, new[] { OnnxModelContract.FramesInput, OnnxModelContract.LengthsInput }, new[] { framesValue, lengthsValue }, new[] { OnnxModelContract.ProbabilitiesOutput });
        var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        var difference = OnnxParity.MaxAbsDifference(expected.SelectMany(p => p).ToArray(), actual);
        output.WriteLine($"{cell} bidirectional={bidirectional} {pooling} {normalization}: max abs difference {difference:E2}");
        Assert.InRange(difference, 0, 1e-4);
        Assert.Equal("12", session.ModelMetadata.CustomMetadataMap[OnnxModelContract.FrameSizeKey]);
        Assert.Contains("speaker1", session.ModelMetadata.CustomMetadataMap[OnnxModelContract.ClassNamesKey]);
    }
}
