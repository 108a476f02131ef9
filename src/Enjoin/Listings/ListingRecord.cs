using System.Text.Json;
using Enjoin.Common;

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
        var images = read.Strings(json, "images");
        for (var i = 0; i < images.Count; i++)
            if (!IsPdqHash(images[i])) read.Error($"images[{i}]", "must be a PDQ hash: 64 hexadecimal digits");
        var listing = new Listing(
            id ?? "", merchant ?? "",
            read.String(json, "title"), read.String(json, "description"), read.String(json, "brand"),
            images.Select(h => h.ToLowerInvariant()).ToArray(),
            read.Decimal(json, "price"), read.String(json, "currency"),
            read.Word<ListingStatus>(json, "status") ?? ListingStatus.Active);
        var at = read.Time(json, "at");
        return read.Ok ? (listing, at) : (null, null);
    }

    static readonly System.Buffers.SearchValues<char> Hex = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    static bool IsPdqHash(string text) => text.Length == 64 && !text.AsSpan().ContainsAnyExcept(Hex);

    public static System.Text.Json.Nodes.JsonNode ToJson(Listing l, DateTimeOffset at) => JsonSerializer.SerializeToNode(new
    {
        id = l.Id, merchant = l.Merchant, title = l.Title, description = l.Description, brand = l.Brand,
        images = l.Images, price = l.Price, currency = l.Currency, status = Words<ListingStatus>.Of(l.Status), at = EventTime.Format(at),
    })!;
}
