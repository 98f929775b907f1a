using System.Text.Json;
using Emotion.ML.Cli.Data;
using Emotion.ML.Data;
using Emotion.ML.Vision;
using Spectre.Console;

namespace Emotion.ML.Cli.Commands;

/// <summary><c>emotion-ml predict</c> for models that do not read text: frame sequences (JSON Lines) and face images (FER2013 CSV, or one image file).</summary>
internal static class RowPredictions
{
    public static int Run(string modelPath, bool onnx, bool hasText, string? dataPath, string? imagePath, string? usage, int top, bool json)
    {
        var input = ModelInputs.Of(modelPath);
        if (input == ModelInput.Text)
        {
            throw new ArgumentException($"'{Path.GetFileName(modelPath)}' classifies text: give --text or a TSV/CSV --data file (--image and --usage are for image models).");
        }

        if (hasText)
        {
            throw new ArgumentException($"'{Path.GetFileName(modelPath)}' classifies {(input == ModelInput.Images ? "images: give --data (FER2013 CSV) or --image" : "frame sequences: give --data (JSON Lines)")}, not --text.");
        }

        if (input == ModelInput.Sequences && (imagePath is not null || usage is not null))
        {
            throw new ArgumentException("--image and --usage are for image models; this model classifies frame sequences (give --data with JSON Lines).");
        }

        if (imagePath is not null && usage is not null)
        {
            throw new ArgumentException("--usage selects rows of a FER2013 --data file; it does not apply to --image.");
        }

        string[] items;
        ModelScoring.Scores scores;
        if (input == ModelInput.Sequences)
        {
            var rows = SequenceData.ReadJsonLines(dataPath!, out _);
            items = Enumerable.Range(1, rows.Count).Select(i => $"row {i}").ToArray();
            scores = ModelScoring.Sequences(modelPath, onnx, rows);
        }
        else
        {
            var rows = imagePath is not null
                ? new[] { new FaceImageExample { Pixels = FaceImages.LoadPixels(imagePath) } }
                : Fer2013.Read(dataPath!, usage);
            items = imagePath is not null ? new[] { Path.GetFileName(imagePath) } : Enumerable.Range(1, rows.Count).Select(i => $"row {i}").ToArray();
            scores = ModelScoring.Images(modelPath, onnx, rows);
        }

        var table = new Table().AddColumns(input == ModelInput.Images ? "Image" : "Sequence", "Prediction");
        for (var i = 0; i < items.Length; i++)
        {
            var ranked = scores.Probabilities[i].Select((p, c) => (Name: scores.Classes[c], P: p)).OrderByDescending(x => x.P).Take(top).ToArray();
            if (json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    item = items[i],
                    label = ranked[0].Name,
                    scores = ranked.ToDictionary(r => r.Name, r => Math.Round(r.P, 6)),
                }));
            }
            else
            {
                table.AddRow(Markup.Escape(items[i]), string.Join(", ", ranked.Select(r => $"{Markup.Escape(r.Name)} {r.P:P1}")));
            }
        }

        if (!json)
        {
            AnsiConsole.Write(table);
        }

        return 0;
    }
}
