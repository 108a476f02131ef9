using Enjoin.Screening.Images;

namespace Enjoin.Tests.Screening;

public class PdqHashTests
{
    const string Bridge = "d8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22";

    [Fact]
    public void Text_form_round_trips_in_lowercase()
    {
        var hash = PdqHash.Parse(Bridge.ToUpperInvariant());
        Assert.Equal(Bridge, hash.ToString());
        Assert.True(PdqHash.TryParse(Bridge, out var again));
        Assert.Equal(hash, again);
    }

    [Theory]
    [InlineData("")]
    [InlineData("d8f8")]
    [InlineData("d8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b2")]
    [InlineData("d8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b222")]
    [InlineData("g8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22")]
    [InlineData("+8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22")]
    [InlineData(" 8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22")]
    public void Anything_but_64_hex_digits_is_refused(string text)
    {
        Assert.False(PdqHash.TryParse(text, out _));
        Assert.Throws<FormatException>(() => PdqHash.Parse(text));
    }

    [Fact]
    public void Distance_counts_differing_bits_across_all_four_words()
    {
        var zero = PdqHash.Parse(new string('0', 64));
        var ones = PdqHash.Parse(new string('f', 64));
        Assert.Equal(256, zero.DistanceTo(ones));
        Assert.Equal(0, ones.DistanceTo(ones));
        // One bit in each 16-digit word: the first digit's top bit is bit 255, the last digit's low bit is bit 0.
        var four = PdqHash.Parse("8000000000000000" + "0000000000000001" + "0000000100000000" + "0000000000000001");
        Assert.Equal(4, zero.DistanceTo(four));
        Assert.True(four[255] && four[128] && four[96] && four[0]);
        Assert.False(four[1]);
    }

    [Fact]
    public void Bits_follow_the_reference_layout_of_the_coefficient_grid()
    {
        // Reference: bit 16·i + j is coefficient (i, j); the hex text prints word 15 (row 15) first.
        var row0 = PdqHash.Parse(new string('0', 60) + "ffff");
        for (var j = 0; j < 16; j++) Assert.True(row0[j]);
        Assert.False(row0[16]);
    }

    [Fact]
    public void Near_duplicate_means_at_most_31_bits_apart()
    {
        var a = PdqHash.Parse(new string('0', 64));
        Assert.True(a.IsNearDuplicateOf(PdqHash.Parse("7fffffff" + new string('0', 56)))); // 31 bits
        Assert.False(a.IsNearDuplicateOf(PdqHash.Parse("ffffffff" + new string('0', 56)))); // 32 bits
    }
}
