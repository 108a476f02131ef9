using System.Text.Json;
using System.Text.Json.Nodes;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Knowledge;
using Enjoin.Listings;
using Enjoin.Strikes;

namespace Enjoin.Notices;

/// <summary>
/// The designated notice process (DESIGN §4.2.1–4.2.2): a valid notice takes down each named
/// active listing and gives one strike per notice per merchant; the receipt proves when it arrived.
/// </summary>
public static class NoticeProcess
{
    /// <summary>Trusted flaggers' notices first (DSA Art. 22), the rest in the order received.</summary>
    public static IReadOnlyList<T> InPriorityOrder<T>(IStoreTransaction store, IReadOnlyList<T> items, Func<T, Notice> notice)
    {
        var priority = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool HasPriority(Notice n)
        {
            if (n.Role != NotifierRole.TrustedFlagger) return false;
            if (!priority.TryGetValue(n.NotifierKey, out var has))
                priority[n.NotifierKey] = has = store.GetNotifier(n.NotifierKey) is not { WarnedAt: not null };
            return has;
        }
        return [.. items.Select((item, index) => (item, index))
            .OrderBy(x => HasPriority(notice(x.item)) ? 0 : 1).ThenBy(x => x.index)
            .Select(x => x.item)];
    }

    /// <summary>
    /// Reads what submitting these notices will ask of the store in two round trips, not several per
    /// listing: the listings and their merchants, then each notice's listing_noticed keys and the strikes
    /// and linked accounts of the merchants a strike could still decide something for.
    /// </summary>
    public static void ReadAhead(EngineSession s, IReadOnlyList<Notice> notices)
    {
        s.Store.Preload([.. notices.SelectMany(n => n.Listings).Distinct(StringComparer.Ordinal)]);
        var facts = new List<FactKey>();
        var merchants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var notice in notices)
            foreach (var id in notice.Listings)
                if (s.Store.GetListing(id) is { } listing)
                {
                    facts.Add(new FactKey(KnowledgeCode.ListingNoticed, listing.Merchant, id, notice.Id));
                    merchants.Add(listing.Merchant);
                }
        var undecided = merchants.Where(m => !StrikePolicy.IsSettled(s, m)).ToList();
        s.Store.Preload(facts, undecided, [.. undecided.Where(m => StrikePolicy.MayTerminate(s, m))]);
    }

    public static Receipt Submit(EngineSession s, Notice notice, DateTimeOffset at, Func<string, string, InputRejectedException> reject)
    {
        if (s.Store.GetNotice(notice.Id) is { } existing)
        {
            // The same notice twice is one notice: the receipt it already has, nothing more.
            if (existing.Document == notice.Document) return existing.Receipt;
            throw reject("id", $"notice {notice.Id} was already received with different content");
        }

        s.ReachTime(at);
        ReadAhead(s, [notice]);
        var arrival = s.RecordCause(at, "notice_received", notice.Id, JsonNode.Parse(notice.Document));
        var basis = new Basis { Notice = notice.Id };

        var accepted = new List<string>();
        var rejected = new List<RejectedListing>();
        var named = new List<NoticeListing>();
        var merchants = new List<string>();
        foreach (var id in notice.Listings)
        {
            if (s.Store.GetListing(id) is not { } listing)
            {
                rejected.Add(new RejectedListing(id, "unknown listing"));
                named.Add(new NoticeListing(notice.Id, id, null, false, "unknown listing"));
                continue;
            }
            accepted.Add(id);
            named.Add(new NoticeListing(notice.Id, id, listing.Merchant, true, null));
            if (!merchants.Contains(listing.Merchant)) merchants.Add(listing.Merchant);
            if (listing.Status == ListingStatus.Active)
                s.Issue(ActionKind.TakedownListing, listing.Merchant, listing.Id, basis with { Reason = $"notice from {notice.NotifierName}" }, at);
            s.OpenFact(KnowledgeCode.ListingNoticed, listing.Merchant, listing.Id, basis, notice.Id, at);
        }

        // §4.2.2: several listings of one merchant in one notice are one strike. A listing already
        // down still counts: the notice is evidence of infringement whoever acted first.
        var strikes = new List<StrikeGiven>();
        foreach (var merchant in merchants)
            strikes.Add(new StrikeGiven(merchant, StrikePolicy.Strike(s, merchant, StrikeSource.Notice, notice.Id, at).Id));

        var receipt = new Receipt(notice.Id, at, arrival.Seq, accepted, rejected, strikes);
        s.Store.InsertNotice(new NoticeRecord(notice.Id, notice.At, notice.NotifierName, notice.NotifierKey, notice.Role,
            notice.Document, at, arrival.Seq, receipt), named);
        s.Record(at, "notice_receipt", notice.Id, JsonSerializer.SerializeToNode(receipt, Json.Options));
        NotifierAccuracy.Count(s, notice, accepted.Count, rejected.Count, at);
        return receipt;
    }
}
