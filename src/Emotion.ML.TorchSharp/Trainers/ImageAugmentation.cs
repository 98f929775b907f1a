namespace Emotion.ML.TorchSharp.Trainers;

/// <summary>
/// Random geometric changes applied to every training batch of an image classifier (never to
/// validation or scoring), with the semantics of Keras' <c>ImageDataGenerator</c>: per image, a
/// rotation, a zoom per axis and a shift are drawn uniformly, combined into one affine map about the
/// image centre and applied with bilinear sampling; pixels from outside the image repeat the nearest
/// edge pixel (<c>fill_mode="nearest"</c>); then the image is mirrored left-right with probability 0.5.
/// The draws come from the training seed, the epoch and the batch, so a run (and a resumed run)
/// sees the same images every time. Defaults are the seed-003 settings: rotation ±20°, zoom ±20%,
/// width and height shift ±20%, horizontal flip.
/// </summary>
public sealed class ImageAugmentation
{
    /// <summary>Largest rotation in degrees, either way: the angle is drawn from [-value, value]. Default 20; 0 turns rotation off.</summary>
    public double RotationDegrees { get; set; } = 20;

    /// <summary>Zoom range: each axis is scaled by a factor drawn from [1 - value, 1 + value] (Keras' <c>zoom_range</c>). Default 0.2; 0 turns zoom off.</summary>
    public double ZoomRange { get; set; } = 0.2;

    /// <summary>Largest horizontal shift as a fraction of the width, either way. Default 0.2; 0 turns it off.</summary>
    public double WidthShiftRange { get; set; } = 0.2;

    /// <summary>Largest vertical shift as a fraction of the height, either way. Default 0.2; 0 turns it off.</summary>
    public double HeightShiftRange { get; set; } = 0.2;

    /// <summary>Whether each image is mirrored left-right with probability 0.5. Default true.</summary>
    public bool HorizontalFlip { get; set; } = true;

    /// <summary>No augmentation: every range 0 and no flip.</summary>
    public static ImageAugmentation None => new() { RotationDegrees = 0, ZoomRange = 0, WidthShiftRange = 0, HeightShiftRange = 0, HorizontalFlip = false };

    /// <summary>Whether any change is switched on.</summary>
    public bool IsEnabled => RotationDegrees > 0 || ZoomRange > 0 || WidthShiftRange > 0 || HeightShiftRange > 0 || HorizontalFlip;

    /// <summary>Checks every range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A range is negative, not finite or too large; the message names it.</exception>
    internal void Validate(string name)
    {
        void Check(string property, double value, double max, string expected)
        {
            if (!(value >= 0 && value <= max))
            {
                throw new ArgumentOutOfRangeException(name, $"{name}.{property} is {value}; expected {expected}.");
            }
        }

        Check(nameof(RotationDegrees), RotationDegrees, 180, "0 (off) up to 180 degrees");
        Check(nameof(ZoomRange), ZoomRange, 0.9, "0 (off) up to 0.9 (scales from 0.1 to 1.9)");
        Check(nameof(WidthShiftRange), WidthShiftRange, 1, "a fraction of the width from 0 (off) to 1");
        Check(nameof(HeightShiftRange), HeightShiftRange, 1, "a fraction of the height from 0 (off) to 1");
    }
}
