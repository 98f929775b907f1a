using Emotion.ML.TorchSharp.Networks;
using Emotion.ML.TorchSharp.Training;

namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Options of the convolutional image classifier (<c>ml.MulticlassClassification.Trainers.ImageCnn</c>):
/// the pixels column and the image size, the convolution blocks, the dense head, the pixel scaling
/// and the training-batch augmentation; plus every training option of
/// <see cref="ClassifierTrainingOptions"/>. The default network is seed 003's face network for 48x48
/// grayscale images: blocks of two 3x3 convolutions with 32, 64, 128 and 256 filters (ReLU), each
/// block ending in BatchNorm, 2x2 max pooling and dropout 0.25; then Dense 256 (BatchNorm, ReLU,
/// dropout 0.5) and the output layer. Training defaults: Adam at 1e-3, batch 64, up to 60 epochs,
/// the learning rate halved after 3 epochs without a better validation accuracy, early stopping on
/// validation accuracy after 8, and seed 003's augmentation (<see cref="ImageAugmentation"/>).
/// </summary>
public sealed class ImageCnnOptions : ClassifierTrainingOptions
{
    /// <summary>Creates the options with their defaults.</summary>
    public ImageCnnOptions()
    {
        BatchSize = 64;
        MaxEpochs = 60;
        LearningRate = 1e-3;
        LearningRateSchedule = LearningRateSchedule.ReduceOnPlateau;
        PlateauPatience = 3;
        EarlyStoppingMetric = EarlyStoppingMetric.Accuracy;
        EarlyStoppingPatience = 8;
    }

    /// <summary>
    /// The pixels column: a vector of Single with <see cref="ImageWidth"/> x <see cref="ImageHeight"/>
    /// grayscale values per row, row-major (top row first, left to right), 0 to 255 for the default
    /// <see cref="PixelScale"/> (<c>Fer2013.Load</c> and the face-image helpers of Emotion.ML.Vision
    /// write such a column). Every value must be finite. Default <c>Pixels</c>.
    /// </summary>
    public string PixelsColumnName { get; set; } = "Pixels";

    /// <summary>Image width in pixels. Default 48 (FER2013).</summary>
    public int ImageWidth { get; set; } = 48;

    /// <summary>Image height in pixels. Default 48 (FER2013).</summary>
    public int ImageHeight { get; set; } = 48;

    /// <summary>Filters of each convolution block; each block halves the image with 2x2 max pooling. Default 32, 64, 128, 256.</summary>
    public int[] BlockFilters { get; set; } = { 32, 64, 128, 256 };

    /// <summary>Conv2d + ReLU layers in each block, all with the block's filters. Default 2.</summary>
    public int ConvolutionsPerBlock { get; set; } = 2;

    /// <summary>Square kernel size of every convolution, odd ("same" padding keeps the size). Default 3.</summary>
    public int KernelSize { get; set; } = 3;

    /// <summary>Dropout after each block's pooling, in [0, 1). Default 0.25.</summary>
    public double BlockDropout { get; set; } = 0.25;

    /// <summary>The dense layers between the flattened feature maps and the output layer. Default one: 256 units, BatchNorm, ReLU, dropout 0.5.</summary>
    public DenseLayer[] DenseLayers { get; set; } = { new(256, DenseActivation.Relu, Dropout: 0.5) };

    /// <summary>
    /// Every pixel is multiplied by this before the first convolution, in training, scoring and the
    /// ONNX export alike, so inputs stay raw pixel values. Default 1/255 (0..255 to 0..1); use 1 for
    /// pixels already in 0..1.
    /// </summary>
    public float PixelScale { get; set; } = 1f / 255;

    /// <summary>Random changes of the training batches (never of validation or scoring data); null or <see cref="ImageAugmentation.None"/> turns them off. Default: seed 003's settings.</summary>
    public ImageAugmentation? Augmentation { get; set; } = new();
}
