using System.Text.Json;
using Enjoin.Common;
using Enjoin.Listings;
using Enjoin.Screening.Images;
using Enjoin.Tests.CommandLine;

namespace Enjoin.Tests.Screening;

/// <summary>
/// DESIGN §5.2 and decision 009: a listing event may name its pictures as files (<c>image_files</c>, relative to the
/// listings file); each is hashed at ingest and its PDQ hash joins <c>images</c>.
/// </summary>
public sealed class ListingImageFilesTests : IDisposable
{
    const string Bridge = "d8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22";
    readonly string _dir = Directory.CreateTempSubdirectory("enjoin-images-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    static (Listing? Listing, IReadOnlyList<InputError> Errors) Read(string json, string? directory)
    {
        using var document = JsonDocument.Parse(json);
        var reader = RecordReader.ForLine("listings.jsonl", 3, directory);
        var (listing, _) = ListingRecord.Read(document.RootElement, reader);
        return (listing, reader.Errors);
    }

    string Photo(string name, string source)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(PdqData.PathOf(source), path);
        return path;
    }

    [Fact]
    public void Image_files_are_hashed_and_join_the_given_hashes()
    {
        Photo("photos/bridge.jpg", "dih/bridge-1-original.jpg");
        var absolute = Photo("c.png", "misc/c.png");
        var given = new string('a', 64);
        var (listing, errors) = Read($$"""{"id":"L-1","merchant":"M-1","images":["{{given.ToUpperInvariant()}}"],"image_files":["photos/bridge.jpg","{{absolute}}"]}""", _dir);
        Assert.Empty(errors);
        Assert.Equal([given, Bridge, PdqImage.HashFile(absolute).Hash.ToString()], listing!.Images);
    }

    [Fact]
    public void An_unreadable_image_rejects_the_line_naming_the_field_and_the_file()
    {
        File.WriteAllText(Path.Combine(_dir, "notes.jpg"), "not a picture");
        Photo("ok.jpg", "labelme/q0122.jpg");
        var (listing, errors) = Read("""{"id":"L-1","merchant":"M-1","image_files":["ok.jpg","notes.jpg","gone.png"]}""", _dir);
        Assert.Null(listing);
        Assert.Equal(2, errors.Count);
        Assert.Equal("listings.jsonl:3: image_files[1]: notes.jpg: not a PNG or JPEG image", errors[0].ToString());
        Assert.Equal("listings.jsonl:3: image_files[2]: gone.png: no such file", errors[1].ToString());
    }

    [Fact]
    public void A_hash_too_poor_to_screen_with_is_left_out()
    {
        // DESIGN §4.5 ignores quality < 50; a blank placeholder would otherwise match every other blank.
        Photo("flat.jpg", "misc/small.jpg");
        var (listing, errors) = Read("""{"id":"L-1","merchant":"M-1","image_files":["flat.jpg"]}""", _dir);
        Assert.Empty(errors);
        Assert.Empty(listing!.Images);
    }

    [Fact]
    public void An_input_that_is_not_a_file_on_disk_may_not_name_files()
    {
        // An API caller must not make the server read its own disk, absolute path or not.
        var absolute = Photo("bridge.jpg", "dih/bridge-1-original.jpg");
        var (listing, errors) = Read($$"""{"id":"L-1","merchant":"M-1","image_files":["{{absolute}}"]}""", directory: null);
        Assert.Null(listing);
        Assert.Equal("image_files[0]", Assert.Single(errors).Field);
    }

    [Fact]
    public void Listings_ingest_reads_image_files_beside_the_listings_file()
    {
        using var cli = new CliRun();
        cli.File("img/bridge.jpg", File.ReadAllBytes(PdqData.PathOf("dih/bridge-1-original.jpg")));
        Assert.Equal(0, cli.Run("merchants", "ingest", cli.File("m.jsonl", CliRun.Merchants)).Exit);
        var listings = cli.File("l.jsonl", """
            {"id":"L-1","merchant":"M-1001","title":"Plush","image_files":["img/bridge.jpg"],"status":"active","at":"2022-11-02T00:00:00Z"}
            {"id":"L-2","merchant":"M-1001","title":"Plush","image_files":["img/missing.jpg"],"status":"active","at":"2022-11-02T00:00:00Z"}
            """);
        var (exit, _, error) = cli.Run("listings", "ingest", listings);
        Assert.Equal(2, exit);
        Assert.Equal($"{listings}:2: image_files[0]: img/missing.jpg: no such file", error.Trim());

        using var store = new Enjoin.Storage.Sqlite.SqliteStore(cli.Db);
        using var read = store.Begin(readOnly: true);
        var stored = read.GetListings(["L-1", "L-2"]);
        Assert.Equal([Bridge], stored["L-1"].Images);
        Assert.False(stored.ContainsKey("L-2"));
    }

    [Fact]
    public void The_same_file_ingested_twice_changes_nothing_the_second_time()
    {
        using var cli = new CliRun();
        cli.File("bridge.jpg", File.ReadAllBytes(PdqData.PathOf("dih/bridge-1-original.jpg")));
        cli.Run("merchants", "ingest", cli.File("m.jsonl", CliRun.Merchants));
        var listings = cli.File("l.jsonl", """{"id":"L-1","merchant":"M-1001","title":"Plush","image_files":["bridge.jpg"],"at":"2022-11-02T00:00:00Z"}""");
        Assert.Equal(1, cli.Json("listings", "ingest", listings).GetProperty("accepted").GetInt32());
        var events = cli.Json("audit", "verify").GetProperty("rows").GetInt64();
        Assert.Equal(0, cli.Run("listings", "ingest", listings).Exit);
        Assert.Equal(events, cli.Json("audit", "verify").GetProperty("rows").GetInt64());
    }
}
