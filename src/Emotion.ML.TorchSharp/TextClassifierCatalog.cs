using Emotion.ML.TorchSharp.Trainers;
using Microsoft.ML;

namespace Emotion.ML;

/// <summary>Deep text classifiers on ML.NET's multiclass trainer catalog.</summary>
public static class TextClassifierCatalog
{
    /// <summary>
    /// A convolutional text classifier (the seed-000 CNN by default) trained with TorchSharp.
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog (<c>ml.MulticlassClassification.Trainers</c>).</param>
    /// <param name="options">Network and training options; null uses the defaults.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static TextCnnTrainer TextCnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, TextCnnOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TextCnnTrainer(options ?? new TextCnnOptions());
    }

    /// <summary>
    /// A stacked bidirectional LSTM text classifier (256/128/128 units per direction by default) trained with TorchSharp.
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog (<c>ml.MulticlassClassification.Trainers</c>).</param>
    /// <param name="options">Network and training options; null uses the defaults.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static BiLstmTrainer BiLstm(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, BiLstmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new BiLstmTrainer(options ?? new BiLstmOptions());
    }

    /// <summary>
    /// A stacked simple (Elman, tanh) RNN text classifier (the seed-000 SimpleRNN, 256 then 128 units, by default) trained with TorchSharp.
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog (<c>ml.MulticlassClassification.Trainers</c>).</param>
    /// <param name="options">Network and training options; null uses the defaults.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static SimpleRnnTrainer SimpleRnn(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, SimpleRnnOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SimpleRnnTrainer(options ?? new SimpleRnnOptions());
    }

    /// <summary>
    /// A stacked LSTM text classifier (one forward layer of 128 units by default) trained with TorchSharp.
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog (<c>ml.MulticlassClassification.Trainers</c>).</param>
    /// <param name="options">Network and training options; null uses the defaults.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static LstmTrainer Lstm(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, LstmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new LstmTrainer(options ?? new LstmOptions());
    }

    /// <summary>
    /// A stacked GRU text classifier (one forward layer of 128 units by default) trained with TorchSharp.
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog (<c>ml.MulticlassClassification.Trainers</c>).</param>
    /// <param name="options">Network and training options; null uses the defaults.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static GruTrainer Gru(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, GruOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new GruTrainer(options ?? new GruOptions());
    }

    /// <summary>
    /// The CNN+BiLSTM hybrid (a convolution block feeding two bidirectional LSTM layers of 128 and 64 units per direction, by default) trained with TorchSharp.
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog (<c>ml.MulticlassClassification.Trainers</c>).</param>
    /// <param name="options">Network and training options; null uses the defaults.</param>
    /// <returns>An estimator whose <c>Fit</c> trains the network.</returns>
    public static CnnBiLstmTrainer CnnBiLstm(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, CnnBiLstmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new CnnBiLstmTrainer(options ?? new CnnBiLstmOptions());
    }
}
