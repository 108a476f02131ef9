using Enjoin.Screening.Images;
using Enjoin.Tests.Screening;

namespace Enjoin.Tests.CommandLine;

/// <summary>DESIGN §5.1: <c>enjoin hash IMAGE</c> prints the PDQ hash and quality; a file that is no image is exit 2.</summary>
public sealed class HashCommandTests : IDisposable
{
    readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Json_has_the_pdq_hash_and_quality_of_the_image()
    {
        var result = _cli.Json("hash", PdqData.PathOf("dih/bridge-1-original.jpg"));
        CliRun.HasKeys(result, "pdq", "quality");
        Assert.Equal("d8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22", result.GetProperty("pdq").GetString());
        Assert.Equal(100, result.GetProperty("quality").GetInt32());
    }

    [Fact]
    public void Text_names_the_file_the_hash_and_the_quality()
    {
        var path = PdqData.PathOf("misc/c.png");
        var (exit, output, error) = _cli.Run("hash", path);
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Equal($"{path}: pdq e64cc9d91e623842f8d1f1d9a398e78c9f199a3bd87924f2b7e11e0bf061b064 quality 100", output.Trim());
        Assert.Contains("screening ignores it", _cli.Run("hash", PdqData.PathOf("misc/small.jpg")).Out);
    }

    [Fact]
    public void The_format_is_told_by_content_not_by_the_file_name()
    {
        var png = _cli.File("photo.jpg", File.ReadAllBytes(PdqData.PathOf("misc/c.png")));
        Assert.Equal("e64cc9d91e623842f8d1f1d9a398e78c9f199a3bd87924f2b7e11e0bf061b064", _cli.Json("hash", png).GetProperty("pdq").GetString());
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_exit_2_naming_it()
    {
        var text = _cli.File("notes.png", "not an image at all");
        var (exit, output, error) = _cli.Run("hash", text);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(text, error);
        Assert.Contains("not a PNG or JPEG", error);
    }

    [Fact]
    public void A_missing_or_truncated_image_is_exit_2_naming_it()
    {
        var (exit, _, error) = _cli.Run("hash", "/no/such/photo.jpg");
        Assert.Equal(2, exit);
        Assert.Contains("/no/such/photo.jpg", error);
        Assert.Contains("no such file", error);

        var jpeg = File.ReadAllBytes(PdqData.PathOf("labelme/q0122.jpg"));
        var cut = _cli.File("cut.jpg", jpeg[..(jpeg.Length / 2)]);
        (exit, _, error) = _cli.Run("hash", cut, "--json");
        Assert.Equal(2, exit);
        Assert.Contains(cut, error);
    }

    [Fact]
    public void Hashing_needs_no_database()
    {
        _cli.Run("hash", PdqData.PathOf("misc/wee.jpg"));
        Assert.False(File.Exists(_cli.Db));
    }

    [Fact]
    public void Without_an_argument_it_is_bad_usage()
    {
        Assert.Equal(2, _cli.Run("hash").Exit);
    }

    [Fact]
    public void Cli_and_engine_agree()
    {
        var path = PdqData.PathOf("labelme/q2821.jpg");
        var result = _cli.Json("hash", path);
        var engine = PdqImage.HashFile(path);
        Assert.Equal(engine.Hash.ToString(), result.GetProperty("pdq").GetString());
        Assert.Equal(engine.Quality, result.GetProperty("quality").GetInt32());
    }
}
