using System.Text.Json.Nodes;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Server;

/// <summary>
/// The records the server tests send, modelled on the case: a defendant store selling counterfeit
/// SQUISHMALLOWS, an honest store, a third store a rights holder notices, and two rights holders.
/// </summary>
public static class Marketplace
{
    public const string KellyToys = "Kelly Toys Holdings, LLC";
    public const string Jazwares = "Jazwares, LLC";

    public const string Defendant = "M-1001";
    public const string Honest = "M-2002";
    public const string Noticed = "M-3003";

    /// <summary>NDJSON, one merchant a line (DESIGN §5.2).</summary>
    public static string Merchants() => string.Join('\n',
        Merchant(Defendant, "19885566 Store", "https://shop.example/store/19885566", "PAY-1"),
        Merchant(Honest, "Cosy Cushions", "https://shop.example/store/cosy", "PAY-2"),
        Merchant(Noticed, "Plush Palace", "https://shop.example/store/plush", "PAY-3")) + "\n";

    static string Merchant(string id, string name, string url, string payout) => new JsonObject
    {
        ["id"] = id, ["store_name"] = name, ["store_url"] = url, ["payout_account"] = payout,
        ["email"] = $"{id.ToLowerInvariant()}@shop.example", ["premium"] = true, ["at"] = "2023-01-02T00:00:00Z",
    }.ToJsonString();

    public static JsonObject Listing(string id, string merchant, string title, string at = "2023-01-03T00:00:00Z") => new()
    {
        ["id"] = id, ["merchant"] = merchant, ["title"] = title, ["brand"] = "", ["price"] = 19.99, ["currency"] = "USD",
        ["status"] = "active", ["at"] = at,
    };

    /// <summary>A JSON array of listings (the other bulk shape).</summary>
    public static string Listings() => new JsonArray(
        Listing("L-1", Defendant, "SQUISHMALLOWS 8 inch plush cat"),
        Listing("L-2", Honest, "Marshmallow throw pillow"),
        Listing("L-3", Noticed, "Squish plush 12 inch, like the famous brand"),
        Listing("L-4", Noticed, "Plush bunny 10 inch")).ToJsonString();

    /// <summary>A preliminary injunction naming the defendant store and one store nobody can find.</summary>
    public static JsonObject Order(string id = "kt-pi", string plaintiff = KellyToys, string served = "2023-01-10T15:00:00Z",
        string? supersedes = null, string kind = "preliminary_injunction", string seller = Defendant) => new()
    {
        ["id"] = id, ["case"] = "22-CV-9384 (JMF)", ["court"] = "S.D.N.Y.", ["plaintiff"] = plaintiff,
        ["kind"] = kind, ["issued"] = "2023-01-09", ["served"] = served, ["expires"] = null, ["supersedes"] = supersedes,
        ["marks"] = new JsonArray("SQUISHMALLOWS"), ["covers_aliases"] = true,
        ["clauses"] = new JsonArray(
            new JsonObject { ["ref"] = "1(a)", ["kind"] = "cease_infringement" },
            new JsonObject { ["ref"] = "1(b)", ["kind"] = "restrain_assets" },
            new JsonObject { ["ref"] = "1(c)", ["kind"] = "disable_storefront" }),
        ["defendants"] = new JsonArray(
            new JsonObject { ["no"] = 1, ["name"] = "19885566 Store", ["seller_id"] = seller, ["store_url"] = "https://shop.example/store/19885566" },
            new JsonObject { ["no"] = 2, ["name"] = "Ghost Store", ["seller_id"] = "M-404404", ["store_url"] = "https://shop.example/store/ghost" }),
    };

    public static JsonObject Modification(string id, string modifies, string served = "2023-03-01T15:00:00Z") => new()
    {
        ["id"] = id, ["kind"] = "modification", ["modifies"] = modifies, ["issued"] = "2023-02-28", ["served"] = served,
        ["strike_clauses"] = new JsonArray("1(c)"),
    };

    public static JsonObject Notice(string id, string[] listings, string notifier = KellyToys, string at = "2023-02-01T09:00:00Z")
    {
        var notice = NoticeJson.Of(id, at, listings);
        notice["notifier"]!["name"] = notifier;
        notice["notifier"]!["email"] = $"legal@{notifier.Split(' ', ',')[0].ToLowerInvariant()}.example";
        return notice;
    }

    public static JsonObject CounterNotice(string id, string notice, string listing, string merchant, string at = "2023-02-03T10:00:00Z") =>
        NoticeJson.Counter(id, at, notice, listing, merchant);

    public static JsonObject SuitFiled(string id, string notice, string at = "2023-02-05T10:00:00Z") =>
        new() { ["kind"] = "suit_filed", ["id"] = id, ["notice"] = notice, ["at"] = at };
}
