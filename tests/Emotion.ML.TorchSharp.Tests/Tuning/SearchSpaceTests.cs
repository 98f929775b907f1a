using System.Text.Json.Nodes;
using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Trainers;
using Emotion.ML.TorchSharp.Training;
using Emotion.ML.TorchSharp.Tuning;

namespace Emotion.ML.TorchSharp.Tests.Tuning;

public class SearchSpaceTests
{
    private const string SpaceJson = """
        {
          // a Kim CNN study
          "model": "textcnn",
          "options": { "ConvolutionBlocks": 1, "DenseLayers": [] },
          "parameters": {
            "LearningRate": [0.001, 0.003],
            "KernelSizes": [[3, 4, 5], [2, 3]],
            "Optimizer": { "choice": ["Adam", "RmsProp"] },
          }
        }
        """;

    [Fact]
    public void A_grid_is_every_combination_in_order_with_the_last_dimension_fastest()
    {
        var space = SearchSpace.Parse(SpaceJson, "kim.json");
        space.Validate(typeof(TextCnnOptions));
        Assert.Equal("textcnn", space.Model);
        Assert.Equal(8, space.GridSize);
        var grid = space.EnumerateGrid().Select(t => t.ToString()).ToList();
        Assert.Equal(8, grid.Distinct().Count());
        Assert.Equal("LearningRate=0.001, KernelSizes=[3,4,5], Optimizer=Adam", grid[0]);
        Assert.Equal("LearningRate=0.001, KernelSizes=[3,4,5], Optimizer=RmsProp", grid[1]);
        Assert.Equal("LearningRate=0.001, KernelSizes=[2,3], Optimizer=Adam", grid[2]);
        Assert.Equal("LearningRate=0.003, KernelSizes=[2,3], Optimizer=RmsProp", grid[7]);
    }

    [Fact]
    public void The_file_form_round_trips()
    {
        var space = SearchSpace.Parse(SpaceJson, "kim.json");
        var again = SearchSpace.Parse(space.ToJson().ToJsonString(), "copy");
        Assert.Equal(space.ToJson().ToJsonString(), again.ToJson().ToJsonString());
        Assert.Equal(2, again.FixedOptions.Count);
    }

    [Fact]
    public void Options_get_the_fixed_values_then_the_trial_values_lists_and_enums_included()
    {
        var space = new SearchSpace()
            .Fixed("Filters", 100)
            .Grid(nameof(TextCnnOptions.DenseLayers), new DenseLayer[] { new(64, Dropout: 0.3) }, Array.Empty<DenseLayer>())
            .Grid(nameof(TextCnnOptions.Optimizer), OptimizerKind.Sgd)
            .Grid(nameof(TextCnnOptions.L2Regularization), new Dictionary<LayerGroup, double> { [LayerGroup.Dense] = 0.01 });
        space.Validate(typeof(TextCnnOptions));
        var trial = space.EnumerateGrid().First();
        var options = new TextCnnOptions();
        foreach (var (name, value) in space.FixedOptions.Concat(trial))
        {
            OptionBinder.Apply(options, name, value, name);
        }

        Assert.Equal(100, options.Filters);
        Assert.Equal(new[] { new DenseLayer(64, Dropout: 0.3) }, options.DenseLayers);
        Assert.Equal(OptimizerKind.Sgd, options.Optimizer);
        Assert.Equal(0.01, options.L2Regularization![LayerGroup.Dense]);
        Assert.Equal(OptimizerKind.Sgd, trial.Get<OptimizerKind>("optimizer"));
    }

    [Fact]
    public void An_unknown_option_names_the_file_line_path_and_the_options_that_exist()
    {
        var json = "{\n  \"parameters\": {\n    \"LearningRate\": [0.001],\n    \"Dropoutt\": [0.2, 0.5]\n  }\n}";
        var ex = Assert.Throws<ArgumentException>(() => SearchSpace.Parse(json, "space.json").Validate(typeof(TextCnnOptions)));
        Assert.Contains("space.json:4: $.parameters.Dropoutt", ex.Message);
        Assert.Contains("TextCnnOptions has no option 'Dropoutt'", ex.Message);
        Assert.Contains("Dropout", ex.Message.Split("searched: ")[1]);
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_the_value_the_option_and_its_type()
    {
        var json = """{ "parameters": { "Filters": [100, "many"] } }""";
        var ex = Assert.Throws<ArgumentException>(() => SearchSpace.Parse(json, "s.json").Validate(typeof(TextCnnOptions)));
        Assert.Contains("s.json:1: $.parameters.Filters (value 2 of 2)", ex.Message);
        Assert.Contains("many is not a valid value for option 'Filters' (Int32)", ex.Message);

        var enumEx = Assert.Throws<ArgumentException>(() => SearchSpace.Parse("""{ "parameters": { "Optimizer": ["Adamm"] } }""", "e.json").Validate(typeof(TextCnnOptions)));
        Assert.Contains("OptimizerKind: one of Adam", enumEx.Message);

        var listEx = Assert.Throws<ArgumentException>(() => SearchSpace.Parse("""{ "parameters": { "KernelSizes": [3, 4, 5] } }""", "k.json").Validate(typeof(TextCnnOptions)));
        Assert.Contains("its candidate values are lists", listEx.Message);
    }

    [Theory]
    [InlineData("""{ "parameters": { "Dropout": [] } }""", "$.parameters.Dropout: the list of values is empty")]
    [InlineData("""{ "parameters": { "Dropout": { "range": [0.1] } } }""", "$.parameters.Dropout.range: expected [min, max]")]
    [InlineData("""{ "parameters": { "Dropout": { "between": [0, 1] } } }""", "\"between\"")]
    [InlineData("""{ "parameters": { "LearningRate": { "logRange": [0, 0.1] } } }""", "log range needs positive bounds")]
    [InlineData("""{ "parameters": {} }""", "no option to search")]
    [InlineData("""{ "space": {} }""", "$.space: unknown property")]
    [InlineData("""[1, 2]""", "a search space is a JSON object")]
    [InlineData("{ \"parameters\": {\n \"Dropout\": [0.1,, 0.2] } }", "t.json:2: not valid JSON")]
    public void Malformed_files_fail_with_the_place_and_what_was_expected(string json, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => SearchSpace.Parse(json, "t.json"));
        Assert.Contains(expected, ex.Message);
        Assert.StartsWith("t.json", ex.Message);
    }

    [Fact]
    public void Missing_files_and_unsearchable_options_are_refused()
    {
        Assert.Throws<FileNotFoundException>(() => SearchSpace.Load("/nonexistent/space.json"));
        var runtime = Assert.Throws<ArgumentException>(() => new SearchSpace().Grid("ValidationSet", 1).Validate(typeof(TextCnnOptions)));
        Assert.Contains("run-time object", runtime.Message);
        var reserved = Assert.Throws<ArgumentException>(() => new SearchSpace().Grid("CheckpointDirectory", "x").Validate(typeof(TextCnnOptions)));
        Assert.Contains("set by the search", reserved.Message);
        Assert.Throws<ArgumentException>(() => new SearchSpace().Grid("Dropout", 0.1).Grid("dropout", 0.2));
        Assert.Throws<ArgumentException>(() => new SearchSpace().Grid<double>("Dropout"));
        var notNumber = Assert.Throws<ArgumentException>(() => new SearchSpace().Range("Optimizer", 0, 1).Validate(typeof(TextCnnOptions)));
        Assert.Contains("not a number", notNumber.Message);
    }

    [Fact]
    public void A_range_cannot_be_gridded()
    {
        var space = new SearchSpace().Range("Dropout", 0.1, 0.5);
        var ex = Assert.Throws<InvalidOperationException>(() => space.GridSize);
        Assert.Contains("only a random search", ex.Message);
    }

    [Fact]
    public void Random_draws_are_seeded_distinct_in_bounds_and_a_longer_search_extends_a_shorter_one()
    {
        var space = new SearchSpace()
            .LogRange("LearningRate", 1e-4, 1e-2)
            .Range("Filters", 50, 200)
            .Range("Dropout", 0.2, 0.6)
            .Choice("Optimizer", OptimizerKind.Adam, OptimizerKind.RmsProp);
        var ten = space.Sample(10, seed: 7, typeof(TextCnnOptions));
        var twenty = space.Sample(20, seed: 7, typeof(TextCnnOptions));
        Assert.Equal(ten.Select(t => t.Key), twenty.Take(10).Select(t => t.Key));
        Assert.Equal(20, twenty.Select(t => t.Key).Distinct().Count());
        Assert.NotEqual(ten.Select(t => t.Key), space.Sample(10, seed: 8, typeof(TextCnnOptions)).Select(t => t.Key));
        foreach (var trial in twenty)
        {
            Assert.InRange(trial.Get<double>("LearningRate"), 1e-4, 1e-2);
            var filters = trial["Filters"]!.AsValue();
            Assert.True(filters.TryGetValue<long>(out var whole), $"Filters drawn as {filters.ToJsonString()}, expected a whole number");
            Assert.InRange(whole, 50, 200);
            Assert.InRange(trial.Get<double>("Dropout"), 0.2, 0.6);
        }

        // The log scale puts about as many draws below 1e-3 as above it.
        var below = twenty.Count(t => t.Get<double>("LearningRate") < 1e-3);
        Assert.InRange(below, 5, 15);
    }

    [Fact]
    public void A_small_discrete_space_gives_back_what_it_holds()
    {
        var space = new SearchSpace().Choice("Dropout", 0.1, 0.2);
        Assert.Equal(2, space.Sample(5, 1).Count);
    }

    [Fact]
    public void Trial_parameters_format_values_for_tables()
    {
        var parameters = new TrialParameters(new[]
        {
            KeyValuePair.Create("Optimizer", (JsonNode?)JsonValue.Create("Adam")),
            KeyValuePair.Create("Units", (JsonNode?)new JsonArray(64, 32)),
        });
        Assert.Equal("Optimizer=Adam, Units=[64,32]", parameters.ToString());
        Assert.Equal("{\"Optimizer\":\"Adam\",\"Units\":[64,32]}", parameters.Key);
        Assert.Throws<KeyNotFoundException>(() => parameters["Dropout"]);
    }
}
