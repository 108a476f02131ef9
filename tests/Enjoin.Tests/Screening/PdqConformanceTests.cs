using Enjoin.Screening.Images;
using Xunit.Abstractions;

namespace Enjoin.Tests.Screening;

/// <summary>
/// DESIGN §4.5 with Meta's reference (shared/pdq): our hashes of the reference's images agree with its hashes,
/// edited copies of a photo stay near-duplicates of it, and a rotated photo is not mistaken for the same picture.
/// </summary>
public sealed class PdqConformanceTests(ITestOutputHelper output)
{
    // shared/pdq/README.md: conforming implementations reach ≤ 10 (the reference's own test allows 16).
    const int ConformanceDistance = 10;

    [Fact]
    public void Every_reference_image_hashes_within_10_bits_of_the_reference_hash()
    {
        var expected = PdqData.Expected();
        Assert.True(expected.Count >= 18, $"expected.csv has only {expected.Count} rows");
        var failures = new List<string>();
        output.WriteLine($"{"image",-32} {"distance",8} {"quality",7}  hash");
        foreach (var (file, reference) in expected)
        {
            var result = PdqImage.HashFile(PdqData.PathOf(file));
            var distance = result.Hash.DistanceTo(PdqHash.Parse(reference));
            output.WriteLine($"{file,-32} {distance,8} {result.Quality,7}  {result.Hash}");
            if (distance > ConformanceDistance) failures.Add($"{file}: distance {distance} (ours {result.Hash}, reference {reference})");
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Images_of_reference_quality_hash_to_exactly_the_reference_bits()
    {
        // Same pixels, same bits: the decoder and the reference's 512 px thumbnail are reproduced exactly. Only
        // near-flat images (quality < 50), whose bits follow noise, may differ by a few decoder rounding steps.
        foreach (var (file, reference) in PdqData.Expected())
        {
            var result = PdqImage.HashFile(PdqData.PathOf(file));
            if (result.IsUsable) Assert.True(result.Hash == PdqHash.Parse(reference), $"{file}: {result.Hash} ≠ reference {reference}");
        }
    }

    [Fact]
    public void Edited_copies_of_a_photo_are_near_duplicates_of_it()
    {
        var original = PdqImage.HashFile(PdqData.PathOf("bridge-mods/aaa-orig.jpg"));
        var dihOriginal = PdqImage.HashFile(PdqData.PathOf("dih/bridge-1-original.jpg"));
        Assert.Equal(original.Hash, dihOriginal.Hash);
        var files = Directory.GetFiles(PdqData.PathOf("bridge-mods"), "*.jpg").Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 10, $"only {files.Count} images in bridge-mods");
        foreach (var file in files)
        {
            var edited = PdqImage.HashFile(file);
            var distance = edited.Hash.DistanceTo(original.Hash);
            output.WriteLine($"{Path.GetFileName(file),-24} distance {distance,3} quality {edited.Quality,3}");
            Assert.True(edited.Hash.IsNearDuplicateOf(original.Hash), $"{Path.GetFileName(file)}: distance {distance} > {PdqHash.NearDuplicateDistance}");
        }
    }

    [Fact]
    public void Rotations_and_flips_of_a_photo_hash_apart()
    {
        // PDQ is not rotation-invariant: sanity that the hasher looks at the picture, not at its histogram.
        var hashes = Directory.GetFiles(PdqData.PathOf("dih"), "*.jpg").Order(StringComparer.Ordinal)
            .Select(f => (Name: Path.GetFileName(f), PdqImage.HashFile(f).Hash)).ToList();
        Assert.Equal(8, hashes.Count);
        Assert.Equal(8, hashes.Select(h => h.Hash).Distinct().Count());
        var original = hashes[0].Hash;
        foreach (var (name, hash) in hashes.Skip(1))
        {
            var distance = hash.DistanceTo(original);
            output.WriteLine($"{name,-28} distance from the original {distance,3}");
            Assert.True(distance > PdqHash.NearDuplicateDistance, $"{name} is only {distance} bits from the original");
        }
    }

    [Fact]
    public void Quality_is_between_0_and_100_and_high_for_photos()
    {
        foreach (var (file, _) in PdqData.Expected())
        {
            var result = PdqImage.HashFile(PdqData.PathOf(file));
            Assert.InRange(result.Quality, 0, 100);
        }
        Assert.Equal(100, PdqImage.HashFile(PdqData.PathOf("dih/bridge-1-original.jpg")).Quality);
    }

    [Fact]
    public void A_flat_image_has_quality_0_and_a_tiny_one_hashes_to_zero()
    {
        var grey = Enumerable.Repeat((byte)128, 3 * 100 * 80).ToArray();
        Assert.Equal(0, PdqHasher.FromRgb(grey, 100, 80).Quality);
        Assert.False(PdqHasher.FromRgb(grey, 100, 80).IsUsable);
        var tiny = PdqHasher.FromRgb(new byte[3 * 4 * 4], 4, 4);
        Assert.Equal(default, tiny.Hash);
        Assert.Equal(0, tiny.Quality);
    }

    [Fact]
    public void A_photo_hashes_to_about_half_its_bits_set()
    {
        var hash = PdqImage.HashFile(PdqData.PathOf("dih/bridge-1-original.jpg")).Hash;
        Assert.Equal(128, hash.PopCount); // strictly above the median of 256 distinct coefficients
    }

    [Fact]
    public void Hashing_decoded_pixels_gives_the_same_bits_as_hashing_the_file()
    {
        // Below the size where the reference decodes a JPEG at reduced scale, both paths see the same pixels.
        foreach (var file in new[] { "dih/bridge-1-original.jpg", "misc/c.png", "labelme/q0122.jpg" })
        {
            var bytes = File.ReadAllBytes(PdqData.PathOf(file));
            var image = ImageDecoder.Decode(bytes);
            Assert.Equal(PdqImage.Hash(bytes), PdqHasher.FromRgb(image.Pixels, image.Width, image.Height));
        }
    }

    [Fact]
    public void A_larger_copy_of_a_photo_is_a_near_duplicate_of_it()
    {
        // Exercises the reference's box reduction before the bicubic step (an image over 4× the 512 px target).
        var image = ImageDecoder.Decode(File.ReadAllBytes(PdqData.PathOf("bridge-mods/square-512x512.jpg")));
        const int factor = 5;
        var large = new byte[3 * image.Width * factor * image.Height * factor];
        for (var y = 0; y < image.Height * factor; y++)
            for (var x = 0; x < image.Width * factor; x++)
                image.Pixels.AsSpan(3 * ((y / factor) * image.Width + x / factor), 3).CopyTo(large.AsSpan(3 * (y * image.Width * factor + x)));
        var small = PdqHasher.FromRgb(image.Pixels, image.Width, image.Height);
        var enlarged = PdqHasher.FromRgb(large, image.Width * factor, image.Height * factor);
        output.WriteLine($"512×512 vs 2560×2560 nearest-neighbour copy: distance {small.Hash.DistanceTo(enlarged.Hash)}");
        Assert.True(small.Hash.DistanceTo(enlarged.Hash) <= 8);
    }
}
