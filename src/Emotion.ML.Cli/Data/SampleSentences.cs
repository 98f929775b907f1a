namespace Emotion.ML.Cli.Data;

/// <summary>Sentences that come from no data set, to show what models make of new text.</summary>
internal static class SampleSentences
{
    public static readonly string[] All =
    {
        "I can't stop smiling, today was perfect!",
        "I feel so alone since she left :(",
        "Why does everyone keep ignoring my emails?? This is infuriating",
        "I'm terrified of tomorrow's surgery",
        "Wow, I did not expect that at all",
        "I adore you more than words can say <3",
        "Oh great, another Monday. Just what I needed.",
    };
}
