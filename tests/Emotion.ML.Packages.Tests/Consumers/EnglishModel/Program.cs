// A stranger's application with the pretrained English model alone: no training, no TorchSharp.
// Classifies a few unambiguous sentences and exits 0 when each gets its emotion.
using Emotion.ML.Models.English;

using var classifier = EnglishEmotionModel.Load();
var cases = new[] { ("I can't stop smiling, today was perfect!", "joy"), ("I feel so alone since she left", "sadness"), ("I'm terrified of tomorrow's surgery", "fear") };
foreach (var (text, expected) in cases)
{
    var prediction = classifier.Predict(text);
    Console.WriteLine($"'{text}' -> {prediction.Label} ({prediction.Confidence:P0})");
    if (prediction.Label != expected)
    {
        Console.Error.WriteLine($"expected {expected}");
        return 1;
    }
}

if (AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name?.StartsWith("TorchSharp", StringComparison.Ordinal) == true))
{
    Console.Error.WriteLine("TorchSharp was loaded by an application that references Emotion.ML.Models.English only");
    return 1;
}

return 0;
