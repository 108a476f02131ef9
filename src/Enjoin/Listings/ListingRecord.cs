using System.Text.Json;
using Enjoin.Common;
using Enjoin.Screening.Images;

namespace Enjoin.Listings;

/// <summary>A listing event line of <c>listings ingest</c> (DESIGN §5.2).</summary>
public static class ListingRecord
{
    public static (Listing? Listing, DateTimeOffset? At) Read(JsonElement json, RecordReader read)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            read.Error("(record)", "must be a JSON object");
            return (null, null);
        }
        var id = read.Id(json, "id");
        var merchant = read.Id(json, "merchant");
        var images = new List<string>();
        var given = read.Strings(json, "images");
        for (var i = 0; i < given.Count; i++)
            if (IsPdqHash(given[i])) images.Add(given[i].ToLowerInvariant());
            else read.Error($"images[{i}]", "must be a PDQ hash: 64 hexadecimal digits");
        HashImageFiles(json, read, images);
        var listing = new Listing(
            id ?? "", merchant ?? "",
            read.String(json, "title"), read.String(json, "description"), read.String(json, "brand"),
            images.ToArray(),
            read.Decimal(json, "price"), read.String(json, "currency"),
            read.Word<ListingStatus>(json, "status") ?? ListingStatus.Active);
        var at = read.Time(json, "at");
        return read.Ok ? (listing, at) : (null, null);
    }

    /// <summary>
    /// <c>image_files</c>: pictures on disk beside the listings file, hashed here and added to the images. A hash
    /// below PDQ's usable quality is left out, as DESIGN §4.5 ignores it (decision 009); a file that cannot be
    /// read or decoded rejects the line, naming the field and the file.
    /// </summary>
    static void HashImageFiles(JsonElement json, RecordReader read, List<string> images)
    {
        var files = read.Strings(json, "image_files");
        for (var i = 0; i < files.Count; i++)
        {
            var field = $"image_files[{i}]";
            if (read.FilePath(field, files[i]) is not { } path) continue;
            try
            {
                var pdq = PdqImage.HashFile(path);
                if (pdq.IsUsable) images.Add(pdq.Hash.ToString());
            }
            catch (ImageDecodeException e)
            {
                read.Error(field, $"{files[i]}: {e.Message}");
            }
        }
    }

    static readonly System.Buffers.SearchValues<char> Hex = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    static bool IsPdqHash(string text) => text.Length == 64 && !text.AsSpan().ContainsAnyExcept(Hex);

    public static System.Text.Json.Nodes.JsonNode ToJson(Listing l, DateTimeOffset at) => JsonSerializer.SerializeToNode(new
    {
        id = l.Id, merchant = l.Merchant, title = l.Title, description = l.Description, brand = l.Brand,
        images = l.Images, price = l.Price, currency = l.Currency, status = Words<ListingStatus>.Of(l.Status), at = EventTime.Format(at),
    })!;
}
