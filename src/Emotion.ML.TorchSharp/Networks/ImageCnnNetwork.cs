using Emotion.ML.TorchSharp.Persistence;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emotion.ML.TorchSharp.Networks;

/// <summary>
/// Convolutional classifier of single-channel images (the seed-003 face network by default):
/// pixels scaled by a constant (1/255), then per block a few Conv2d ("same" padding) + ReLU, one
/// BatchNorm, 2x2 max pooling and dropout; the feature maps flattened into a dense head. Input:
/// pixels [batch, height * width] or [batch, 1, height, width] (and lengths, unused); output:
/// logits [batch, classes].
/// </summary>
internal sealed class ImageCnnNetwork : nn.Module<Tensor, Tensor, Tensor>, IConfiguredNetwork
{
    // Field names are state-dict keys of saved models: keep them. Convolution j of block b is
    // entry b * convolutionsPerBlock + j; the norms have one entry per block.
    private readonly ModuleList<Conv2d> convolutions = new();
    private readonly ModuleList<BatchNorm2d> norms = new();
    private readonly Dropout blockDropout;
    private readonly DenseHead head;
    private readonly int convolutionsPerBlock;
    private readonly int width;
    private readonly int height;
    private readonly float pixelScale;

    public ImageCnnNetwork(int width, int height, IReadOnlyList<int> blockFilters, int convolutionsPerBlock, int kernelSize, double blockDropout, IReadOnlyList<DenseLayer> denseLayers, int classes, float pixelScale)
        : base(nameof(ImageCnnNetwork))
    {
        var (featureWidth, featureHeight) = FeatureMapSize(width, height, blockFilters.Count);
        if (featureWidth < 1 || featureHeight < 1)
        {
            throw new ArgumentException($"{blockFilters.Count} pooling blocks halve a {width}x{height} image below one pixel; use fewer blocks or larger images.", nameof(blockFilters));
        }

        long channels = 1;
        foreach (var filters in blockFilters)
        {
            for (var c = 0; c < convolutionsPerBlock; c++)
            {
                convolutions.Add(nn.Conv2d(channels, filters, kernelSize, padding: kernelSize / 2));
                channels = filters;
            }

            norms.Add(nn.BatchNorm2d(filters));
        }

        this.blockDropout = nn.Dropout(blockDropout);
        head = new DenseHead(channels * featureWidth * featureHeight, denseLayers, classes);
        this.convolutionsPerBlock = convolutionsPerBlock;
        this.width = width;
        this.height = height;
        this.pixelScale = pixelScale;
        RegisterComponents();
        Config = new NetworkConfig
        {
            Architecture = NetworkConfig.ImageCnn,
            ImageWidth = width,
            ImageHeight = height,
            BlockFilters = blockFilters.ToArray(),
            ConvolutionsPerBlock = convolutionsPerBlock,
            KernelSizes = new[] { kernelSize },
            Dropout = blockDropout,
            PixelScale = pixelScale,
            DenseLayers = denseLayers.ToArray(),
            Classes = classes,
        };
    }

    public NetworkConfig Config { get; }

    /// <summary>The feature map size after <paramref name="blocks"/> 2x2 poolings (each rounds down).</summary>
    public static (int Width, int Height) FeatureMapSize(int width, int height, int blocks)
    {
        for (var b = 0; b < blocks; b++)
        {
            (width, height) = (width / 2, height / 2);
        }

        return (width, height);
    }

    public override Tensor forward(Tensor pixels, Tensor lengths)
    {
        var x = pixels.dim() == 2 ? pixels.view(-1, 1, height, width) : pixels;
        if (x.dim() != 4 || x.shape[1] != 1 || x.shape[2] != height || x.shape[3] != width)
        {
            throw new ArgumentException($"Expected pixels [batch, {height * width}] or [batch, 1, {height}, {width}]; got [{string.Join(", ", pixels.shape)}].", nameof(pixels));
        }

        x = x.to_type(ScalarType.Float32) * pixelScale;
        for (var b = 0; b < norms.Count; b++)
        {
            for (var c = 0; c < convolutionsPerBlock; c++)
            {
                x = nn.functional.relu(convolutions[(b * convolutionsPerBlock) + c].forward(x));
                if (b == 0 && c == 0)
                {
                    // Channels-last strides from here on: libtorch's CPU convolutions run faster on them.
                    x = x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
                }
            }

            x = norms[b].forward(x);
            x = nn.functional.max_pool2d(x, new long[] { 2, 2 }, new long[] { 2, 2 });
            x = blockDropout.forward(x);
        }

        return head.forward(x.flatten(1));
    }
}
