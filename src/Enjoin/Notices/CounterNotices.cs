using System.Text.Json.Nodes;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Knowledge;
using Enjoin.Review;
using Enjoin.Strikes;

namespace Enjoin.Notices;

/// <summary>What a counter-notice or suit report did.</summary>
public sealed record CounterNoticeResult(string Id, string Kind, CounterNoticeStatus Status, DateTimeOffset? RestoreAt, string Detail);

/// <summary>
/// DESIGN §4.2.4 (§512(g)): a counter-notice on a listing taken down by a notice restores it after
/// <c>counter_notice_wait</c> business days unless the notifier reports suit first; restoration
/// withdraws that notice's strike. A listing held down by a court order is never restored this way.
/// </summary>
public static class CounterNotices
{
    public static CounterNoticeResult Submit(EngineSession s, CounterNotice counter, DateTimeOffset at, Func<string, string, InputRejectedException> reject)
    {
        if (s.Store.GetCounterNotice(counter.Id) is { } existing)
        {
            if (existing.CounterNotice.Document == counter.Document) return Result(existing, "already received");
            throw reject("id", $"counter-notice {counter.Id} was already received with different content");
        }
        var notice = s.Store.GetNotice(counter.Notice) ?? throw reject("notice", $"unknown notice {counter.Notice}");
        var named = s.Store.NoticeListings(notice.Id).FirstOrDefault(l => l.Listing == counter.Listing && l.Accepted)
            ?? throw reject("listing", $"notice {notice.Id} did not name listing {counter.Listing}");
        if (named.Merchant != counter.Merchant)
            throw reject("merchant", $"listing {counter.Listing} belongs to merchant {named.Merchant}, not {counter.Merchant}");

        s.ReachTime(at);
        s.RecordCause(at, "counter_notice_received", counter.Merchant, JsonNode.Parse(counter.Document));
        NotifierAccuracy.Update(s, notice.NotifierEmail, n => n with { CounterNoticed = n.CounterNoticed + 1 }, at);

        CounterNoticeRecord record;
        if (CourtOrderHolds(s, counter.Listing) is { } order)
        {
            record = new CounterNoticeRecord(counter, null, CounterNoticeStatus.Refused, at);
            s.Record(at, "counter_notice_refused", counter.Merchant, new JsonObject
            {
                ["counter_notice"] = counter.Id, ["listing"] = counter.Listing, ["order"] = order,
                ["reason"] = "the listing is held down under a court order; a counter-notice does not restore it",
            });
        }
        else
        {
            var restoreAt = BusinessDays.Add(at, s.Policy.CounterNoticeWait, s.Policy.Holidays);
            record = new CounterNoticeRecord(counter, restoreAt, CounterNoticeStatus.Waiting, null);
            s.Schedule(DeadlineKind.CounterNoticeRestore, counter.Id, restoreAt);
        }
        s.Store.InsertCounterNotice(record);
        s.OpenReview(ReviewKind.CounterNotice, counter.Merchant, counter.Listing, CourtOrderHolds(s, counter.Listing), null, new JsonObject
        {
            ["counter_notice"] = counter.Id, ["notice"] = notice.Id, ["statement"] = counter.Statement,
            ["status"] = Words<CounterNoticeStatus>.Of(record.Status),
            ["restore_at"] = record.RestoreAt is { } r ? EventTime.Format(r) : null,
        }, at);
        return Result(record, record.Status == CounterNoticeStatus.Refused ? "held down under a court order" : "restoration scheduled");
    }

    /// <summary>The notifier filed suit: no restoration for that notice's counter-notices.</summary>
    public static IReadOnlyList<CounterNoticeResult> SuitFiled(EngineSession s, SuitFiled suit, Func<string, string, InputRejectedException> reject)
    {
        var notice = s.Store.GetNotice(suit.Notice) ?? throw reject("notice", $"unknown notice {suit.Notice}");
        var waiting = s.Store.CounterNoticesOf(notice.Id).Where(c => c.Status == CounterNoticeStatus.Waiting).ToList();
        if (waiting.Count == 0) return [];
        s.ReachTime(suit.At);
        var results = new List<CounterNoticeResult>();
        foreach (var record in waiting)
        {
            var ended = record with { Status = CounterNoticeStatus.SuitFiled, ResolvedAt = suit.At };
            s.Store.UpdateCounterNotice(ended);
            s.Record(suit.At, "suit_filed", record.CounterNotice.Merchant, new JsonObject
            {
                ["report"] = suit.Id, ["notice"] = notice.Id, ["counter_notice"] = record.CounterNotice.Id, ["listing"] = record.CounterNotice.Listing,
            });
            CloseReview(s, record, suit.At, $"suit filed ({suit.Id}); the listing stays down");
            results.Add(Result(ended, "suit filed; the listing stays down"));
        }
        return results;
    }

    /// <summary>The wait is over and no suit was reported: the listing comes back and the notice's strike is withdrawn.</summary>
    public static void Restore(EngineSession s, string counterNoticeId, DateTimeOffset due)
    {
        if (s.Store.GetCounterNotice(counterNoticeId) is not { Status: CounterNoticeStatus.Waiting } record) return;
        var counter = record.CounterNotice;
        if (CourtOrderHolds(s, counter.Listing) is { } order)
        {
            // An order reached the listing while the counter-notice waited: it stays down.
            s.Store.UpdateCounterNotice(record with { Status = CounterNoticeStatus.Refused, ResolvedAt = due });
            s.Record(due, "counter_notice_refused", counter.Merchant, new JsonObject
            {
                ["counter_notice"] = counter.Id, ["listing"] = counter.Listing, ["order"] = order,
                ["reason"] = "the listing is held down under a court order; a counter-notice does not restore it",
            });
            CloseReview(s, record, due, $"held down under court order {order}");
            return;
        }

        s.RecordCause(due, "counter_notice_wait_ended", counter.Merchant, new JsonObject
        {
            ["counter_notice"] = counter.Id, ["notice"] = counter.Notice, ["listing"] = counter.Listing,
        });
        var basis = new Basis { Notice = counter.Notice, Reason = $"counter-notice {counter.Id}: no suit reported within {s.Policy.CounterNoticeWait} business days" };
        // The takedown this notice asked for is no longer wanted, even if the marketplace has not carried it out yet.
        foreach (var pending in s.Store.ActionsOfMerchant(counter.Merchant)
                     .Where(a => a.IsOpen && a.Kind == ActionKind.TakedownListing && a.Listing == counter.Listing && a.Basis.Notice == counter.Notice))
            s.Cancel(pending, due, basis);
        s.CloseFact(KnowledgeCode.ListingNoticed, counter.Merchant, counter.Listing, counter.Notice, due, $"restored after counter-notice {counter.Id}");
        // Another notice that still stands keeps the listing down; only this notice's consequences end.
        var stillNoticed = s.Store.FactsOfListing(counter.Listing).Any(f => f.Code == KnowledgeCode.ListingNoticed && f.Until is null);
        if (!stillNoticed)
        {
            s.CloseFact(KnowledgeCode.ActiveDespiteNotice, counter.Merchant, counter.Listing, null, due, $"restored after counter-notice {counter.Id}");
            if (s.Store.GetListing(counter.Listing) is { Status: not Listings.ListingStatus.Active })
                s.Issue(ActionKind.RestoreListing, counter.Merchant, counter.Listing, basis, due);
        }

        foreach (var strike in s.Store.StrikesOf(counter.Merchant).Where(x => x.Source == StrikeSource.Notice && x.SourceId == counter.Notice && x.WithdrawnAt is null))
        {
            s.Store.UpdateStrike(strike with { WithdrawnAt = due });
            s.Record(due, "strike_withdrawn", counter.Merchant, new JsonObject { ["strike"] = strike.Id, ["notice"] = counter.Notice, ["counter_notice"] = counter.Id });
        }
        StrikePolicy.Recount(s, counter.Merchant, due);

        s.Store.UpdateCounterNotice(record with { Status = CounterNoticeStatus.Restored, ResolvedAt = due });
        CloseReview(s, record, due, "restored: the wait ended with no suit reported");
        var notice = s.Store.GetNotice(counter.Notice)!;
        NotifierAccuracy.Update(s, notice.NotifierEmail, n => n with { Restored = n.Restored + 1 }, due);
    }

    /// <summary>
    /// The order that holds the listing down, if any: its takedown covered the listing, or the
    /// merchant is enjoined and the listing matches the order's marks (it would be a relisting).
    /// </summary>
    static string? CourtOrderHolds(EngineSession s, string listing)
    {
        if (s.Store.FactsOfListing(listing).FirstOrDefault(f => f.Code == KnowledgeCode.ListingNoticed && f.Until is null && f.Basis.Order is not null)
            is { Basis.Order: { } ordered })
            return ordered;
        if (s.Store.GetListing(listing) is not { } l) return null;
        foreach (var enjoinment in Listings.EnforcementView.Load(s.Store).Of(l.Merchant))
            if (enjoinment.Marks.FirstMatch(l.Title, l.Description, l.Brand) is not null)
                return enjoinment.Order.Id;
        return null;
    }

    static void CloseReview(EngineSession s, CounterNoticeRecord record, DateTimeOffset at, string reason)
    {
        foreach (var item in s.Store.ReviewItemsOfMerchant(record.CounterNotice.Merchant)
                     .Where(i => i.Kind == ReviewKind.CounterNotice && i.Status == ReviewStatus.Open && (string?)i.Evidence["counter_notice"] == record.CounterNotice.Id))
            s.CloseReview(item, ReviewStatus.Moot, at, "enjoin", reason);
    }

    static CounterNoticeResult Result(CounterNoticeRecord record, string detail) =>
        new(record.CounterNotice.Id, "counter_notice", record.Status, record.RestoreAt, detail);
}
