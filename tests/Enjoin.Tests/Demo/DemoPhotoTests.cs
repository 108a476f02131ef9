using Enjoin.Demo;
using Enjoin.Screening.Images;
using Xunit.Abstractions;

namespace Enjoin.Tests.Demo;

/// <summary>
/// The demo's synthetic product photos (DESIGN §5.7 "reused photos"): valid PNGs our decoder reads back pixel for
/// pixel; unrelated products hash far apart under PDQ; a relisting's re-encoded or cropped-and-brightened copy
/// stays a near-duplicate (distance ≤ 31, §4.5).
/// </summary>
public sealed class DemoPhotoTests(ITestOutputHelper output)
{
    static readonly DemoPhoto[] Products = [.. Enumerable.Range(0, 120).Select(i => new DemoPhoto(1000 + i * 7919, 160 + i % 65, 160 + i * 31 % 65))];

    static PdqResult Hash(DemoPhoto photo) => PdqImage.Hash(DemoPhotos.Png(photo));

    [Fact]
    public void Photo_is_a_png_our_decoder_reads_back_exactly()
    {
        foreach (var photo in new[] { Products[0], Products[1] with { Edit = DemoPhotoEdit.ReEncoded }, Products[2] with { Edit = DemoPhotoEdit.Altered, Crop = 2, Scale = 90, Brighten = 12 } })
        {
            var (rgb, width, height) = DemoPhotos.Pixels(photo);
            var decoded = ImageDecoder.Decode(DemoPhotos.Png(photo));
            Assert.Equal((width, height), (decoded.Width, decoded.Height));
            Assert.True(rgb.AsSpan().SequenceEqual(decoded.Pixels.AsSpan(0, rgb.Length)));
        }
    }

    [Fact]
    public void Same_photo_gives_the_same_bytes() =>
        Assert.Equal(DemoPhotos.Png(Products[3]), DemoPhotos.Png(Products[3] with { }));

    [Fact]
    public void Unrelated_products_are_far_apart_and_every_hash_is_usable()
    {
        var hashes = Products.Select(Hash).ToList();
        output.WriteLine($"lowest quality: {hashes.Min(h => h.Quality)}");
        Assert.All(hashes, h => Assert.True(h.IsUsable, $"quality {h.Quality}"));
        var min = int.MaxValue;
        for (var i = 0; i < hashes.Count; i++)
            for (var j = i + 1; j < hashes.Count; j++)
                min = Math.Min(min, hashes[i].Hash.DistanceTo(hashes[j].Hash));
        output.WriteLine($"closest unrelated pair: {min}");
        Assert.True(min > 2 * PdqHash.NearDuplicateDistance, $"closest unrelated pair at distance {min}");
    }

    [Fact]
    public void Re_encoded_copy_has_other_bytes_and_the_same_hash()
    {
        var copy = Products[4] with { Edit = DemoPhotoEdit.ReEncoded };
        Assert.NotEqual(DemoPhotos.Png(Products[4]), DemoPhotos.Png(copy));
        Assert.Equal(Hash(Products[4]).Hash, Hash(copy).Hash);
    }

    [Fact]
    public void Cropped_and_brightened_copy_stays_a_near_duplicate()
    {
        var worst = 0;
        foreach (var photo in Products.Take(40))
            foreach (var (crop, scale, brighten) in new[] { (1, 92, 12), (1, 97, 4), (1, 94, 8) })
            {
                var distance = Hash(photo).Hash.DistanceTo(Hash(photo with { Edit = DemoPhotoEdit.Altered, Crop = crop, Scale = scale, Brighten = brighten }).Hash);
                worst = Math.Max(worst, distance);
            }
        output.WriteLine($"farthest edited copy: {worst}");
        Assert.InRange(worst, 1, PdqHash.NearDuplicateDistance);
    }
}
