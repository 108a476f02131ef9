using System.Text.Json.Nodes;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Knowledge;
using Enjoin.Listings;
using Enjoin.Merchants;
using Enjoin.Orders;
using Enjoin.Promotions;
using Enjoin.Review;
using Enjoin.Strikes;

namespace Enjoin.Tests.Storage;

/// <summary>The storage contract, part two: every entity the interface stores comes back as it went in.</summary>
public abstract partial class StoreContract
{
    static Merchant Seller(string id, string? payout = null, string? email = null, string? phone = null, string? url = null, string? name = null) =>
        new(id, name ?? $"Store {id}", url, payout, email, phone, null, false);

    static Listing Item(string id, string merchant, ListingStatus status = ListingStatus.Active) =>
        new(id, merchant, $"Title {id}", null, null, [], null, null, status);

    // ---- merchants -------------------------------------------------------------------------

    [SkippableFact]
    public void Merchant_round_trips_with_its_standing()
    {
        var full = new Merchant("M-1001", "Ünïcode Störe “19885566” 🧸", "https://shop.example/store/19885566",
            "PAY-1", "seller@example.com", "+1 555 0100", "1 Rue de l'Exemple\nParis", true);
        var sparse = new Merchant("M-1002", null, null, null, null, null, null, false);
        Commit(tx =>
        {
            tx.UpsertMerchant(full);
            tx.UpsertMerchant(sparse);
        });

        Assert.Equal(full, Read(tx => tx.GetMerchant("M-1001")));
        Assert.Equal(sparse, Read(tx => tx.GetMerchant("M-1002")));
        Assert.Null(Read(tx => tx.GetMerchant("M-9999")));

        var standing = new MerchantStanding(AccountStatus.Suspended, PayoutsHeld: true, RecordsHeld: false, StorefrontDisabled: true);
        Commit(tx => tx.SetStanding("M-1001", standing));
        Assert.Equal(full with { Standing = standing }, Read(tx => tx.GetMerchant("M-1001")));
        Assert.Equal(MerchantStanding.Clear, Read(tx => tx.GetMerchant("M-1002"))?.Standing);

        // The marketplace's feed updates the profile, never Enjoin's standing.
        var changed = full with { StoreName = "Renamed", Premium = false, Email = null };
        Commit(tx => tx.UpsertMerchant(changed));
        Assert.Equal(changed with { Standing = standing }, Read(tx => tx.GetMerchant("M-1001")));

        foreach (var account in Enum.GetValues<AccountStatus>())
        {
            var s = new MerchantStanding(account, false, true, false);
            Commit(tx => tx.SetStanding("M-1002", s));
            Assert.Equal(s, Read(tx => tx.GetMerchant("M-1002"))?.Standing);
        }
    }

    [SkippableFact]
    public void Merchants_are_found_by_url_key_and_name_key()
    {
        Commit(tx =>
        {
            tx.UpsertMerchant(Seller("M-2", url: "https://www.Shop.example/store/42/", name: "Happy Toy World!"));
            tx.UpsertMerchant(Seller("M-1", url: "http://shop.example/store/42?ref=ad", name: "happy toy world"));
            tx.UpsertMerchant(Seller("M-3", url: "https://shop.example/store/43", name: "Happy Toys World"));
            tx.UpsertMerchant(new Merchant("M-4", null, null, null, null, null, null, false));
        });

        var urlKey = StoreIdentity.UrlKey("shop.example/store/42")!;
        var nameKey = StoreIdentity.NameKey("HAPPY  TOY WORLD")!;
        Assert.Equal(["M-1", "M-2"], Read(tx => tx.MerchantsWithUrlKey(urlKey)));
        Assert.Equal(["M-1", "M-2"], Read(tx => tx.MerchantsWithNameKey(nameKey)));
        Assert.Equal(["M-3"], Read(tx => tx.MerchantsWithUrlKey(StoreIdentity.UrlKey("https://shop.example/store/43")!)));
        Assert.Empty(Read(tx => tx.MerchantsWithUrlKey("shop.example/store/4")));
        Assert.Empty(Read(tx => tx.MerchantsWithNameKey("nosuchstore")));

        // Keys follow profile changes.
        Commit(tx => tx.UpsertMerchant(Seller("M-2", url: "https://shop.example/store/99", name: "Another")));
        Assert.Equal(["M-1"], Read(tx => tx.MerchantsWithUrlKey(urlKey)));
        Assert.Equal(["M-1"], Read(tx => tx.MerchantsWithNameKey(nameKey)));
        Assert.Equal(["M-2"], Read(tx => tx.MerchantsWithUrlKey(StoreIdentity.UrlKey("shop.example/store/99")!)));
    }

    [SkippableFact]
    public void Linked_merchants_share_a_payout_account_email_or_phone()
    {
        var a = Seller("M-A", payout: "PAY-1", email: "a@example.com", phone: "+1 555 0001");
        Commit(tx =>
        {
            tx.UpsertMerchant(a);
            tx.UpsertMerchant(Seller("M-B", payout: "PAY-1"));
            tx.UpsertMerchant(Seller("M-C", email: "a@example.com", phone: "+1 555 0001"));
            tx.UpsertMerchant(Seller("M-D", payout: "PAY-2", email: "d@example.com", phone: "+1 555 0004"));
            tx.UpsertMerchant(Seller("M-E"));
            tx.UpsertMerchant(Seller("M-F"));
        });

        Assert.Equal(
            [new MerchantLink("M-B", "payout_account", "PAY-1"), new MerchantLink("M-C", "email", "a@example.com"),
             new MerchantLink("M-C", "phone", "+1 555 0001")],
            Read(tx => tx.LinkedMerchants(a)));
        Assert.Equal([new MerchantLink("M-A", "payout_account", "PAY-1")], Read(tx => tx.LinkedMerchants(tx.GetMerchant("M-B")!)));
        Assert.Empty(Read(tx => tx.LinkedMerchants(tx.GetMerchant("M-D")!)));
        // Missing details link nobody: two merchants without an email do not share one.
        Assert.Empty(Read(tx => tx.LinkedMerchants(tx.GetMerchant("M-E")!)));
    }

    // ---- listings --------------------------------------------------------------------------

    [SkippableFact]
    public void Listing_round_trips_with_images_price_status_and_event_hash()
    {
        var full = new Listing("L-1", "M-1", "Squishmallow 12\" plush — “limited” 🧸", "line one\nline two", "Kelly Toys",
            [new string('a', 64), "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"], 1234567.8900m, "USD",
            ListingStatus.Active);
        var bare = new Listing("L-2", "M-1", null, null, null, [], null, null, ListingStatus.Removed);
        var cheap = new Listing("L-3", "M-2", "cheap", null, null, [new string('f', 64)], 0.01m, "EUR", ListingStatus.Inactive);
        var hash = new string('e', 64);
        Commit(tx =>
        {
            tx.UpsertMerchant(Seller("M-1"));
            tx.UpsertMerchant(Seller("M-2"));
            tx.UpsertListing(full, hash);
            tx.UpsertListing(bare);
            tx.UpsertListing(cheap, "h3");
        });

        SameListing(full, Read(tx => tx.GetListing("L-1")));
        SameListing(bare, Read(tx => tx.GetListing("L-2")));
        SameListing(cheap, Read(tx => tx.GetListing("L-3")));
        Assert.Equal(1234567.89m, Read(tx => tx.GetListing("L-1"))!.Price);
        Assert.Null(Read(tx => tx.GetListing("L-9")));
        Assert.Equal(new Dictionary<string, string> { ["L-1"] = hash, ["L-3"] = "h3" },
            Read(tx => tx.ListingEventHashes(["L-1", "L-2", "L-3", "L-9"])));
        Assert.Equal(["L-1", "L-2"], Read(tx => tx.ListingsOfMerchant("M-1")).Select(l => l.Id));

        // A takedown changes the status and keeps the hash of the last listing event.
        var removed = full with { Status = ListingStatus.Removed };
        Commit(tx => tx.UpsertListing(removed));
        SameListing(removed, Read(tx => tx.GetListing("L-1")));
        Assert.Equal(hash, Read(tx => tx.ListingEventHashes(["L-1"]))["L-1"]);

        // A new listing event replaces everything, hash included.
        var relisted = full with { Title = "sqυishmallow", Images = [new string('b', 64)], Price = 5m, Status = ListingStatus.Active };
        Commit(tx => tx.UpsertListing(relisted, "h2"));
        SameListing(relisted, Read(tx => tx.GetListing("L-1")));
        Assert.Equal("h2", Read(tx => tx.ListingEventHashes(["L-1"]))["L-1"]);

        // Prices are exact decimals: no floating point on the way, whatever the magnitude.
        foreach (var price in new[] { 0m, 0.1m, 19.99m, 12345678901234567890.123456m, 79228162514264337593543950335m, -5.25m })
        {
            Commit(tx => tx.UpsertListing(cheap with { Price = price }));
            Assert.Equal(price, Read(tx => tx.GetListing("L-3"))!.Price);
        }
    }

    /// <summary>Same listing; a price is the same number (its scale, 19.90 or 19.9, is not kept by SQLite).</summary>
    static void SameListing(Listing expected, Listing? actual)
    {
        Assert.NotNull(actual);
        Assert.True(expected.SameContent(actual),
            $"expected {Json.Serialize(expected)}\n  actual {Json.Serialize(actual)}");
    }

    [SkippableFact]
    public void GetListings_and_ListingEventHashes_take_more_than_200_ids()
    {
        const int count = 450;
        var listings = Enumerable.Range(0, count)
            .Select(i => Item($"L-{i:D4}", i % 2 == 0 ? "M-1" : "M-2") with { Price = i + 0.5m })
            .ToList();
        Commit(tx =>
        {
            tx.UpsertMerchant(Seller("M-1"));
            tx.UpsertMerchant(Seller("M-2"));
            foreach (var l in listings) tx.UpsertListing(l, $"h-{l.Id}");
        });

        foreach (var take in new[] { 199, 200, 201, 400, count })
        {
            var ids = listings.Take(take).Select(l => l.Id).Concat(["L-missing-1", "L-missing-2"]).Reverse().ToList();
            var found = Read(tx => tx.GetListings(ids));
            Assert.Equal(take, found.Count);
            foreach (var l in listings.Take(take)) SameListing(l, found[l.Id]);
            var hashes = Read(tx => tx.ListingEventHashes(ids));
            Assert.Equal(take, hashes.Count);
            Assert.All(hashes, h => Assert.Equal($"h-{h.Key}", h.Value));
        }
        Assert.Empty(Read(tx => tx.GetListings([])));
        Assert.Equal(count / 2, Read(tx => tx.ListingsOfMerchant("M-2")).Count);
    }

    // ---- orders ----------------------------------------------------------------------------

    [SkippableFact]
    public void Order_round_trips_with_clauses_defendants_and_defendant_merchants()
    {
        var served = At("2022-12-28T15:00:00.123456Z");
        var tro = new Order("kt-tro", OrderKind.TemporaryRestrainingOrder, "22-CV-9384 (JMF)", "S.D.N.Y.", "Kelly Toys Holdings, LLC",
            new DateOnly(2022, 11, 29), At("2022-11-30T10:00:00Z"), At("2022-12-14T10:00:00.000001Z"), null, null,
            ["SQUISHMALLOWS", "KELLYTOY"], true) { InForce = true, Document = """{"id":"kt-tro","kind":"temporary_restraining_order"}""" };
        var pi = new Order("kt-pi", OrderKind.PreliminaryInjunction, "22-CV-9384 (JMF)", null, null, null, served, null, "kt-tro", null,
            ["SQUISHMALLOWS"], false) { Document = """{"id":"kt-pi"}""" };
        var mod = new Order("kt-mod", OrderKind.Modification, null, null, null, new DateOnly(2023, 3, 1), At("2023-03-02T00:00:00Z"), null,
            null, "kt-pi", [], false);
        var clauses = new[]
        {
            new Clause("kt-pi", 1, "1(a)", ClauseKind.CeaseInfringement, ClauseStatus.Active, served),
            new Clause("kt-pi", 2, "1(b)", ClauseKind.RestrainAssets, ClauseStatus.Active, null),
            new Clause("kt-pi", 3, "1(b)", ClauseKind.PreserveRecords, ClauseStatus.Active, served),
            new Clause("kt-pi", 4, "1(c)", ClauseKind.DisableStorefront, ClauseStatus.Active, served),
            new Clause("kt-pi", 5, "2", ClauseKind.DiscloseInformation, ClauseStatus.Active, served),
        };
        var resolvedAt = At("2022-12-28T15:00:01.000002Z");
        var defendants = new[]
        {
            new Defendant("kt-pi", 1, "19885566 Store", "M-1001", "https://shop.example/store/19885566", DefendantStatus.Resolved, null)
            {
                Merchants = [new DefendantMerchant("M-1001", ResolutionMethod.SellerId, resolvedAt)],
            },
            new Defendant("kt-pi", 2, "Ünïcode Shop", null, null, DefendantStatus.Unresolved, null),
            new Defendant("kt-pi", 12, null, "M-1003", null, DefendantStatus.Resolved, null)
            {
                Merchants =
                [
                    new DefendantMerchant("M-1003", ResolutionMethod.StoreUrl, resolvedAt),
                    new DefendantMerchant("M-1004", ResolutionMethod.Alias, resolvedAt.AddTicks(10)),
                ],
            },
        };
        Commit(tx =>
        {
            foreach (var m in new[] { "M-1001", "M-1002", "M-1003", "M-1004" }) tx.UpsertMerchant(Seller(m));
            tx.InsertOrder(pi);
            tx.InsertOrder(tro);
            tx.InsertOrder(mod);
            foreach (var c in clauses) tx.InsertClause(c);
            foreach (var d in defendants) tx.InsertDefendant(d);
        });

        Same(tro, Read(tx => tx.GetOrder("kt-tro")));
        Same(pi, Read(tx => tx.GetOrder("kt-pi")));
        Same(mod, Read(tx => tx.GetOrder("kt-mod")));
        Assert.Equal(tro.Document, Read(tx => tx.GetOrder("kt-tro"))!.Document);
        Assert.True(Read(tx => tx.GetOrder("kt-tro"))!.InForce);
        Assert.Null(Read(tx => tx.GetOrder("nope")));
        Assert.Equal(["kt-tro", "kt-pi", "kt-mod"], Read(tx => tx.Orders()).Select(o => o.Id)); // by served time
        Same(clauses, Read(tx => tx.Clauses("kt-pi")));
        Assert.Empty(Read(tx => tx.Clauses("kt-tro")));
        Same(defendants, Read(tx => tx.Defendants("kt-pi")));
        Same(defendants[2].Merchants, Read(tx => tx.Defendants("kt-pi"))[2].Merchants);

        // Changes: the order comes into force and gets an expiry, a clause is struck, a defendant
        // is dismissed, another resolves (twice the same merchant changes nothing).
        var struckAt = At("2023-03-02T00:00:00.000003Z");
        var resolvedLater = new DefendantMerchant("M-1002", ResolutionMethod.Reviewer, At("2023-01-05T12:00:00.5Z"));
        Commit(tx =>
        {
            tx.UpdateOrder(pi with { InForce = true, Expires = At("2023-06-01T00:00:00.000001Z") });
            tx.UpdateClause(clauses[3] with { Status = ClauseStatus.Struck, Since = struckAt });
            tx.UpdateDefendant(defendants[0] with { DismissedAt = struckAt });
            tx.UpdateDefendant(defendants[1] with { Status = DefendantStatus.Resolved });
            tx.AddDefendantMerchant("kt-pi", 2, resolvedLater);
            tx.AddDefendantMerchant("kt-pi", 2, resolvedLater);
        });
        var order = Read(tx => tx.GetOrder("kt-pi"))!;
        Assert.True(order.InForce);
        Assert.Equal(At("2023-06-01T00:00:00.000001Z"), order.Expires);
        Same(clauses[3] with { Status = ClauseStatus.Struck, Since = struckAt }, Read(tx => tx.Clauses("kt-pi"))[3]);
        var after = Read(tx => tx.Defendants("kt-pi"));
        Assert.Equal(struckAt, after[0].DismissedAt);
        Assert.True(after[0].Dismissed);
        Same(defendants[1] with { Status = DefendantStatus.Resolved, Merchants = [resolvedLater] }, after[1]);

        Assert.Equal([("kt-pi", 12)], Read(tx => tx.DefendantsOfMerchant("M-1004")));
        Assert.Equal([("kt-pi", 2)], Read(tx => tx.DefendantsOfMerchant("M-1002")));
        Assert.Empty(Read(tx => tx.DefendantsOfMerchant("M-9999")));
    }

    // ---- actions ---------------------------------------------------------------------------

    [SkippableFact]
    public void Action_round_trips_and_is_found_by_status_and_merchant()
    {
        var basis = new Basis { Order = "kt-pi", Case = "22-CV-9384 (JMF)", Kind = OrderKind.PreliminaryInjunction, Clause = "1(a)", Strikes = [3, 4] };
        var takedown = new EnforcementAction(0, ActionKind.TakedownListing, "M-1", "L-1", ActionStatus.Pending, basis,
            At("2022-12-28T15:00:00.000001Z"), null, 7) { Order = "kt-pi", ClauseOrdinal = 1 };
        var hold = new EnforcementAction(0, ActionKind.HoldPayouts, "M-1", null, ActionStatus.Sent, new Basis { Notice = "N-1", Reason = "relisting" },
            At("2022-12-28T15:00:00.000002Z"), null, 8);
        var other = new EnforcementAction(0, ActionKind.ProduceRecords, "M-2", null, ActionStatus.Pending, new Basis(),
            At("2022-12-29T00:00:00Z"), null, 9);

        var (id1, id2, id3) = Commit(tx => (tx.InsertAction(takedown), tx.InsertAction(hold), tx.InsertAction(other)));
        Assert.True(id1 > 0 && id2 > id1 && id3 > id2);
        Same(takedown with { Id = id1 }, Read(tx => tx.GetAction(id1)));
        Same(hold with { Id = id2 }, Read(tx => tx.GetAction(id2)));
        Assert.Null(Read(tx => tx.GetAction(id3 + 100)));

        var confirmed = takedown with { Id = id1, Status = ActionStatus.Confirmed, ConfirmedAt = At("2022-12-28T15:42:00.999999Z") };
        Commit(tx => tx.UpdateAction(confirmed));
        Same(confirmed, Read(tx => tx.GetAction(id1)));

        Assert.Equal([id1, id2, id3], Read(tx => tx.Actions()).Select(a => a.Id));
        Assert.Equal([id1], Read(tx => tx.Actions(ActionStatus.Confirmed)).Select(a => a.Id));
        Assert.Equal([id3], Read(tx => tx.Actions(ActionStatus.Pending)).Select(a => a.Id));
        Assert.Empty(Read(tx => tx.Actions(ActionStatus.Failed)));
        Assert.Equal([id1, id2], Read(tx => tx.ActionsOfMerchant("M-1")).Select(a => a.Id));

        foreach (var status in Enum.GetValues<ActionStatus>())
        {
            Commit(tx => tx.UpdateAction(other with { Id = id3, Status = status }));
            Assert.Equal(status, Read(tx => tx.GetAction(id3))!.Status);
        }
        foreach (var kind in Enum.GetValues<ActionKind>())
        {
            var id = Commit(tx => tx.InsertAction(other with { Kind = kind }));
            Assert.Equal(kind, Read(tx => tx.GetAction(id))!.Kind);
        }
    }

    [SkippableFact]
    public void Delivery_state_round_trips_and_unanswered_open_actions_are_found_oldest_first()
    {
        EnforcementAction Action(string merchant, ActionStatus status) =>
            new(0, ActionKind.TakedownListing, merchant, "L-1", status, new Basis { Notice = "N-1" }, At("2023-02-01T09:00:00Z"), null, 3);
        var (pending, sent, answered, confirmed) = Commit(tx => (tx.InsertAction(Action("M-1", ActionStatus.Pending)),
            tx.InsertAction(Action("M-2", ActionStatus.Sent)), tx.InsertAction(Action("M-3", ActionStatus.Sent)), tx.InsertAction(Action("M-4", ActionStatus.Confirmed))));
        Assert.Null(Read(tx => tx.GetDelivery(pending)));

        var retrying = new ActionDelivery(sent, "http://127.0.0.1:9/hook", 2, At("2023-02-01T09:00:00.000001Z"), At("2023-02-01T09:00:03Z"),
            503, "HTTP 503: busy — réessayer", At("2023-02-01T09:00:07.5Z"), null);
        var accepted = new ActionDelivery(answered, "http://127.0.0.1:9/hook", 1, At("2023-02-01T09:00:00Z"), At("2023-02-01T09:00:01Z"),
            202, null, null, At("2023-02-01T09:00:01Z"));
        Commit(tx =>
        {
            tx.UpsertDelivery(retrying);
            tx.UpsertDelivery(accepted);
        });
        Same(retrying, Read(tx => tx.GetDelivery(sent)));
        Same(accepted, Read(tx => tx.GetDelivery(answered)));

        var open = Read(tx => tx.UndeliveredActions(10));
        Assert.Equal([pending, sent], open.Select(p => p.Action.Id));
        Assert.Null(open[0].Delivery);
        Same(retrying, open[1].Delivery);
        Assert.Equal([pending], Read(tx => tx.UndeliveredActions(1)).Select(p => p.Action.Id));

        var updated = retrying with { Attempts = 3, LastStatus = null, LastError = "connection error", NextAttemptAt = null, AnsweredAt = At("2023-02-01T09:01:00Z") };
        Commit(tx => tx.UpsertDelivery(updated));
        Same(updated, Read(tx => tx.GetDelivery(sent)));
        Assert.Equal([pending], Read(tx => tx.UndeliveredActions(10)).Select(p => p.Action.Id));
        Assert.DoesNotContain(confirmed, Read(tx => tx.UndeliveredActions(10)).Select(p => p.Action.Id));
    }

    [SkippableFact]
    public void A_confirmation_signature_is_used_once()
    {
        var id = Commit(tx => tx.InsertAction(new EnforcementAction(0, ActionKind.HoldPayouts, "M-1", null, ActionStatus.Sent, new Basis(), At("2023-02-01T09:00:00Z"), null, 1)));
        Assert.True(Commit(tx => tx.UseSignature("ab12", id, At("2023-02-01T09:00:00Z"), At("2023-02-01T09:00:01Z"))));
        Assert.False(Commit(tx => tx.UseSignature("ab12", id, At("2023-02-01T09:00:00Z"), At("2023-02-01T09:00:02Z"))));
        Assert.True(Commit(tx => tx.UseSignature("cd34", id, At("2023-02-01T09:00:00Z"), At("2023-02-01T09:00:02Z"))));
        // Used in a transaction that rolled back: not used.
        using (var tx = Store.Begin()) Assert.True(tx.UseSignature("ef56", id, At("2023-02-01T09:00:00Z"), At("2023-02-01T09:00:03Z")));
        Assert.True(Commit(tx => tx.UseSignature("ef56", id, At("2023-02-01T09:00:00Z"), At("2023-02-01T09:00:04Z"))));
    }

    // ---- review ----------------------------------------------------------------------------

    [SkippableFact]
    public void Review_item_round_trips_with_json_evidence()
    {
        var evidence = new JsonObject
        {
            ["schedule_a"] = new JsonObject { ["no"] = 7, ["name"] = "Ünïcode “Store” 🧸", ["seller_id"] = null },
            ["candidates"] = new JsonArray("M-1", "M-2"),
            ["score"] = 0.875,
            ["big"] = 12345678901234,
            ["flags"] = new JsonArray(true, false, null),
            ["text"] = "line\nbreak \"quoted\" \\ backslash",
        };
        var item = new ReviewItem(0, ReviewKind.UnresolvedDefendant, ReviewStatus.Open, null, "L-1", "kt-pi", 7, evidence,
            At("2022-12-28T15:00:00.000001Z"));
        var empty = new ReviewItem(0, ReviewKind.ScreeningHit, ReviewStatus.Open, "M-3", null, null, null, [], At("2022-12-29T00:00:00Z"));

        var (id1, id2) = Commit(tx => (tx.InsertReviewItem(item), tx.InsertReviewItem(empty)));
        Assert.True(id2 > id1);
        var read = Read(tx => tx.GetReviewItem(id1))!;
        // Evidence is kept as canonical JSON: the same value, keys in ordinal order.
        Assert.Equal(Json.Canonical(evidence), Json.Canonical(read.Evidence));
        Assert.Equal(Json.Canonical(evidence), read.Evidence.ToJsonString(Json.Options));
        item = item with { Evidence = (JsonObject)JsonNode.Parse(Json.Canonical(evidence))! };
        Same(item with { Id = id1 }, read);
        Same(empty with { Id = id2 }, Read(tx => tx.GetReviewItem(id2)));
        Assert.Null(Read(tx => tx.GetReviewItem(id2 + 100)));

        var decided = item with
        {
            Id = id1, Status = ReviewStatus.Accepted, Merchant = "M-1", DecidedAt = At("2023-01-01T00:00:00.000009Z"),
            DecidedBy = "reviewer@platform.example", Reason = "same payout account",
        };
        Commit(tx => tx.UpdateReviewItem(decided));
        Same(decided, Read(tx => tx.GetReviewItem(id1)));

        Assert.Equal([id1, id2], Read(tx => tx.ReviewItems()).Select(i => i.Id));
        Assert.Equal([id2], Read(tx => tx.ReviewItems(ReviewStatus.Open)).Select(i => i.Id));
        Assert.Equal([id1], Read(tx => tx.ReviewItems(ReviewStatus.Accepted)).Select(i => i.Id));
        Assert.Equal([id1], Read(tx => tx.ReviewItemsOfMerchant("M-1")).Select(i => i.Id));
        Assert.Equal([id1], Read(tx => tx.ReviewItemsOfOrder("kt-pi")).Select(i => i.Id));
        Assert.Empty(Read(tx => tx.ReviewItemsOfOrder("kt-tro")));

        foreach (var kind in Enum.GetValues<ReviewKind>())
        {
            var id = Commit(tx => tx.InsertReviewItem(empty with { Kind = kind, Status = ReviewStatus.Moot }));
            var stored = Read(tx => tx.GetReviewItem(id))!;
            Assert.Equal((kind, ReviewStatus.Moot), (stored.Kind, stored.Status));
        }
    }

    // ---- knowledge -------------------------------------------------------------------------

    [SkippableFact]
    public void Knowledge_fact_opens_closes_and_answers_as_of_a_time()
    {
        var since = At("2022-12-28T15:00:00.000001Z");
        var until = At("2023-03-02T00:00:00.000002Z");
        var basis = Basis.OfOrder(new Order("kt-pi", OrderKind.PreliminaryInjunction, "22-CV-9384 (JMF)", null, null, null, since, null,
            null, null, [], false));
        var enjoinedKey = new FactKey(KnowledgeCode.EnjoinedDefendant, "M-1", null, "kt-pi");
        var noticedKey = new FactKey(KnowledgeCode.ListingNoticed, "M-1", "L-1", "N-1");
        var enjoined = new KnowledgeFact(0, KnowledgeCode.EnjoinedDefendant, "M-1", null, basis, since, null, enjoinedKey.ToString());
        var noticed = new KnowledgeFact(0, KnowledgeCode.ListingNoticed, "M-1", "L-1", new Basis { Notice = "N-1" },
            At("2022-12-01T00:00:00Z"), null, noticedKey.ToString());

        var (id1, id2) = Commit(tx => (tx.InsertFact(enjoined), tx.InsertFact(noticed)));
        Same(enjoined with { Id = id1 }, Read(tx => tx.OpenFact(enjoinedKey)));
        Same(noticed with { Id = id2 }, Read(tx => tx.OpenFact(noticedKey)));
        Assert.Null(Read(tx => tx.OpenFact(new FactKey(KnowledgeCode.Terminated, "no-such-merchant", null, null))));
        Assert.Equal([id1], Read(tx => tx.OpenFacts(KnowledgeCode.EnjoinedDefendant)).Select(f => f.Id));
        Assert.Empty(Read(tx => tx.OpenFacts(KnowledgeCode.RepeatInfringer)));

        Assert.True(Commit(tx => tx.CloseFact(enjoinedKey, until)));
        Assert.False(Commit(tx => tx.CloseFact(enjoinedKey, until.AddDays(1)))); // none open any more
        Assert.Null(Read(tx => tx.OpenFact(enjoinedKey)));
        Assert.Empty(Read(tx => tx.OpenFacts(KnowledgeCode.EnjoinedDefendant)));

        var closed = Read(tx => tx.FactsOfMerchant("M-1"));
        Assert.Equal([id2, id1], closed.Select(f => f.Id)); // by since
        Same(enjoined with { Id = id1, Until = until }, closed[1]);
        // As of a time: [since, until), to the microsecond.
        var interval = closed[1].Interval;
        Assert.False(interval.Contains(since.AddTicks(-10)));
        Assert.True(interval.Contains(since));
        Assert.True(interval.Contains(until.AddTicks(-10)));
        Assert.False(interval.Contains(until));
        Assert.True(closed[0].Interval.Contains(DateTimeOffset.MaxValue));

        Assert.Equal([id2], Read(tx => tx.FactsOfListing("L-1")).Select(f => f.Id));
        Assert.Empty(Read(tx => tx.FactsOfListing("L-2")));

        // The same key opens again later as a new fact.
        var reopened = enjoined with { Since = until.AddDays(10) };
        var id3 = Commit(tx => tx.InsertFact(reopened));
        Same(reopened with { Id = id3 }, Read(tx => tx.OpenFact(enjoinedKey)));
        Assert.Equal([id2, id1, id3], Read(tx => tx.FactsOfMerchant("M-1")).Select(f => f.Id));
    }

    // ---- strikes ---------------------------------------------------------------------------

    [SkippableFact]
    public void Strikes_round_trip_in_issue_order()
    {
        var later = new Strike(0, "M-1", StrikeSource.Notice, "N-2", At("2023-02-02T00:00:00.000002Z"), At("2024-02-02T00:00:00.000002Z"), null);
        var earlier = new Strike(0, "M-1", StrikeSource.Order, "kt-pi", At("2023-02-01T00:00:00.000001Z"), At("2024-02-01T00:00:00Z"),
            At("2023-03-01T12:00:00.999999Z"));
        var (idLater, idEarlier) = Commit(tx =>
        {
            var a = tx.InsertStrike(later);
            var b = tx.InsertStrike(earlier);
            tx.InsertStrike(later with { Merchant = "M-2" });
            return (a, b);
        });
        Same(new[] { earlier with { Id = idEarlier }, later with { Id = idLater } }, Read(tx => tx.StrikesOf("M-1")));
        Assert.Single(Read(tx => tx.StrikesOf("M-2")));
        Assert.Empty(Read(tx => tx.StrikesOf("M-3")));
    }

    // ---- deadlines and clock ---------------------------------------------------------------

    [SkippableFact]
    public void Deadlines_come_due_in_order_and_fire_once()
    {
        var t = At("2023-01-01T00:00:00.000001Z");
        Commit(tx =>
        {
            tx.InsertDeadline(new Deadline(0, t.AddTicks(20), DeadlineKind.StrikeExpiry, "strike:2"));
            tx.InsertDeadline(new Deadline(0, t, DeadlineKind.OrderService, "kt-pi"));
            tx.InsertDeadline(new Deadline(0, t.AddTicks(10), DeadlineKind.OrderExpiry, "kt-tro"));
            tx.InsertDeadline(new Deadline(0, At("2099-01-01T00:00:00Z"), DeadlineKind.StrikeExpiry, "strike:9"));
        });

        Assert.Null(Read(tx => tx.NextDue(t.AddTicks(-10))));
        var first = Read(tx => tx.NextDue(t))!;
        Assert.Equal((t, DeadlineKind.OrderService, "kt-pi"), (first.Due, first.Kind, first.Subject));
        Assert.Equal(first, Read(tx => tx.NextDue(DateTimeOffset.MaxValue)));

        Commit(tx => tx.MarkFired(first.Id, t));
        Assert.Null(Read(tx => tx.NextDue(t)));
        var second = Read(tx => tx.NextDue(t.AddTicks(10)))!;
        Assert.Equal((t.AddTicks(10), DeadlineKind.OrderExpiry, "kt-tro"), (second.Due, second.Kind, second.Subject));

        Commit(tx =>
        {
            tx.MarkFired(second.Id, t.AddTicks(10));
            tx.MarkFired(0, t); // no such deadline: nothing happens
        });
        var third = Read(tx => tx.NextDue(At("2050-01-01T00:00:00Z")))!;
        Assert.Equal((t.AddTicks(20), "strike:2"), (third.Due, third.Subject));
        Commit(tx => tx.MarkFired(third.Id, t.AddTicks(20)));
        Assert.Null(Read(tx => tx.NextDue(At("2050-01-01T00:00:00Z"))));
        Assert.Equal("strike:9", Read(tx => tx.NextDue(DateTimeOffset.MaxValue))?.Subject);
    }

    [SkippableFact]
    public void Clock_round_trips_to_the_microsecond()
    {
        Assert.Null(Read(tx => tx.Clock));
        Commit(tx => tx.SetClock(At("2022-12-28T15:00:00.000001Z")));
        Assert.Equal(At("2022-12-28T15:00:00.000001Z"), Read(tx => tx.Clock));
        Commit(tx => tx.SetClock(At("2023-01-01T00:00:00Z")));
        Assert.Equal(At("2023-01-01T00:00:00Z"), Read(tx => tx.Clock));
        Assert.Equal(TimeSpan.Zero, Read(tx => tx.Clock)!.Value.Offset);
    }

    // ---- times -----------------------------------------------------------------------------

    [SkippableFact]
    public void Times_come_back_in_utc_to_the_microsecond_on_both_databases()
    {
        var instants = new[]
        {
            At("2022-12-28T15:00:00.123456Z"),
            At("1999-12-31T23:59:59.999999Z"),
            At("1970-01-01T00:00:00.000001Z"),
            At("2038-01-19T03:14:08.000001Z"),
            new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(2)).AddTicks(1_234_560), // not UTC going in
        };
        var ids = Commit(tx => instants.Select((at, i) =>
            tx.InsertStrike(new Strike(0, "M-1", StrikeSource.Notice, $"N-{i}", at, at.AddTicks(10), at))).ToList());
        var strikes = Read(tx => tx.StrikesOf("M-1")).ToDictionary(s => s.Id);
        for (var i = 0; i < instants.Length; i++)
        {
            var s = strikes[ids[i]];
            Assert.Equal(instants[i], s.Issued);
            Assert.Equal(instants[i].UtcTicks, s.Issued.UtcTicks);
            Assert.Equal(instants[i].AddTicks(10), s.Expires);
            Assert.Equal(instants[i], s.WithdrawnAt);
            Assert.Equal(TimeSpan.Zero, s.Issued.Offset);
        }
    }

    [SkippableFact]
    public void Times_finer_than_a_microsecond_are_cut_alike_on_both_databases()
    {
        // .NET counts 100 ns ticks, the databases microseconds: both keep the microsecond the
        // time falls in (as EventTime.Normalize does), before and after 2000 alike.
        var instants = new[] { At("2022-12-28T15:00:00.1234567Z"), At("1999-12-31T23:59:59.9999995Z"), At("1969-07-20T20:17:40.0000001Z") };
        var ids = Commit(tx => instants.Select((at, i) =>
            tx.InsertStrike(new Strike(0, "M-1", StrikeSource.Notice, $"N-{i}", at, at, null))).ToList());
        var strikes = Read(tx => tx.StrikesOf("M-1")).ToDictionary(s => s.Id);
        for (var i = 0; i < instants.Length; i++)
            Assert.Equal(EventTime.Normalize(instants[i]), strikes[ids[i]].Issued);
    }

    // ---- promotions and exposures ----------------------------------------------------------

    [SkippableFact]
    public void Promotion_records_and_exposures_round_trip()
    {
        var at = EventTime.Parse("2023-02-03T10:00:00.123456Z");
        var promotion = new Promotion("P-1", global::Enjoin.Gate.Surface.PromoEmail, "M-1001", "L-7", at, "counsel@kellytoys.example");
        var reasons = new[]
        {
            new global::Enjoin.Gate.GateReason(KnowledgeCode.EnjoinedDefendant, new Basis { Order = "kt-pi", Case = "22-CV-9384 (JMF)", Kind = OrderKind.PreliminaryInjunction, Clause = "1(a)", Defendant = 3 }, EventTime.Parse("2022-11-22T15:00:00Z")),
            new global::Enjoin.Gate.GateReason(KnowledgeCode.ListingNoticed, new Basis { Notice = "N-1" }, EventTime.Parse("2023-02-01T09:00:00Z")),
        };
        var id = Commit(tx =>
        {
            tx.InsertPromotion(promotion, PromotionRecord.Canonical(promotion));
            tx.InsertPromotion(promotion with { Id = "P-2", Merchant = "M-1002", Listing = null, Audience = null }, "{}");
            return tx.InsertExposure(new Exposure(0, "P-1", promotion.Surface, "M-1001", "L-7", at, reasons, 42));
        });

        Assert.Equal(new Dictionary<string, string> { ["P-1"] = PromotionRecord.Canonical(promotion), ["P-2"] = "{}" },
            Read(tx => tx.PromotionRecords(["P-1", "P-2", "P-3"])));
        var stored = Assert.Single(Read(tx => tx.Exposures()));
        Assert.Equal((id, "P-1", global::Enjoin.Gate.Surface.PromoEmail, "M-1001", "L-7", at, 42L),
            (stored.Id, stored.Promotion, stored.Surface, stored.Merchant, stored.Listing, stored.At, stored.Seq));
        Assert.Equal(reasons, stored.Reasons);
        Assert.Single(Read(tx => tx.Exposures("M-1001")));
        Assert.Empty(Read(tx => tx.Exposures("M-1002")));
        Assert.Equal("P-1", Assert.Single(Read(tx => tx.ExposuresOfPromotions(["P-1", "P-2"]))).Promotion);
    }
}
