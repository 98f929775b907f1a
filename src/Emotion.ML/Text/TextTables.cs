using System.Collections.Frozen;

namespace Emotion.ML.Text;

/// <summary>The small hand-written tables of <see cref="EmotionTextNormalizer"/>: emoticons, contractions, slang and stopwords.</summary>
internal static class TextTables
{
    /// <summary>Emoticons (matched case-insensitively, a repeated last character allowed: <c>:)))</c>) and their words.</summary>
    public static readonly FrozenDictionary<string, string> Emoticons = Pairs(
        ":)", "smile", ":-)", "smile", ":]", "smile", "=)", "smile", "(:", "smile", ":o)", "smile",
        ":d", "grin", ":-d", "grin", "=d", "grin",
        "xd", "laugh",
        ":(", "sad", ":-(", "sad", ":[", "sad", "=(", "sad", "):", "sad",
        ":'(", "cry", ":'-(", "cry", "t_t", "cry", ";_;", "cry",
        ":')", "tears of joy",
        ";)", "wink", ";-)", "wink",
        ":p", "playful", ":-p", "playful", "xp", "playful",
        ":/", "unsure", ":-/", "unsure", ":\\", "unsure", ":-\\", "unsure",
        ":o", "surprise", ":-o", "surprise",
        ":|", "neutral", ":-|", "neutral",
        ":*", "kiss", ":-*", "kiss",
        "<3", "love", "</3", "heartbreak",
        ">:(", "angry", ">:-(", "angry",
        "^^", "happy", "^_^", "happy",
        "-_-", "annoyed");

    /// <summary>Contractions with and without the apostrophe (the key uses the straight apostrophe).</summary>
    public static readonly FrozenDictionary<string, string> Contractions = Pairs(
        "can't", "can not", "cannot", "can not", "won't", "will not", "shan't", "shall not", "ain't", "is not",
        "i'm", "i am", "let's", "let us", "y'all", "you all", "ma'am", "madam",
        "it's", "it is", "he's", "he is", "she's", "she is", "that's", "that is", "there's", "there is",
        "here's", "here is", "what's", "what is", "who's", "who is", "where's", "where is", "how's", "how is",
        "im", "i am", "ive", "i have", "dont", "do not", "doesnt", "does not", "didnt", "did not",
        "cant", "can not", "wont", "will not", "isnt", "is not", "arent", "are not", "wasnt", "was not",
        "werent", "were not", "havent", "have not", "hasnt", "has not", "hadnt", "had not",
        "couldnt", "could not", "shouldnt", "should not", "wouldnt", "would not", "mustnt", "must not",
        "aint", "is not", "youre", "you are", "youve", "you have", "youll", "you will", "youd", "you would",
        "theyre", "they are", "theyve", "they have", "theyll", "they will", "weve", "we have",
        "thats", "that is", "whats", "what is", "theres", "there is", "shes", "she is", "itll", "it will",
        "yall", "you all", "shouldve", "should have", "couldve", "could have", "wouldve", "would have");

    /// <summary>Suffixes of formal contractions not in <see cref="Contractions"/>: <c>'s</c> (possessive or <c>is</c>) is dropped.</summary>
    public static readonly (string Suffix, string Expansion)[] ContractionSuffixes =
        { ("n't", "not"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"), ("'d", "would"), ("'m", "am"), ("'s", "") };

    /// <summary>Chat slang and its expansion.</summary>
    public static readonly FrozenDictionary<string, string> Slang = Pairs(
        "idk", "i do not know", "dunno", "do not know", "lol", "laughing out loud", "lmao", "laughing my ass off",
        "rofl", "rolling on the floor laughing", "omg", "oh my god", "omfg", "oh my fucking god",
        "tbh", "to be honest", "imo", "in my opinion", "imho", "in my humble opinion", "btw", "by the way",
        "smh", "shaking my head", "fml", "fuck my life", "wtf", "what the fuck", "ikr", "i know right",
        "jk", "just kidding", "nvm", "never mind", "ily", "i love you", "ty", "thank you", "thx", "thanks",
        "pls", "please", "plz", "please", "bc", "because", "cuz", "because", "coz", "because",
        "u", "you", "ur", "your", "r", "are", "ya", "you", "b4", "before", "gr8", "great", "ppl", "people",
        "tho", "though", "thru", "through", "sry", "sorry", "bff", "best friend", "brb", "be right back",
        "gtg", "got to go", "ttyl", "talk to you later", "hbd", "happy birthday", "xoxo", "hugs and kisses",
        "wanna", "want to", "gonna", "going to", "gotta", "got to", "kinda", "kind of", "sorta", "sort of",
        "lemme", "let me", "gimme", "give me", "luv", "love", "bday", "birthday", "srsly", "seriously",
        "rly", "really", "tmrw", "tomorrow", "2day", "today", "2nite", "tonight");

    /// <summary>
    /// English stopwords (NLTK's list, lemma forms included) without the words that carry or
    /// shift emotion: negations (<c>no</c>, <c>not</c>, <c>nor</c>, <c>never</c>, <c>nothing</c>,
    /// <c>against</c>), intensifiers (<c>very</c>, <c>too</c>, <c>so</c>, <c>more</c>, <c>most</c>,
    /// <c>such</c>, <c>only</c>, <c>just</c>, <c>all</c>, <c>few</c>, <c>really</c>) and <c>but</c>.
    /// </summary>
    public static readonly FrozenSet<string> Stopwords = (
        "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers " +
        "herself it its itself they them their theirs themselves what which who whom this that these those am is " +
        "are was were be been being have has had having do does did doing a an the and if or because as until " +
        "while of at by for with about between into through during before after above below to from up down in " +
        "out on off over under again further then once here there when where why how any both each other some " +
        "own same than can will should now would could shall may might must ought let")
        .Split(' ').ToFrozenSet(StringComparer.Ordinal);

    private static FrozenDictionary<string, string> Pairs(params string[] flat)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < flat.Length; i += 2)
        {
            map.Add(flat[i], flat[i + 1]);
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
