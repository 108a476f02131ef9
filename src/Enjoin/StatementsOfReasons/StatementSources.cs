using System.Text.Json;
using System.Text.Json.Nodes;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Notices;
using Enjoin.Orders;
using Enjoin.Review;
using Enjoin.Strikes;

namespace Enjoin.StatementsOfReasons;

/// <summary>
/// Everything the statements of an export rest on, read from the store in one read-only transaction:
/// the confirmed actions and what each names (orders, notices, review items, strikes), and from the
/// ledger when each listing and merchant first appeared, reinstatements, and how relistings were found.
/// Plain values, so <see cref="StatementsOfReasons.Derive"/> is a pure rule over them.
/// </summary>
public sealed class StatementSources
{
    public required IReadOnlyList<EnforcementAction> Actions { get; init; }
    public required IReadOnlyDictionary<string, Order> Orders { get; init; }
    public required IReadOnlyDictionary<string, NoticeRecord> Notices { get; init; }
    public required IReadOnlyDictionary<long, ReviewItem> Reviews { get; init; }
    public required IReadOnlyDictionary<long, Strike> Strikes { get; init; }
    /// <summary>The event time of the first listing (merchant) event seen for each: when the content was posted.</summary>
    public required IReadOnlyDictionary<string, DateTimeOffset> ListingFirstSeen { get; init; }
    public required IReadOnlyDictionary<string, DateTimeOffset> MerchantFirstSeen { get; init; }
    /// <summary>When a reviewer reinstated each merchant, in time order.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<DateTimeOffset>> Reinstated { get; init; }
    /// <summary>The <c>relisting_detected</c> evidence, by listing and time: what the takedown at that time followed from.</summary>
    public required IReadOnlyDictionary<(string Listing, DateTimeOffset At), JsonObject> Relistings { get; init; }
    /// <summary>Listings a takedown found active again after an earlier takedown, by listing and time.</summary>
    public required IReadOnlySet<(string Listing, DateTimeOffset At)> ActiveAgain { get; init; }

    /// <summary>The kinds of action that restrict a recipient of the service (DSA Art. 17(1)): each gets a statement.</summary>
    public static readonly IReadOnlySet<ActionKind> Restrictions = new HashSet<ActionKind>
    {
        ActionKind.TakedownListing, ActionKind.HoldPayouts, ActionKind.SuspendAccount, ActionKind.TerminateAccount, ActionKind.DisableStorefront,
    };

    public static StatementSources Load(IStoreTransaction store)
    {
        var actions = store.Actions(ActionStatus.Confirmed);
        var orders = new Dictionary<string, Order>(StringComparer.Ordinal);
        var notices = new Dictionary<string, NoticeRecord>(StringComparer.Ordinal);
        var reviews = new Dictionary<long, ReviewItem>();
        var strikes = new Dictionary<long, Strike>();
        var listings = new HashSet<string>(StringComparer.Ordinal);
        var merchants = new HashSet<string>(StringComparer.Ordinal);
        var struckMerchants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            if (!Restrictions.Contains(action.Kind)) continue;
            var basis = action.Basis;
            if (basis.Order is { } order && !orders.ContainsKey(order) && store.GetOrder(order) is { } o) orders[order] = o;
            if (basis.Notice is { } notice && !notices.ContainsKey(notice) && store.GetNotice(notice) is { } n) notices[notice] = n;
            if (basis.Review is { } review && !reviews.ContainsKey(review) && store.GetReviewItem(review) is { } r) reviews[review] = r;
            if (basis.Strikes is { Count: > 0 } && struckMerchants.Add(action.Merchant))
                foreach (var strike in store.StrikesOf(action.Merchant)) strikes[strike.Id] = strike;
            if (action.Listing is { } listing) listings.Add(listing);
            else merchants.Add(action.Merchant);
        }

        var listingFirstSeen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var merchantFirstSeen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var reinstated = new Dictionary<string, List<DateTimeOffset>>(StringComparer.Ordinal);
        var relistings = new Dictionary<(string, DateTimeOffset), JsonObject>();
        var activeAgain = new HashSet<(string, DateTimeOffset)>();
        // One pass over the ledger: it alone keeps when content was first posted and how each relisting was found.
        foreach (var entry in store.ReadLedger())
        {
            switch (entry.Kind)
            {
                case "listings_ingested" when listings.Count > 0:
                    FirstSeen(entry.Payload, listings, listingFirstSeen);
                    break;
                case "merchants_ingested" when merchants.Count > 0:
                    FirstSeen(entry.Payload, merchants, merchantFirstSeen);
                    break;
                case "merchant_reinstated":
                    if (!reinstated.TryGetValue(entry.Subject, out var times)) reinstated[entry.Subject] = times = [];
                    times.Add(entry.At);
                    break;
                case "relisting_detected":
                    if (Data(entry.Payload) is { } relisting && (string?)relisting["listing"] is { } relisted)
                        relistings[(relisted, entry.At)] = relisting;
                    break;
                case "noticed_listing_active_again":
                    if (Data(entry.Payload) is { } again && (string?)again["listing"] is { } listing)
                        activeAgain.Add((listing, entry.At));
                    break;
            }
        }
        foreach (var times in reinstated.Values) times.Sort();

        return new StatementSources
        {
            Actions = actions, Orders = orders, Notices = notices, Reviews = reviews, Strikes = strikes,
            ListingFirstSeen = listingFirstSeen, MerchantFirstSeen = merchantFirstSeen,
            Reinstated = reinstated.ToDictionary(p => p.Key, p => (IReadOnlyList<DateTimeOffset>)p.Value, StringComparer.Ordinal),
            Relistings = relistings, ActiveAgain = activeAgain,
        };
    }

    /// <summary>The event's data: a ledger payload is <c>{"actor","at","data","kind","subject"}</c>.</summary>
    static JsonObject? Data(string payload) => JsonNode.Parse(payload) is JsonObject row && row["data"] is JsonObject data ? data : null;

    /// <summary>Reads an ingest batch event (data <c>{"count","records":[{"id","at",…}]}</c>) for the ids wanted.</summary>
    static void FirstSeen(string payload, HashSet<string> wanted, Dictionary<string, DateTimeOffset> firstSeen)
    {
        using var document = JsonDocument.Parse(payload);
        if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object ||
            !data.TryGetProperty("records", out var records) || records.ValueKind != JsonValueKind.Array) return;
        foreach (var record in records.EnumerateArray())
        {
            if (record.ValueKind != JsonValueKind.Object ||
                !record.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String ||
                !record.TryGetProperty("at", out var at) || at.ValueKind != JsonValueKind.String) continue;
            var key = id.GetString()!;
            if (!wanted.Contains(key) || !EventTime.TryParse(at.GetString(), out var when)) continue;
            if (!firstSeen.TryGetValue(key, out var seen) || when < seen) firstSeen[key] = when;
        }
    }
}
