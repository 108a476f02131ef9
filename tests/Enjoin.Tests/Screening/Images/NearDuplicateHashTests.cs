using Enjoin.Screening.Images;

namespace Enjoin.Tests.Screening.Images;

/// <summary><see cref="Hash256"/>: the 64-hex text form of a PDQ hash and its Hamming distance.</summary>
public sealed class NearDuplicateHashTests
{
    const string Hex = "f162eb9daab170c0567fe3632d9a5548c5612982dd5e374a7424ebbc8a835c95";

    [Fact]
    public void Hex_round_trips_and_the_first_digits_are_the_high_bits_of_the_first_word()
    {
        var hash = Hash256.Parse(Hex);

        Assert.Equal(0xf162eb9daab170c0UL, hash.W0);
        Assert.Equal(0x7424ebbc8a835c95UL, hash.W3);
        Assert.Equal(Hex, hash.ToString());
        Assert.Equal(hash, Hash256.Parse(Hex.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("f162eb9daab170c0567fe3632d9a5548c5612982dd5e374a7424ebbc8a835c9")]
    [InlineData("f162eb9daab170c0567fe3632d9a5548c5612982dd5e374a7424ebbc8a835c955")]
    [InlineData("g162eb9daab170c0567fe3632d9a5548c5612982dd5e374a7424ebbc8a835c95")]
    [InlineData(" 162eb9daab170c0567fe3632d9a5548c5612982dd5e374a7424ebbc8a835c95")]
    [InlineData("0x62eb9daab170c0567fe3632d9a5548c5612982dd5e374a7424ebbc8a835c95")]
    public void Anything_but_64_hex_digits_is_refused(string text)
    {
        Assert.False(Hash256.TryParse(text, out var hash));
        Assert.Equal(default, hash);
        Assert.Throws<FormatException>(() => Hash256.Parse(text));
    }

    [Fact]
    public void Distance_counts_the_differing_bits()
    {
        var hash = Hash256.Parse(Hex);
        var complement = new Hash256(~hash.W0, ~hash.W1, ~hash.W2, ~hash.W3);

        Assert.Equal(0, Hash256.Distance(hash, hash));
        Assert.Equal(256, Hash256.Distance(hash, complement));
        Assert.Equal(2, Hash256.Distance(hash, hash with { W0 = hash.W0 ^ 1, W3 = hash.W3 ^ (1UL << 63) }));
        // The first two lines of the reference haystack (computed independently: 10 bits).
        Assert.Equal(10, Hash256.Distance(hash, Hash256.Parse("b062eb9d2ab170c0567fcb672d9a5548c5612982dd5e374a7424ebbc8b135cb5")));
    }
}
