// An application that references Emotion.ML.TorchSharp but forgot the libtorch runtime package:
// the first training must fail with Emotion.ML's message naming TorchSharp-cpu.
// Prints the message and exits 0 when it is the expected one.
using Emotion.ML;
using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;

var ml = new MLContext(seed: 1);
var rows = new[] { new Sentence { Text = "i am happy", Label = "joy" }, new Sentence { Text = "i am sad", Label = "sadness" } };
var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
    .Append(ml.Transforms.Text.NormalizeEmotionText("Clean", "Text"))
    .Append(ml.Transforms.Text.TokenizeToIds("Tokens", "Clean"))
    .Append(ml.MulticlassClassification.Trainers.TextCnn(new TextCnnOptions { MaxEpochs = 1, ValidationFraction = 0 }));
try
{
    pipeline.Fit(ml.Data.LoadFromEnumerable(rows));
    Console.Error.WriteLine("training succeeded without a libtorch runtime package");
    return 1;
}
catch (InvalidOperationException ex)
{
    Console.WriteLine(ex.Message);
    return ex.Message.StartsWith("This application has no libtorch runtime package.", StringComparison.Ordinal)
        && ex.Message.Contains("add 'TorchSharp-cpu'", StringComparison.Ordinal) ? 0 : 1;
}

/// <summary>A labelled sentence.</summary>
internal sealed class Sentence
{
    public string Text { get; set; } = "";

    public string Label { get; set; } = "";
}
