// DistributedScoring: the .NET half of `./run.sh distributed-demo` (see README.md beside this file).
//   prepare: reads TSV files of text, cuts them into partitions (raw text, and the token ids the model
//            reads, for workers with Python's onnxruntime), and scores everything here, on one machine,
//            as the reference the workers' results must equal.
//   score:   what a Dask worker runs per partition: "row<TAB>text" lines on stdin, "row<TAB>probabilities"
//            on stdout, end to end from raw text (normalize, tokenize, network) with ONNX Runtime.
// Usage: DistributedScoring prepare --model emotion.onnx --out <folder> [--partitions 16] [--copies 5] [--threads 2] <data.tsv>...
//        DistributedScoring score --model emotion.onnx [--threads 1] < part-000.tsv > scored-000.tsv
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Emotion.ML.Onnx;

var options = ScoringOptions.Parse(args);
using var classifier = OnnxTextClassifier.Load(options.Model, new OnnxClassifierOptions { IntraOpNumThreads = options.Threads, ExecutionProvider = OnnxExecutionProvider.Cpu });
return options.Verb == "score" ? Score(classifier) : Prepare(classifier, options);

static int Score(OnnxTextClassifier classifier)
{
    var rows = new List<string>();
    var texts = new List<string>();
    var line = 0;
    for (var input = Console.In.ReadLine(); input is not null; input = Console.In.ReadLine())
    {
        line++;
        var tab = input.IndexOf('\t', StringComparison.Ordinal);
        if (tab < 0)
        {
            Console.Error.WriteLine($"stdin, line {line}: expected 'row<TAB>text', found no tab.");
            return 2;
        }

        rows.Add(input[..tab]);
        texts.Add(input[(tab + 1)..]);
    }

    var probabilities = classifier.PredictIds(texts.Select(classifier.Tokenize).ToArray());
    using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
    for (var i = 0; i < rows.Count; i++)
    {
        output.Write(rows[i]);
        output.Write('\t');
        output.WriteLine(Probabilities(probabilities[i]));
    }

    return 0;
}

static int Prepare(OnnxTextClassifier classifier, ScoringOptions options)
{
    var texts = new List<string>();
    for (var copy = 0; copy < options.Copies; copy++)
    {
        foreach (var file in options.Data)
        {
            texts.AddRange(ReadTexts(file));
        }
    }

    Console.WriteLine($"{texts.Count:N0} sentences ({options.Copies} copies of {string.Join(", ", options.Data.Select(Path.GetFileName))}), {options.Partitions} partitions");

    // The single-machine reference, end to end from raw text as the workers do it.
    var clock = Stopwatch.StartNew();
    var ids = texts.Select(classifier.Tokenize).ToArray();
    var tokenizeSeconds = clock.Elapsed.TotalSeconds;
    clock.Restart();
    var probabilities = classifier.PredictIds(ids);
    var networkSeconds = clock.Elapsed.TotalSeconds;

    var partitions = Path.Combine(options.Out, "partitions");
    Directory.CreateDirectory(partitions);
    foreach (var old in Directory.GetFiles(partitions))
    {
        File.Delete(old);
    }

    for (var p = 0; p < options.Partitions; p++)
    {
        var (start, end) = ((int)((long)p * texts.Count / options.Partitions), (int)((long)(p + 1) * texts.Count / options.Partitions));
        WriteAtomically(Path.Combine(partitions, $"text-{p:D3}.tsv"), writer =>
        {
            for (var r = start; r < end; r++)
            {
                writer.WriteLine($"{r}\t{texts[r]}");
            }
        });
        WriteAtomically(Path.Combine(partitions, $"ids-{p:D3}.tsv"), writer =>
        {
            for (var r = start; r < end; r++)
            {
                writer.WriteLine($"{r}\t{string.Join(' ', ids[r])}");
            }
        });
    }

    WriteAtomically(Path.Combine(options.Out, "expected.tsv"), writer =>
    {
        for (var r = 0; r < probabilities.Length; r++)
        {
            writer.WriteLine($"{r}\t{Probabilities(probabilities[r])}");
        }
    });

    var seconds = tokenizeSeconds + networkSeconds;
    var summary = new Dictionary<string, object>
    {
        ["sentences"] = texts.Count,
        ["partitions"] = options.Partitions,
        ["threads"] = options.Threads,
        ["class_names"] = classifier.ClassNames,
        ["normalize_tokenize_seconds"] = Math.Round(tokenizeSeconds, 3),
        ["network_seconds"] = Math.Round(networkSeconds, 3),
        ["sentences_per_second"] = Math.Round(texts.Count / seconds),
    };
    WriteAtomically(Path.Combine(options.Out, "single-machine.json"), writer => writer.Write(JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true })));
    Console.WriteLine($"single machine, one process: normalized + tokenized in {tokenizeSeconds:F2} s (one thread), network in {networkSeconds:F2} s ({options.Threads} threads): {texts.Count / seconds:N0} sentences/s");
    Console.WriteLine($"wrote {partitions}/text-*.tsv, ids-*.tsv and {Path.Combine(options.Out, "expected.tsv")}");
    return 0;
}

static string Probabilities(float[] values) => string.Join(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

static IEnumerable<string> ReadTexts(string tsv)
{
    var line = 0;
    foreach (var row in File.ReadLines(tsv))
    {
        line++;
        if (line == 1)
        {
            continue;   // header
        }

        var tab = row.LastIndexOf('\t');
        if (tab < 0)
        {
            throw new FormatException($"{tsv}, line {line}: expected 'text<TAB>label', found no tab.");
        }

        yield return row[..tab];
    }
}

// A half-written partition would be scored as if complete: write beside the target, then move.
static void WriteAtomically(string path, Action<TextWriter> write)
{
    var temporary = path + ".tmp";
    using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false)))
    {
        write(writer);
    }

    File.Move(temporary, path, overwrite: true);
}

/// <summary>The command line of the sample.</summary>
internal sealed record ScoringOptions(string Verb, string Model, string Out, int Partitions, int Copies, int Threads, IReadOnlyList<string> Data)
{
    public static ScoringOptions Parse(string[] args)
    {
        const string Usage = "Usage: prepare --model <onnx> --out <folder> [--partitions N] [--copies N] [--threads N] <data.tsv>... | score --model <onnx> [--threads N]";
        var verb = args.Length > 0 && args[0] is "prepare" or "score" ? args[0] : throw new ArgumentException("The first argument must be 'prepare' or 'score'. " + Usage, nameof(args));
        string? model = null, output = null;
        int partitions = 16, copies = 1, threads = verb == "score" ? 1 : 2;
        var data = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.", nameof(args));
            int Count(string name)
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n
                    : throw new ArgumentException($"{name} must be a positive whole number, found '{text}'.", nameof(args));
            }

            switch (args[i])
            {
                case "--model": model = Value(); break;
                case "--out": output = Value(); break;
                case "--partitions": partitions = Count("--partitions"); break;
                case "--copies": copies = Count("--copies"); break;
                case "--threads": threads = Count("--threads"); break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new ArgumentException($"Unknown option '{args[i]}'. " + Usage, nameof(args));
                    }

                    data.Add(File.Exists(args[i]) ? args[i] : throw new FileNotFoundException($"Data file '{args[i]}' was not found.", args[i]));
                    break;
            }
        }

        model = model ?? throw new ArgumentException("--model <file.onnx> is required. " + Usage, nameof(args));
        if (verb == "score")
        {
            return new ScoringOptions(verb, model, "", partitions, copies, threads, data);
        }

        return new ScoringOptions(
            verb,
            model,
            output ?? throw new ArgumentException("--out <folder> is required. " + Usage, nameof(args)),
            partitions, copies, threads,
            data.Count > 0 ? data : throw new ArgumentException("Name at least one TSV data file (text<TAB>label with a header).", nameof(args)));
    }
}
