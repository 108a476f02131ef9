using System.Data.Common;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Knowledge;
using Enjoin.Listings;
using Enjoin.Merchants;
using Enjoin.Notices;
using Enjoin.Strikes;

namespace Enjoin.Tests.Storage;

/// <summary>
/// A transaction may answer reads from what it read ahead, and (on PostgreSQL) hold writes back to
/// send them with the next read. Neither may change what a command sees or what lands.
/// </summary>
public abstract partial class StoreContract
{
    [SkippableFact]
    public void What_a_transaction_writes_it_reads_back_at_once_after_reading_ahead()
    {
        var t = At("2023-02-01T09:00:00.000001Z");
        var noticed = new KnowledgeFact(0, KnowledgeCode.ListingNoticed, "M-1", "L-1", new Basis { Notice = "N-0" }, t, null,
            KnowledgeFact.KeyOf(KnowledgeCode.ListingNoticed, "M-1", "L-1", "N-0"));
        Commit(tx =>
        {
            tx.UpsertMerchant(new Merchant("M-1", "One", null, null, null, null, null, false));
            tx.UpsertListing(Item("L-1", "M-1"));
            tx.UpsertListing(Item("L-2", "M-1"));
            tx.InsertFact(noticed);
            tx.InsertFact(noticed with { Listing = "L-2", Key = KnowledgeFact.KeyOf(KnowledgeCode.ListingNoticed, "M-1", "L-2", "N-0") });
            tx.InsertStrike(new Strike(0, "M-1", StrikeSource.Notice, "N-0", t, t.AddDays(365), null));
        });

        var repeat = new FactKey(KnowledgeCode.RepeatInfringer, "M-1", null, "policy");
        var noticedAgain = new FactKey(KnowledgeCode.ListingNoticed, "M-1", "L-2", "N-1");
        var standing = MerchantStanding.Clear with { Account = AccountStatus.Terminated };
        Commit(tx =>
        {
            tx.Preload(["L-1", "L-2", "L-9"]);
            var noticedOnL2 = new FactKey(KnowledgeCode.ListingNoticed, "M-1", "L-2", "N-0");
            tx.Preload([noticedAgain, noticedOnL2], strikesOf: ["M-1"], linksOf: ["M-1"]);
            tx.PreloadNotices(["N-1"]);
            Assert.Null(tx.GetListing("L-9"));
            Assert.Null(tx.GetNotice("N-1"));
            Assert.Null(tx.OpenFact(repeat));
            Assert.Null(tx.OpenFact(noticedAgain));
            Assert.NotNull(tx.OpenFact(noticedOnL2)); // read ahead by its key
            // Not read ahead with its listing, nor by key: asked for, it is read.
            Assert.NotNull(tx.OpenFact(new FactKey(KnowledgeCode.ListingNoticed, "M-1", "L-1", "N-0")));
            Assert.Single(tx.StrikesOf("M-1"));

            tx.UpsertListing(Item("L-1", "M-1", ListingStatus.Removed));
            Assert.Equal(ListingStatus.Removed, tx.GetListing("L-1")!.Status);
            tx.UpsertListing(Item("L-9", "M-1"));
            Assert.Equal(ListingStatus.Active, tx.GetListing("L-9")!.Status);

            tx.SetListingStatus("L-2", ListingStatus.Removed);
            Assert.Equal(ListingStatus.Removed, tx.GetListing("L-2")!.Status);

            tx.SetStanding("M-1", standing);
            Assert.Equal(standing, tx.GetMerchant("M-1")!.Standing);

            var earlier = tx.InsertStrike(new Strike(0, "M-1", StrikeSource.Order, "kt-pi", t.AddDays(-1), t.AddDays(364), null));
            Assert.Equal(earlier, tx.StrikesOf("M-1")[0].Id); // issue order, as the database sorts them

            var id = tx.InsertFact(new KnowledgeFact(0, KnowledgeCode.RepeatInfringer, "M-1", null, new Basis(), t, null, repeat.ToString()));
            Assert.Equal(id, tx.OpenFact(repeat)!.Id);
            Assert.True(tx.CloseFact(repeat, t.AddDays(1)));
            Assert.False(tx.CloseFact(repeat, t.AddDays(2)));
            Assert.Null(tx.OpenFact(repeat));
            // Closed, the key opens again as a new fact, and only that one is open.
            var reopened = tx.InsertFact(new KnowledgeFact(0, KnowledgeCode.RepeatInfringer, "M-1", null, new Basis(), t.AddDays(3), null, repeat.ToString()));
            Assert.Equal(reopened, tx.OpenFact(repeat)!.Id);

            var receipt = new Receipt("N-1", t, 1, ["L-2"], [], []);
            tx.InsertNotice(new NoticeRecord("N-1", t, "Holder", "legal@holder.example", NotifierRole.RightsHolder, "{}", t, 1, receipt),
                [new NoticeListing("N-1", "L-2", "M-1", true, null)]);
            Assert.NotNull(tx.GetNotice("N-1"));
            Assert.Single(tx.NoticeListings("N-1"));
        });

        // A later transaction reads the database itself and finds exactly the same.
        Assert.Equal(ListingStatus.Removed, Read(tx => tx.GetListing("L-1"))!.Status);
        Assert.NotNull(Read(tx => tx.GetListing("L-9")));
        Same(Item("L-2", "M-1", ListingStatus.Removed), Read(tx => tx.GetListing("L-2"))); // only the status changed
        Assert.Equal(standing, Read(tx => tx.GetMerchant("M-1"))!.Standing);
        Assert.Equal(["kt-pi", "N-0"], Read(tx => tx.StrikesOf("M-1")).Select(s => s.SourceId));
        var repeats = Read(tx => tx.FactsOfMerchant("M-1")).Where(f => f.Code == KnowledgeCode.RepeatInfringer).ToList();
        Assert.Equal([t.AddDays(1), (DateTimeOffset?)null], repeats.Select(f => f.Until));
        Assert.NotNull(Read(tx => tx.GetNotice("N-1")));
    }

    [SkippableFact]
    public void A_write_the_database_refuses_fails_the_transaction_and_nothing_of_it_lands()
    {
        var head = Read(tx => tx.LedgerHead);
        Assert.ThrowsAny<DbException>(() => Commit(tx =>
        {
            tx.Append(At("2023-01-01T00:00:00Z"), "test", "cli", "x", "{}");
            tx.UpsertListing(Item("L-1", "M-unknown")); // no such merchant: the foreign key refuses it
        }));
        Assert.Equal(head, Read(tx => tx.LedgerHead));
        Assert.Null(Read(tx => tx.GetListing("L-1")));
    }

    [SkippableFact]
    public void Linked_accounts_read_ahead_follow_every_merchant_written_after()
    {
        Commit(tx =>
        {
            tx.UpsertMerchant(new Merchant("M-1", "One", null, "P-1", "one@shop.example", "+1 555 0199", null, false));
            tx.UpsertMerchant(new Merchant("M-2", "Two", null, "P-1", "one@shop.example", null, null, false));
            tx.UpsertMerchant(new Merchant("M-4", "Four", null, null, null, "+1 555 0100", null, false));
            tx.UpsertMerchant(new Merchant("M-5", "Five", null, null, null, "+1 555 0199", null, false));
            tx.UpsertListing(Item("L-1", "M-1"));
        });
        static string[] Links(IStoreTransaction tx, string merchant) =>
            [.. tx.LinkedMerchants(tx.GetMerchant(merchant)!).Select(l => $"{l.Merchant}:{l.Via}:{l.Value}")];
        // Two details shared with one merchant, a third with another; never the merchant itself.
        string[] linked = ["M-2:email:one@shop.example", "M-2:payout_account:P-1", "M-5:phone:+1 555 0199"];
        Assert.Equal(linked, Read(tx => Links(tx, "M-1")));

        var inside = Commit(tx =>
        {
            tx.Preload(["L-1"]);
            tx.Preload([], strikesOf: [], linksOf: ["M-1"]);
            Assert.Equal(linked, Links(tx, "M-1")); // read ahead: as the database answers it, in its order
            // Another merchant written after the read-ahead, sharing the email: now linked too.
            tx.UpsertMerchant(new Merchant("M-3", "Three", null, null, "one@shop.example", null, null, false));
            Assert.Equal(["M-2:email:one@shop.example", "M-2:payout_account:P-1", "M-3:email:one@shop.example", "M-5:phone:+1 555 0199"],
                Links(tx, "M-1"));
            // The merchant's own details changed: asked with them, not with what was read ahead.
            tx.UpsertMerchant(new Merchant("M-1", "One", null, "P-9", "one@shop.example", "+1 555 0100", null, false));
            return Links(tx, "M-1");
        });
        Assert.Equal(["M-2:email:one@shop.example", "M-3:email:one@shop.example", "M-4:phone:+1 555 0100"], inside);
        Assert.Equal(inside, Read(tx => Links(tx, "M-1")));
    }

    [SkippableFact]
    public void Writes_sent_ahead_are_read_back_and_a_refused_one_among_them_fails_the_transaction()
    {
        var at = At("2023-01-01T00:00:00Z");
        var basis = new Basis { Reason = "test" };
        // 1,500 rows pass the send-ahead mark (512) more than once; the reads between are answered by the database itself.
        var seen = Commit(tx =>
        {
            var counts = new List<int>();
            for (var i = 0; i < 1500; i++)
            {
                tx.InsertAction(new EnforcementAction(0, ActionKind.TakedownListing, "M-1", $"L-{i}", ActionStatus.Pending, basis, at, null, 0));
                if (i % 500 == 499) counts.Add(tx.Actions().Count);
            }
            Assert.Equal([500, 1000, 1500], counts);
            return tx.GetAction(1500)!.Listing;
        });
        Assert.Equal("L-1499", seen);
        Assert.Equal(1500, Read(tx => tx.Actions()).Count);

        var head = Read(tx => tx.LedgerHead);
        Assert.ThrowsAny<DbException>(() => Commit(tx =>
        {
            tx.UpsertListing(Item("L-1", "M-unknown")); // refused by the foreign key, in whichever batch it travels
            for (var i = 0; i < 1500; i++) tx.Append(at, "test", "cli", $"y-{i}", "{}");
        }));
        Assert.Equal(head, Read(tx => tx.LedgerHead));
        Assert.Null(Read(tx => tx.GetListing("L-1")));
    }

    [SkippableFact]
    public void Generated_ids_are_consecutive_across_transactions_on_either_store()
    {
        var basis = new Basis { Reason = "test" };
        EnforcementAction Action(int i) => new(0, ActionKind.TakedownListing, "M-1", $"L-{i}", ActionStatus.Pending, basis,
            At("2023-01-01T00:00:00Z"), null, 0);
        var first = Commit(tx => Enumerable.Range(0, 300).Select(i => tx.InsertAction(Action(i))).ToList());
        var second = Commit(tx => tx.InsertAction(Action(300)));
        // Both stores give the same ids: 1, 2, 3 … in the order of insertion, with no gaps between transactions.
        Assert.Equal(Enumerable.Range(1, 301).Select(i => (long)i), first.Append(second));
        Assert.Equal("L-300", Read(tx => tx.GetAction(second))!.Listing);
        Assert.Equal(301, Read(tx => tx.Actions()).Count);
    }
}
