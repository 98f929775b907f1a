using OpenCvSharp;

namespace Emotion.ML.Vision.Tests;

public sealed class FaceImagesTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("emotion-vision-images-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_face_region_becomes_area_averaged_grayscale_pixels_in_row_major_order()
    {
        // 96x96 BGR: each 2x2 block of the 48x48 output averages one value; the top half is blue (29 in gray), the bottom half white.
        using var image = new Mat(96, 96, MatType.CV_8UC3, new Scalar(255, 255, 255));
        image[new Rect(0, 0, 96, 48)].SetTo(new Scalar(255, 0, 0));
        var pixels = FaceImages.ToPixels(image);
        Assert.Equal(2304, pixels.Length);
        Assert.Equal(29, pixels[0]);                 // top-left: BT.601 gray of pure blue
        Assert.Equal(29, pixels[(23 * 48) + 47]);    // last row of the top half
        Assert.Equal(255, pixels[24 * 48]);          // first row of the bottom half
        Assert.Equal(255, pixels[^1]);

        // A box picks its region; a box sticking out is clipped; one outside fails.
        var bottom = FaceImages.ToPixels(image, new FaceBox(10, 60, 30, 30), 12, 12);
        Assert.All(bottom, p => Assert.Equal(255, p));
        Assert.Equal(144, FaceImages.ToPixels(image, new FaceBox(80, 80, 50, 50), 12, 12).Length);
        Assert.Contains("outside", Assert.Throws<ArgumentException>(() => FaceImages.ToPixels(image, new FaceBox(200, 200, 10, 10))).Message);
    }

    [Fact]
    public void LoadPixels_and_ReadFolder_read_image_files_and_name_the_bad_ones()
    {
        foreach (var (label, value) in new[] { ("happy", 200), ("sad", 40) })
        {
            Directory.CreateDirectory(Path.Combine(folder, "train", label));
            using var face = new Mat(60, 60, MatType.CV_8UC1, new Scalar(value));
            Cv2.ImWrite(Path.Combine(folder, "train", label, "1.png"), face);
            Cv2.ImWrite(Path.Combine(folder, "train", label, "2.jpg"), face);
            File.WriteAllText(Path.Combine(folder, "train", label, "notes.txt"), "skipped");
        }

        var rows = FaceImages.ReadFolder(Path.Combine(folder, "train"));
        Assert.Equal(new[] { "happy", "happy", "sad", "sad" }, rows.Select(r => r.Label));
        Assert.All(rows, r => Assert.Equal(2304, r.Pixels.Length));
        Assert.InRange(rows[0].Pixels.Average(), 199, 201);
        Assert.InRange(rows[3].Pixels.Average(), 39, 41);

        var broken = Path.Combine(folder, "train", "sad", "3.png");
        File.WriteAllBytes(broken, new byte[] { 0x89, 0x50, 0x4e, 0x47, 1, 2, 3 });
        var error = Assert.Throws<InvalidDataException>(() => FaceImages.ReadFolder(Path.Combine(folder, "train")));
        Assert.Contains(broken, error.Message);
        Assert.Throws<DirectoryNotFoundException>(() => FaceImages.ReadFolder(Path.Combine(folder, "missing")));
        Directory.CreateDirectory(Path.Combine(folder, "empty", "happy"));
        Assert.Contains("holds no images", Assert.Throws<InvalidDataException>(() => FaceImages.ReadFolder(Path.Combine(folder, "empty"))).Message);
    }
}
