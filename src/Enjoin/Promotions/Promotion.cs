using System.Text.Json;
using System.Text.Json.Nodes;
using Enjoin.Common;
using Enjoin.Gate;

namespace Enjoin.Promotions;

/// <summary>
/// A record that a surface did promote a merchant (and listing) at a time (DESIGN §3 "Promotion event"):
/// an ad impression, an email sent, a recommendation, premium status granted.
/// </summary>
public sealed record Promotion(string Id, Surface Surface, string Merchant, string? Listing, DateTimeOffset At, string? Audience);

/// <summary>A promotion event line of <c>promotions ingest</c> (DESIGN §5.2): <c>{"id","surface","merchant","listing","at","audience"}</c>.</summary>
public static class PromotionRecord
{
    /// <summary>Reads one line; the promotion's time is returned apart, as the command's <c>--at</c> may replace it.</summary>
    public static (Promotion? Promotion, DateTimeOffset? At) Read(JsonElement json, RecordReader read)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            read.Error("(record)", "must be a JSON object");
            return (null, null);
        }
        var id = read.Id(json, "id");
        var surface = read.Word<Surface>(json, "surface", required: true);
        var merchant = read.Id(json, "merchant");
        var listing = read.Id(json, "listing", required: false);
        var audience = read.String(json, "audience");
        var at = read.Time(json, "at");
        return read.Ok ? (new Promotion(id!, surface!.Value, merchant!, listing, default, audience), at) : (null, null);
    }

    /// <summary>The event as recorded (keys in ordinal order): what idempotency compares and the ledger holds.</summary>
    public static string Canonical(Promotion p) => Json.Canonical(new JsonObject
    {
        ["id"] = p.Id, ["surface"] = Words<Surface>.Of(p.Surface), ["merchant"] = p.Merchant, ["listing"] = p.Listing,
        ["at"] = EventTime.Format(p.At), ["audience"] = p.Audience,
    });
}
