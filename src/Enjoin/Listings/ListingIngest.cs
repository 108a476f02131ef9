using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Knowledge;
using Enjoin.Orders;
using Enjoin.Review;
using Enjoin.Screening;
using Enjoin.Screening.Images;

namespace Enjoin.Listings;

/// <summary>
/// <c>listings ingest</c>: applies listing events in batches and screens each new or changed active
/// listing — an enjoined merchant's match is a relisting the order already covers (§4.1.2); any
/// other merchant's match is a question for a reviewer (§4.5).
/// </summary>
/// <param name="knownMerchants">Merchants known to exist, kept across the batches of one ingest (merchants are never deleted).</param>
/// <param name="takenDown">The images of listings taken down for infringement, kept by the engine (§4.5 near-duplicates).</param>
public sealed class ListingIngest(EngineSession session, HashSet<string> knownMerchants, TakenDownImages takenDown)
{
    /// <summary>A parsed listing event with its event time and canonical form, ready to apply.</summary>
    public readonly record struct Prepared(int Line, Listing Listing, DateTimeOffset At, string Canonical, string Hash);

    /// <summary>
    /// The pure half of ingest, which needs no store: parse the lines, give each record its event time
    /// (<paramref name="at"/>, else its own, else <paramref name="now"/>) and its canonical form and hash; image files
    /// named by a record (relative to <paramref name="directory"/>) are hashed here too, off the store's thread.
    /// </summary>
    public static List<Prepared> Prepare(string file, IEnumerable<InputLine> lines, DateTimeOffset? at, DateTimeOffset now,
        List<InputError> errors, ref int read, string? directory = null)
    {
        var parsed = Jsonl.Parse<Listing>(file, lines, ListingRecord.Read, errors, ref read, directory);
        var prepared = new List<Prepared>(parsed.Count);
        foreach (var (line, listing, recordAt) in parsed)
        {
            var when = at ?? recordAt ?? now;
            var (canonical, hash) = CanonicalWithHash(listing, when);
            prepared.Add(new Prepared(line, listing, when, canonical, hash));
        }
        return prepared;
    }

    EnforcementView? _view;
    int _viewVersion = -1;
    bool _takenDownFresh;

    /// <summary>Applies a batch; returns the lines rejected against stored state (unknown merchant).</summary>
    public List<InputError> Apply(string file, IReadOnlyList<Prepared> batch)
    {
        var errors = new List<InputError>();
        var ids = new HashSet<string>(batch.Count, StringComparer.Ordinal);
        foreach (var record in batch) ids.Add(record.Listing.Id);
        var hashes = new Dictionary<string, string>(session.Store.ListingEventHashes(ids), StringComparer.Ordinal);
        // Stored rows only of listings this batch changes: new ones have none, a repeated event changes nothing.
        var changing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in batch)
            if (hashes.TryGetValue(record.Listing.Id, out var known) && known != record.Hash) changing.Add(record.Listing.Id);
        var stored = new Dictionary<string, Listing>(changing.Count == 0 ? [] : session.Store.GetListings(changing), StringComparer.Ordinal);
        // One lookup for the batch's merchants rather than a query per listing.
        var merchants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in batch)
            if (!knownMerchants.Contains(record.Listing.Merchant)) merchants.Add(record.Listing.Merchant);
        if (merchants.Count > 0) knownMerchants.UnionWith(session.Store.ExistingMerchants(merchants));

        foreach (var (line, listing, at, canonical, hash) in batch)
        {
            if (!knownMerchants.Contains(listing.Merchant))
            {
                errors.Add(new InputError(file, line, "merchant", $"unknown merchant {listing.Merchant}; ingest merchants first"));
                continue;
            }
            if (hashes.TryGetValue(listing.Id, out var previousHash) && previousHash == hash) continue;

            session.ReachTime(at);
            var previous = stored.GetValueOrDefault(listing.Id);
            session.Store.UpsertListing(listing, hash);
            session.RecordInBatch("listings_ingested", canonical, at);
            hashes[listing.Id] = hash;
            stored[listing.Id] = listing;

            if (listing.Status != ListingStatus.Active)
            {
                if (previous is { Status: ListingStatus.Active }) session.ListingWentDown(listing.Merchant, listing.Id, at);
                continue;
            }
            var changed = previous is null || previous.Status != ListingStatus.Active || !previous.SameScreenedContent(listing);
            if (!changed) continue;
            if (previous is { Status: not ListingStatus.Active } && StillNoticed(listing, at) is { } noticed) TakeDownAgain(listing, noticed, at);
            else Screen(listing, at);
        }
        return errors;
    }

    /// <summary>The open listing_noticed fact of a listing that was taken down, if any.</summary>
    KnowledgeFact? StillNoticed(Listing listing, DateTimeOffset at) =>
        session.Store.FactsOfListing(listing.Id).FirstOrDefault(f => f.Code == KnowledgeCode.ListingNoticed && f.Interval.Contains(at));

    /// <summary>
    /// A listing the platform knows about is active again: it comes down again on the same basis,
    /// and if it is still up takedown_sla later the platform knows that too (§4.3).
    /// </summary>
    void TakeDownAgain(Listing listing, KnowledgeFact noticed, DateTimeOffset at)
    {
        session.RecordCause(at, "noticed_listing_active_again", listing.Merchant, new JsonObject { ["listing"] = listing.Id, ["knowledge_since"] = EventTime.Format(noticed.Since) });
        session.Issue(Actions.ActionKind.TakedownListing, listing.Merchant, listing.Id, noticed.Basis with { Reason = "active again after takedown" }, at,
            noticed.Basis.Order, null);
    }

    void Screen(Listing listing, DateTimeOffset at)
    {
        if (_view is null || _viewVersion != session.EnforcementVersion)
        {
            _view = EnforcementView.Load(session.Store);
            _viewVersion = session.EnforcementVersion;
        }
        var enjoinments = _view.Of(listing.Merchant);
        foreach (var enjoinment in enjoinments)
        {
            if (enjoinment.Marks.FirstMatch(listing.Title, listing.Description, listing.Brand) is { } match)
            {
                OrderEnforcement.Relisting(session, enjoinment.Order, enjoinment.Clause, enjoinment.Defendant, listing.Merchant, listing, match, at);
                takenDown.Add(listing);
                return;
            }
        }

        if (listing.Images.Count > 0 && NearDuplicateOf(listing, at) is { } duplicate)
        {
            // The photo of a listing taken down for infringement: an enjoined merchant's is a relisting the order
            // covers; anyone else's is a question for a reviewer.
            if (enjoinments.Count > 0)
            {
                var enjoinment = enjoinments[0];
                OrderEnforcement.Relisting(session, enjoinment.Order, enjoinment.Clause, enjoinment.Defendant, listing.Merchant, listing,
                    NearDuplicates.Evidence(listing, duplicate), NearDuplicates.Found(duplicate), at);
                takenDown.Add(listing);
                return;
            }
            NearDuplicates.Raise(session, listing, duplicate, at);
        }

        if (!_view.IsEmpty && _view.AllMarks.FirstMatch(listing.Title, listing.Description, listing.Brand) is { } hit)
            ScreeningHits.Raise(session, listing, hit, _view.OrderWithMark(hit.Mark), at);
    }

    NearDuplicates.Pair? NearDuplicateOf(Listing listing, DateTimeOffset at)
    {
        if (!_takenDownFresh)
        {
            takenDown.Refresh(session.Store);
            _takenDownFresh = true;
        }
        return takenDown.Nearest(listing, image => TakenDownImages.StillTakenDown(session.Store, image.Listing, at)) is { } nearest
            ? new NearDuplicates.Pair(nearest.Image, nearest.Match.Payload, nearest.Match.Hash.ToString(), nearest.Match.Distance)
            : null;
    }

    static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The listing event in canonical form (keys in ordinal order), written directly: this runs per listing.</summary>
    public static string Canonical(Listing l, DateTimeOffset at) => CanonicalWithHash(l, at).Canonical;

    /// <summary>The canonical form and the lowercase hex SHA-256 of its UTF-8 bytes, hashed from the bytes just written.</summary>
    static (string Canonical, string Hash) CanonicalWithHash(Listing l, DateTimeOffset at)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("at", EventTime.Format(at));
            w.WriteString("brand", l.Brand);
            w.WriteString("currency", l.Currency);
            w.WriteString("description", l.Description);
            w.WriteString("id", l.Id);
            w.WriteStartArray("images");
            foreach (var image in l.Images) w.WriteStringValue(image);
            w.WriteEndArray();
            w.WriteString("merchant", l.Merchant);
            if (l.Price is { } price) w.WriteNumber("price", price);
            else w.WriteNull("price");
            w.WriteString("status", Words<ListingStatus>.Of(l.Status));
            w.WriteString("title", l.Title);
            w.WriteEndObject();
        }
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer.WrittenSpan, hash);
        return (System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), Convert.ToHexStringLower(hash));
    }
}

/// <summary>Who is enjoined right now, under which order and clause, and every mark in force.</summary>
public sealed class EnforcementView
{
    /// <summary>A merchant enjoined by an order's clause; <paramref name="Marks"/> screens for the order's marks.</summary>
    public sealed record Enjoinment(Order Order, Clause Clause, int? Defendant, IMarkMatcher Marks);

    readonly Dictionary<string, List<Enjoinment>> _byMerchant = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _orderOfMark = new(StringComparer.Ordinal);

    /// <summary>Every mark in force: of the orders in force, and those registered by rights holders.</summary>
    public IMarkMatcher AllMarks { get; private set; } = MarkMatcher.Compile([]);
    public bool IsEmpty => AllMarks.Marks.Count == 0;

    public IReadOnlyList<Enjoinment> Of(string merchant) => _byMerchant.TryGetValue(merchant, out var list) ? list : [];

    /// <summary>The order in force protecting the mark, or null for a mark only registered.</summary>
    public string? OrderWithMark(string mark) => _orderOfMark.GetValueOrDefault(mark);

    public static EnforcementView Load(IStoreTransaction store)
    {
        var view = new EnforcementView();
        var allowed = MarkMatchers.AllowedByMark(store);
        var orders = new Dictionary<string, (Order Order, IReadOnlyList<Clause> Clauses, IMarkMatcher Marks)>(StringComparer.Ordinal);
        foreach (var fact in store.OpenFacts(KnowledgeCode.EnjoinedDefendant))
        {
            if (fact.Basis.Order is not { } orderId) continue;
            if (!orders.TryGetValue(orderId, out var entry))
            {
                if (store.GetOrder(orderId) is not { } order) continue;
                entry = (order, store.Clauses(orderId), MarkMatchers.For(order.Marks, allowed));
                orders[orderId] = entry;
            }
            var clause = entry.Clauses.FirstOrDefault(c => c.Kind == ClauseKind.CeaseInfringement && c.Status == ClauseStatus.Active && c.Ref == fact.Basis.Clause)
                ?? entry.Clauses.FirstOrDefault(c => c.Kind == ClauseKind.CeaseInfringement && c.Status == ClauseStatus.Active);
            if (clause is null) continue;
            if (!view._byMerchant.TryGetValue(fact.Merchant, out var list)) view._byMerchant[fact.Merchant] = list = [];
            list.Add(new Enjoinment(entry.Order, clause, fact.Basis.Defendant, entry.Marks));
        }
        foreach (var order in store.Orders())
        {
            if (!order.InForce || !order.IsInjunction) continue;
            if (!store.Clauses(order.Id).Any(c => c.Kind == ClauseKind.CeaseInfringement && c.Status == ClauseStatus.Active)) continue;
            foreach (var mark in order.Marks) view._orderOfMark.TryAdd(mark, order.Id);
        }
        var marks = view._orderOfMark.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var registered in store.RegisteredMarks()) marks.Add(registered.Mark);
        view.AllMarks = MarkMatchers.For(marks, allowed);
        return view;
    }
}
