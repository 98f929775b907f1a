using System.CommandLine;
using System.Text.Json;
using Emotion.ML.Onnx;
using Emotion.ML.Vision;
using Spectre.Console;

namespace Emotion.ML.Cli.Commands;

/// <summary>
/// <c>emotion-ml predict-image</c>: finds every face in a photo (OpenCV's frontal-face Haar cascade),
/// classifies each with a saved image model through ONNX Runtime and, with <c>--out</c>, writes the photo
/// with a box and label per face as PNG.
/// </summary>
internal static class PredictImageCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "An image model: an archive saved by 'emotion-ml train --model image-cnn' or its .onnx export.", Required = true };
        var image = new Option<FileInfo>("--image") { Description = "The photo (PNG, JPEG, BMP, TIFF, WebP, ...).", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "Write the photo with a box and the predicted expression per face to this PNG file." };
        var minFace = new Option<int>("--min-face") { Description = "Smallest face side in pixels.", DefaultValueFactory = _ => 30 };
        var neighbors = new Option<int>("--min-neighbors") { Description = "Overlapping detections a face needs (higher: fewer false faces).", DefaultValueFactory = _ => 5 };
        var top = new Option<int>("--top") { Description = "How many classes to show per face, most probable first.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print JSON Lines (one object per face) on stdout and nothing else." };
        var command = new Command("predict-image", "Find the faces in a photo and classify the expression of each.") { model, image, output, minFace, neighbors, top, json };
        command.SetAction(result => Run(
            result.GetRequiredValue(model).FullName,
            result.GetRequiredValue(image).FullName,
            result.GetValue(output)?.FullName,
            new FaceDetectorOptions { MinFaceSize = result.GetValue(minFace), MinNeighbors = result.GetValue(neighbors) },
            Math.Max(1, result.GetValue(top)),
            result.GetValue(json)));
        return command;
    }

    private static int Run(string modelPath, string imagePath, string? outputPath, FaceDetectorOptions detector, int top, bool json)
    {
        using var photo = FaceImages.Read(imagePath);
        using var recognizer = FaceEmotionRecognizer.Load(modelPath, detector, new OnnxClassifierOptions { Log = line => Console.Error.WriteLine($"note: {line}") });
        var faces = recognizer.Recognize(photo);
        if (outputPath is not null)
        {
            FaceAnnotator.Draw(photo, faces);
            FaceAnnotator.SavePng(photo, outputPath);
        }

        if (json)
        {
            foreach (var face in faces)
            {
                var ranked = face.Prediction.Probabilities.OrderByDescending(p => p.Value).Take(top);
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    box = new { x = face.Box.X, y = face.Box.Y, width = face.Box.Width, height = face.Box.Height },
                    label = face.Prediction.Label,
                    scores = ranked.ToDictionary(p => p.Key, p => Math.Round(p.Value, 6)),
                }));
            }

            return 0;
        }

        AnsiConsole.MarkupLine($"{faces.Count} face{(faces.Count == 1 ? "" : "s")} in [grey]{Markup.Escape(imagePath)}[/] ({photo.Width}x{photo.Height})");
        var table = new Table().AddColumns("Face", "Box (x, y, width, height)", "Prediction");
        for (var i = 0; i < faces.Count; i++)
        {
            var box = faces[i].Box;
            var ranked = faces[i].Prediction.Probabilities.OrderByDescending(p => p.Value).Take(top);
            table.AddRow($"{i + 1}", $"{box.X}, {box.Y}, {box.Width}, {box.Height}", string.Join(", ", ranked.Select(p => $"{Markup.Escape(p.Key)} {p.Value:P1}")));
        }

        if (faces.Count > 0)
        {
            AnsiConsole.Write(table);
        }

        if (outputPath is not null)
        {
            AnsiConsole.MarkupLine($"Annotated image written to [green]{Markup.Escape(outputPath)}[/].");
        }

        return 0;
    }
}
