namespace Emotion.ML.Text;

/// <summary>
/// The steps of <see cref="EmotionTextNormalizer"/>; every one can be switched off. The defaults
/// suit emotion classification with general-purpose word embeddings (GloVe 6B, whose vocabulary
/// is lowercase, has no placeholder tokens and keeps negations such as <c>not</c>).
/// </summary>
/// <remarks>
/// A plain object with public get/set properties, so <c>System.Text.Json</c> round-trips it.
/// Output is always single-space separated tokens with no leading or trailing space; control and
/// format characters and unpaired surrogates always become token boundaries.
/// </remarks>
public sealed class EmotionTextNormalizerOptions
{
    /// <summary>Lowercase every character (invariant culture). Default <see langword="true"/>: embedding vocabularies are lowercase.</summary>
    public bool Lowercase { get; set; } = true;

    /// <summary>
    /// Remove HTML tags (<c>&lt;b&gt;</c>, <c>&lt;br/&gt;</c>, <c>&lt;!-- --&gt;</c>) and decode character
    /// entities (<c>&amp;amp;</c>, <c>&amp;#39;</c>). Default <see langword="true"/>: scraped text often
    /// carries both, and neither says anything about emotion. <c>&lt;3</c> is not a tag.
    /// </summary>
    public bool RemoveHtml { get; set; } = true;

    /// <summary>
    /// URLs (<c>http://</c>, <c>https://</c>, <c>www.</c> up to the next space). Default
    /// <see cref="ReplacementMode.Remove"/>: a link carries no emotion, and GloVe 6B has no <c>&lt;url&gt;</c> token.
    /// </summary>
    public ReplacementMode Urls { get; set; } = ReplacementMode.Remove;

    /// <summary>@mentions (<c>@</c> followed by letters, digits or <c>_</c>). Default <see cref="ReplacementMode.Remove"/>, for the same reason as <see cref="Urls"/>.</summary>
    public ReplacementMode Mentions { get; set; } = ReplacementMode.Remove;

    /// <summary>
    /// Numbers: tokens made only of digits, with <c>.</c> or <c>,</c> allowed between digits
    /// (<c>42</c>, <c>3.5</c>, <c>1,000</c>); words mixing letters and digits (<c>mp3</c>) are words.
    /// Default <see cref="ReplacementMode.Remove"/>: quantities rarely carry emotion.
    /// </summary>
    public ReplacementMode Numbers { get; set; } = ReplacementMode.Remove;

    /// <summary>
    /// Turn a hashtag into its words (<c>#happy</c> -> <c>happy</c>, <c>#SoBlessed</c> -> <c>so blessed</c>,
    /// split where a lowercase letter meets an uppercase one). Default <see langword="true"/>: tags
    /// often name the feeling. When off, <c>#happy</c> stays one token, <c>#</c> included.
    /// </summary>
    public bool HashtagsToWords { get; set; } = true;

    /// <summary>
    /// Replace emoji with their Unicode CLDR names (<c>😂</c> -> <c>face with tears of joy</c>), by
    /// longest match over ZWJ sequences, flags and keycaps, ignoring skin tones and variation
    /// selectors. Default <see langword="true"/>: emoji are among the strongest emotion signals in
    /// social text. The name's words then go through the word steps (lemmatization included).
    /// </summary>
    public bool EmojiToWords { get; set; } = true;

    /// <summary>Replace emoticons with words (<c>:)</c> -> <c>smile</c>); see <see cref="EmotionTextNormalizer.Emoticons"/> for the table. Default <see langword="true"/>.</summary>
    public bool EmoticonsToWords { get; set; } = true;

    /// <summary>
    /// Expand contractions, formal (<c>can't</c>, <c>won't</c>, <c>i'm</c>, curly apostrophes too) and
    /// informal (<c>im</c>, <c>dont</c>, <c>ive</c>, <c>yall</c>), and those whose apostrophe became a
    /// space, as in the CARER corpus (<c>don t</c>, <c>i m</c>, <c>it s</c>). Default
    /// <see langword="true"/>: it exposes <c>not</c>, the word that flips an emotion.
    /// </summary>
    public bool ExpandContractions { get; set; } = true;

    /// <summary>Expand common chat slang (<c>idk</c>, <c>lol</c>, <c>omg</c>, <c>tbh</c>, <c>ur</c>); see <see cref="EmotionTextNormalizer.Slang"/>. Default <see langword="true"/>.</summary>
    public bool ExpandSlang { get; set; } = true;

    /// <summary>Squeeze runs of three or more identical letters to two (<c>soooo</c> -> <c>soo</c>). Default <see langword="true"/>.</summary>
    public bool SqueezeElongations { get; set; } = true;

    /// <summary>
    /// Reduce words to their WordNet lemma (<c>feeling</c> -> <c>feel</c>, <c>was</c> -> <c>be</c>); see
    /// <see cref="WordNetLemmatizer"/>. Default <see langword="true"/>: it folds inflections that
    /// share one emotion and shrinks the vocabulary a small training set must cover.
    /// </summary>
    public bool Lemmatize { get; set; } = true;

    /// <summary>
    /// Drop English stopwords, keeping negations, intensifiers and <c>but</c>; see
    /// <see cref="EmotionTextNormalizer.Stopwords"/>. Default <see langword="false"/>: sequence
    /// models use function words, and the gain for bag-of-words models is small.
    /// </summary>
    public bool RemoveStopwords { get; set; }

    /// <summary>Remove punctuation and symbols. Default <see langword="true"/>. When off, each one becomes a token of its own.</summary>
    public bool RemovePunctuation { get; set; } = true;

    /// <summary>
    /// Keep emphasis as marker tokens: <see cref="EmotionTextMarkers.AllCaps"/>,
    /// <see cref="EmotionTextMarkers.Exclaim"/> and <see cref="EmotionTextMarkers.Question"/>
    /// (<c>I AM HAPPY!!</c> -> <c>&lt;allcaps&gt; i be happy &lt;exclaim&gt;</c>). Default
    /// <see langword="false"/>: the markers are not in pretrained embedding vocabularies.
    /// </summary>
    public bool EmphasisMarkers { get; set; }

    /// <summary>A copy of these options.</summary>
    public EmotionTextNormalizerOptions Clone() => (EmotionTextNormalizerOptions)MemberwiseClone();
}
