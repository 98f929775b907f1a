using Emotion.ML.Testing;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Emotion.ML.Persistence;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Trainers;
using Emotion.ML.TorchSharp.Training;
using Microsoft.ML;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Tests.Persistence;

[Collection(SerialTorchCollection.Name)]
public class TextClassifierArchiveTests : IClassFixture<ClassifierArchiveModels>
{
    private readonly ClassifierArchiveModels _models;

    public TextClassifierArchiveTests(ClassifierArchiveModels models) => _models = models;

    private MLContext Ml => _models.Ml;

    public static TheoryData<string> Networks => new() { "TextCnn", "BiLstm", "Gru", "SimpleRnn", "KimCnn", "CnnBiLstm" };

    private ITransformer Model(string network) => network switch
    {
        "TextCnn" => _models.TextCnn,
        "BiLstm" => _models.BiLstm,
        "Gru" => _models.Gru,
        "KimCnn" => _models.KimCnn,
        "CnnBiLstm" => _models.CnnBiLstm,
        _ => _models.SimpleRnn,
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Loaded_classifier_scores_every_row_bit_identically(string network)
    {
        var model = Model(network);
        var path = Path.Combine(Path.GetTempPath(), $"emotion-ml-{Guid.NewGuid():N}.zip");
        try
        {
            Ml.Model.SaveEmotionModel(model, _models.Train.Schema, path);
            var loaded = Ml.Model.LoadEmotionModel(path, out var schema);

            var before = ClassifierArchiveModels.Scores(model, _models.Test);
            var after = ClassifierArchiveModels.Scores(loaded, _models.Test);
            Assert.Equal(120, before.Length);
            Assert.Equal(before, after);
            Assert.Equal(new[] { "Text", "Label" }, schema.Select(c => c.Name));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Loaded_classifier_predicts_in_a_prediction_engine(string network)
    {
        var model = Model(network);
        using var stream = new MemoryStream(_models.Save(model));
        var ml = new MLContext(seed: 9);
        var loaded = ml.Model.LoadEmotionModel(stream, out var schema);

        var original = Ml.Model.CreatePredictionEngine<TestData.Sentence, TestData.Prediction>(model);
        var engine = ml.Model.CreatePredictionEngine<TestData.Sentence, TestData.Prediction>(loaded, inputSchema: schema);
        foreach (var text in new[] { "i feel so happy and loved today", "i am furious about this", "" })
        {
            var expected = original.Predict(new TestData.Sentence { Text = text });
            var actual = engine.Predict(new TestData.Sentence { Text = text });
            Assert.Equal(expected.Score, actual.Score);
            Assert.Equal(expected.PredictedLabel, actual.PredictedLabel);
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Loaded_classifier_keeps_class_names_vocabulary_column_and_history(string network)
    {
        var original = ClassifierArchiveModels.Classifier(Model(network));
        using var stream = new MemoryStream(_models.Save(Model(network)));

        var loaded = ClassifierArchiveModels.Classifier(Ml.Model.LoadEmotionModel(stream, out _));

        Assert.Equal(original.ClassNames, loaded.ClassNames);
        Assert.Equal(original.Vocabulary.Words, loaded.Vocabulary.Words);
        Assert.Equal(original.TokensColumnName, loaded.TokensColumnName);
        Assert.Equal(original.History.Epochs, loaded.History.Epochs);
        Assert.Equal(original.History.BestEpoch, loaded.History.BestEpoch);
        Assert.Equal(original.History.StopReason, loaded.History.StopReason);
        var ids = new[] { new[] { 2, 3, 4 }, new[] { 5 }, Array.Empty<int>() };
        Assert.Equal(original.PredictProbabilities(ids), loaded.PredictProbabilities(ids));
    }

    [Fact]
    public void Manifest_names_the_reader_and_package_of_the_classifier_step()
    {
        using var zip = new ZipArchive(new MemoryStream(_models.Save(_models.TextCnn)), ZipArchiveMode.Read);
        var manifest = JsonNode.Parse(zip.GetEntry("manifest.json")!.Open())!;

        var step = manifest["steps"]!.AsArray().Single(s => (string?)s!["kind"] == "TextClassifier")!;

        Assert.Equal(typeof(TextClassificationTransformer).FullName, (string?)step["component"]);
        Assert.Equal("Emotion.ML.TorchSharp", (string?)step["package"]);
        Assert.StartsWith("Emotion.ML.TorchSharp.Persistence.", (string?)step["reader"]);
        Assert.Equal(
            new[] { "classifier.json", "network.json", "vocabulary.txt", "weights.bin", "model.onnx", "history.json" },
            step["entries"]!.AsArray().Select(e => ((string)e!).Split('/')[^1]));
    }

    [Fact]
    public void Any_flipped_bit_in_a_classifier_archive_either_fails_clearly_or_changes_nothing()
    {
        var bytes = _models.Save(_models.BiLstm);
        var expected = ClassifierArchiveModels.Scores(_models.BiLstm, _models.Test);
        var random = new Random(5);
        for (var trial = 0; trial < 30; trial++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));

            ITransformer loaded;
            try
            {
                loaded = Ml.Model.LoadEmotionModel(new MemoryStream(damaged), out _);
            }
            catch (EmotionModelFormatException)
            {
                continue;
            }

            Assert.Equal(expected, ClassifierArchiveModels.Scores(loaded, _models.Test));
        }
    }

    [Fact]
    public void A_history_with_infinite_or_missing_figures_round_trips()
    {
        var tokenizer = Ml.Transforms.Text.TokenizeToIds("Tokens", "Text").Fit(_models.Train);
        var schema = tokenizer.GetOutputSchema(_models.Train.Schema);
        var network = new TextCnnNetwork(new TokenEmbedding(tokenizer.Vocabulary.Count, 4, null), 4, 3, 1, new[] { 4 }, 0.1, 2);
        var history = new TrainingHistory(new[] { new EpochRecord(1, 0.5, 0.75, null, null, null, 0, double.PositiveInfinity), new EpochRecord(2, double.NaN, 0, 1, 0.5, 0.25, 0, double.NaN) }, 1, StopReason.Cancelled);
        var classifier = new TextClassificationTransformer(network, tokenizer.Vocabulary, new[] { "no", "yes" }, "Tokens", 3, CPU, history);
        using var stream = new MemoryStream();
        Ml.Model.SaveEmotionModel(classifier, schema, stream);
        stream.Position = 0;

        var loaded = ClassifierArchiveModels.Classifier(Ml.Model.LoadEmotionModel(stream, out _));

        Assert.Equal(history.Epochs, loaded.History.Epochs);
        Assert.Equal(StopReason.Cancelled, loaded.History.StopReason);
        Assert.Equal(new[] { "no", "yes" }, loaded.ClassNames);
    }

    [Fact]
    public void Truncated_weights_fail_naming_the_entry()
    {
        var bytes = Edit(_models.Save(_models.TextCnn), zip =>
        {
            var name = zip.Entries.Single(e => e.FullName.EndsWith("/weights.bin", StringComparison.Ordinal)).FullName;
            byte[] weights;
            using (var input = zip.GetEntry(name)!.Open())
            using (var copy = new MemoryStream())
            {
                input.CopyTo(copy);
                weights = copy.ToArray();
            }

            Replace(zip, name, weights[..(weights.Length / 2)]);
        });

        var error = Assert.Throws<EmotionModelFormatException>(() => Ml.Model.LoadEmotionModel(new MemoryStream(bytes), out _));

        Assert.EndsWith("/weights.bin", error.Entry);
    }

    [Theory]
    [InlineData("vocabularySize", 7, "7 words")]
    [InlineData("filters", 10_000_000, "layer sizes")]
    [InlineData("architecture", "Transformer", "Unknown architecture 'Transformer'")]
    public void A_bad_network_config_fails_naming_the_entry(string property, object value, string message)
    {
        var bytes = Edit(_models.Save(_models.TextCnn), zip =>
        {
            var name = zip.Entries.Single(e => e.FullName.EndsWith("/network.json", StringComparison.Ordinal)).FullName;
            JsonNode config;
            using (var input = zip.GetEntry(name)!.Open())
            {
                config = JsonNode.Parse(input)!;
            }

            config[property] = value is string text ? JsonValue.Create(text) : JsonValue.Create((int)value);
            Replace(zip, name, Encoding.UTF8.GetBytes(config.ToJsonString()));
        });

        var error = Assert.Throws<EmotionModelFormatException>(() => Ml.Model.LoadEmotionModel(new MemoryStream(bytes), out _));

        Assert.EndsWith("/network.json", error.Entry);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_BiLstm_archive_from_before_the_recurrent_networks_loads_bit_identically()
    {
        var bytes = Edit(_models.Save(_models.BiLstm), zip =>
        {
            var name = zip.Entries.Single(e => e.FullName.EndsWith("/network.json", StringComparison.Ordinal)).FullName;
            JsonObject config;
            using (var input = zip.GetEntry(name)!.Open())
            {
                config = JsonNode.Parse(input)!.AsObject();
            }

            Assert.Equal("Recurrent", (string?)config["architecture"]);
            config["architecture"] = "BiLstm";
            config.Remove("cell");
            config.Remove("bidirectional");
            Replace(zip, name, Encoding.UTF8.GetBytes(config.ToJsonString()));
        });

        var loaded = Ml.Model.LoadEmotionModel(new MemoryStream(bytes), out _);

        Assert.Equal(ClassifierArchiveModels.Scores(_models.BiLstm, _models.Test), ClassifierArchiveModels.Scores(loaded, _models.Test));
    }

    [Theory]
    [InlineData("TextCnn")]
    [InlineData("Gru")]
    public void An_archive_with_dense_units_and_one_kernel_size_from_before_dense_layer_specs_loads_bit_identically(string network)
    {
        var model = Model(network);
        var bytes = Edit(_models.Save(model), zip =>
        {
            var name = zip.Entries.Single(e => e.FullName.EndsWith("/network.json", StringComparison.Ordinal)).FullName;
            JsonObject config;
            using (var input = zip.GetEntry(name)!.Open())
            {
                config = JsonNode.Parse(input)!.AsObject();
            }

            // The older form: ReLU + BatchNorm dense layers sharing one dropout, one kernel width, no stride or k.
            var layers = config["denseLayers"]!.AsArray();
            var dropout = (double)layers[0]!["dropout"]!;
            Assert.All(layers, l => Assert.Equal(dropout, (double)l!["dropout"]!));
            config["denseUnits"] = new JsonArray(layers.Select(l => (JsonNode)JsonValue.Create((int)l!["units"]!)).ToArray());
            config.Remove("denseLayers");
            config[network == "TextCnn" ? "dropout" : "denseDropout"] = dropout;
            if (network == "TextCnn")
            {
                config["kernelSize"] = (int)config["kernelSizes"]![0]!;
                config.Remove("kernelSizes");
                config.Remove("stride");
                config.Remove("poolingK");
            }

            Replace(zip, name, Encoding.UTF8.GetBytes(config.ToJsonString()));
        });

        var loaded = Ml.Model.LoadEmotionModel(new MemoryStream(bytes), out _);

        Assert.Equal(ClassifierArchiveModels.Scores(model, _models.Test), ClassifierArchiveModels.Scores(loaded, _models.Test));
    }

    [Theory]
    [InlineData("Gru", "cell", "Lstm")]
    [InlineData("SimpleRnn", "bidirectional", true)]
    public void A_recurrent_config_that_does_not_match_the_weights_fails_naming_the_weights(string network, string property, object value)
    {
        var bytes = Edit(_models.Save(Model(network)), zip =>
        {
            var name = zip.Entries.Single(e => e.FullName.EndsWith("/network.json", StringComparison.Ordinal)).FullName;
            JsonNode config;
            using (var input = zip.GetEntry(name)!.Open())
            {
                config = JsonNode.Parse(input)!;
            }

            config[property] = value is string text ? JsonValue.Create(text) : JsonValue.Create((bool)value);
            Replace(zip, name, Encoding.UTF8.GetBytes(config.ToJsonString()));
        });

        var error = Assert.Throws<EmotionModelFormatException>(() => Ml.Model.LoadEmotionModel(new MemoryStream(bytes), out _));

        Assert.EndsWith("/weights.bin", error.Entry);
    }

    [Fact]
    public void MLNet_Save_of_a_classifier_pipeline_names_SaveEmotionModel()
    {
        var error = Assert.Throws<NotSupportedException>(() => Ml.Model.Save(_models.BiLstm, _models.Train.Schema, new MemoryStream()));

        Assert.Contains("SaveEmotionModel", error.Message);
    }

    private static byte[] Edit(byte[] archive, Action<ZipArchive> edit)
    {
        using var stream = new MemoryStream();
        stream.Write(archive);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            edit(zip);
        }

        return stream.ToArray();
    }

    private static void Replace(ZipArchive zip, string name, byte[] content)
    {
        zip.GetEntry(name)!.Delete();
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(content);
    }
}
