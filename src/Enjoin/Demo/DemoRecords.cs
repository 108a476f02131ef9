using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Enjoin.Demo;

internal sealed class DemoMerchant
{
    public required string Id { get; init; }
    public required string StoreName { get; init; }
    public required string Slug { get; init; }
    public string Url => "https://shop.example/store/" + Slug;
    public required string Payout { get; set; }
    public required string Email { get; set; }
    public required string Phone { get; set; }
    public required string Address { get; init; }
    public bool Premium { get; init; }
    public DateTimeOffset At { get; set; }
}

internal sealed class DemoListing
{
    public string Id { get; set; } = "";
    public required string Merchant { get; init; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public required string Brand { get; init; }
    public required IReadOnlyList<string> Images { get; init; }
    public decimal Price { get; init; }
    public DateTimeOffset At { get; set; }
    /// <summary>A counterfeit's product photo (and a relist's copy of it): written as a PNG and named in <c>image_files</c> instead of <see cref="Images"/>.</summary>
    public DemoPhoto? Photo { get; init; }
}

/// <summary>Writes the DESIGN §5.2 input records as compact JSON text.</summary>
internal static class DemoJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Time(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Object(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Merchant(DemoMerchant m) => Object(w =>
    {
        w.WriteString("id", m.Id);
        w.WriteString("store_name", m.StoreName);
        w.WriteString("store_url", m.Url);
        w.WriteString("payout_account", m.Payout);
        w.WriteString("email", m.Email);
        w.WriteString("phone", m.Phone);
        w.WriteString("address", m.Address);
        w.WriteBoolean("premium", m.Premium);
        w.WriteString("at", Time(m.At));
    });

    public static string Listing(DemoListing l) => Object(w =>
    {
        w.WriteString("id", l.Id);
        w.WriteString("merchant", l.Merchant);
        w.WriteString("title", l.Title);
        w.WriteString("description", l.Description);
        w.WriteString("brand", l.Brand);
        if (l.Photo is null)
        {
            w.WriteStartArray("images");
            foreach (var image in l.Images) w.WriteStringValue(image);
            w.WriteEndArray();
        }
        else
        {
            // A photo on disk, hashed with PDQ when the listing is ingested (issue 8).
            w.WriteStartArray("image_files");
            w.WriteStringValue(PhotoFile(l));
            w.WriteEndArray();
        }
        w.WriteNumber("price", l.Price);
        w.WriteString("currency", "USD");
        w.WriteString("status", "active");
        w.WriteString("at", Time(l.At));
    });

    /// <summary>The file name of a listing's photo, relative to the demo's photo directory.</summary>
    public static string PhotoFile(DemoListing l) => $"{l.Id}.png";

    public static string Promotion(string id, string surface, string merchant, string? listing, DateTimeOffset at, string? audience) => Object(w =>
    {
        w.WriteString("id", id);
        w.WriteString("surface", surface);
        w.WriteString("merchant", merchant);
        WriteNullable(w, "listing", listing);
        w.WriteString("at", Time(at));
        WriteNullable(w, "audience", audience);
    });

    public static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }
}
