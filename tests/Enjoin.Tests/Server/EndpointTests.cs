using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enjoin.Accounts;
using static Enjoin.Tests.Server.ServerFixture;

namespace Enjoin.Tests.Server;

/// <summary>
/// Every endpoint of DESIGN §5.6 through the HTTP pipeline, on a real database: a counterfeit
/// seller's case from the marketplace's first records to the ledger check, with the fixed JSON keys
/// of §5.3. Runs on SQLite and PostgreSQL (<see cref="SqliteEndpointTests"/>, <see cref="PostgresEndpointTests"/>).
/// </summary>
public abstract class EndpointTests(ServerFixture server) : IDisposable
{
    protected ServerFixture Server { get; } = server;

    public void Dispose()
    {
        Server.Dispose();
        GC.SuppressFinalize(this);
    }

    [SkippableFact]
    public async Task Health_and_the_OpenAPI_document_answer_without_credentials()
    {
        var anonymous = Server.Anonymous();

        var health = await Expect(await anonymous.GetAsync("/healthz"), HttpStatusCode.OK);
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(Server.LedgerLength, health.GetProperty("ledger_head").GetInt64());

        var openApi = await Expect(await anonymous.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);
        var paths = Keys(openApi.GetProperty("paths"));
        foreach (var path in new[]
                 {
                     "/api/v1/session", "/api/v1/orders", "/api/v1/orders/{id}", "/api/v1/merchants", "/api/v1/listings",
                     "/api/v1/notices", "/api/v1/notices/{id}", "/api/v1/counter-notices", "/api/v1/merchants/{id}/knowledge",
                     "/api/v1/gate/check", "/api/v1/gate/check-batch", "/api/v1/review", "/api/v1/review/{id}/decision",
                     "/api/v1/actions", "/api/v1/actions/{id}/confirm", "/api/v1/audit/verify", "/api/v1/notifiers",
                 })
            Assert.Contains(path, paths);
    }

    [SkippableFact]
    public async Task A_person_signs_in_sees_who_they_are_and_signs_out()
    {
        var password = Server.AddUser("rh-kelly", Role.RightsHolder, Marketplace.KellyToys);
        var client = Server.Anonymous();

        var refused = await ExpectProblem(await client.PostAsJsonAsync("/api/v1/session", new { name = "rh-kelly", password = "not the password" }), HttpStatusCode.Unauthorized);
        var unknownName = await ExpectProblem(await client.PostAsJsonAsync("/api/v1/session", new { name = "rh-nobody", password = "not the password" }), HttpStatusCode.Unauthorized);
        Assert.Equal(refused.GetProperty("detail").GetString(), unknownName.GetProperty("detail").GetString());
        await Expect(await client.GetAsync("/api/v1/session"), HttpStatusCode.Unauthorized);

        var signedIn = await Expect(await client.PostAsJsonAsync("/api/v1/session", new { name = "rh-kelly", password }), HttpStatusCode.OK);
        HasKeys(signedIn, "name", "owner", "role");
        Assert.Equal("rights_holder", signedIn.GetProperty("role").GetString());
        Assert.Equal(Marketplace.KellyToys, signedIn.GetProperty("owner").GetString());

        var me = await Expect(await client.GetAsync("/api/v1/session"), HttpStatusCode.OK);
        Assert.Equal("rh-kelly", me.GetProperty("name").GetString());

        await Expect(await client.DeleteAsync("/api/v1/session"), HttpStatusCode.NoContent);
        await Expect(await client.GetAsync("/api/v1/session"), HttpStatusCode.Unauthorized);

        var missing = await ExpectProblem(await client.PostAsJsonAsync("/api/v1/session", new { name = "rh-kelly" }), HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("password", out _));
    }

    [SkippableFact]
    public async Task A_counterfeit_sellers_case_runs_end_to_end_over_HTTP()
    {
        var marketplace = Server.WithKey(Role.Marketplace);
        var legal = await Server.As(Role.Legal);
        var reviewer = await Server.As(Role.Reviewer);
        var auditor = Server.WithKey(Role.Auditor, header: true);
        var kelly = Server.WithKey(Role.RightsHolder, Marketplace.KellyToys);

        // The marketplace streams its merchants (NDJSON) and listings (a JSON array); a bad line is refused on its own.
        var merchants = await Expect(await marketplace.PostAsync("/api/v1/merchants", JsonBody(Marketplace.Merchants())), HttpStatusCode.OK);
        HasKeys(merchants, "accepted", "actions", "read", "rejected");
        Assert.Equal(3, merchants.GetProperty("accepted").GetInt32());

        var listings = await Expect(await marketplace.PostAsync("/api/v1/listings", JsonBody(Marketplace.Listings())), HttpStatusCode.OK);
        Assert.Equal(4, listings.GetProperty("accepted").GetInt32());

        var partly = await Expect(await marketplace.PostAsync("/api/v1/listings",
            JsonBody(Marketplace.Listing("L-5", Marketplace.Honest, "Cushion cover").ToJsonString() + "\n{\"id\": \"L-6\", \"merchant\": 7}\n")), HttpStatusCode.OK);
        Assert.Equal(2, partly.GetProperty("read").GetInt32());
        Assert.Equal(1, partly.GetProperty("accepted").GetInt32());
        var rejectedLine = Assert.Single(partly.GetProperty("rejected").EnumerateArray().ToList());
        HasKeys(rejectedLine, "error", "line");
        Assert.Equal(2, rejectedLine.GetProperty("line").GetInt32());

        // Legal serves the preliminary injunction: one defendant resolves, one does not.
        var imported = await Expect(await legal.PostAsync("/api/v1/orders", JsonBody(Marketplace.Order().ToJsonString())), HttpStatusCode.Created);
        HasKeys(imported, "actions", "defendants", "order");
        Assert.Equal("kt-pi", imported.GetProperty("order").GetString());
        Assert.True(imported.GetProperty("actions").GetInt32() > 0);
        var defendants = imported.GetProperty("defendants").EnumerateArray().ToList();
        Assert.All(defendants, d => HasKeys(d, "merchants", "name", "no", "status"));
        Assert.Equal(["resolved", "unresolved"], defendants.Select(d => d.GetProperty("status").GetString()));
        Assert.Equal(Marketplace.Defendant, Assert.Single(defendants[0].GetProperty("merchants").EnumerateArray().ToList()).GetString());

        var orders = await Expect(await kelly.GetAsync("/api/v1/orders"), HttpStatusCode.OK);
        Assert.Equal("kt-pi", Assert.Single(orders.EnumerateArray().ToList()).GetProperty("id").GetString());
        var order = await Expect(await auditor.GetAsync("/api/v1/orders/kt-pi"), HttpStatusCode.OK);
        HasKeys(order, "clauses", "covers_aliases", "defendants", "marks", "order");
        Assert.Equal(["1(a)", "1(b)", "1(c)"], order.GetProperty("clauses").EnumerateArray().Select(c => c.GetProperty("ref").GetString()));
        Assert.All(order.GetProperty("clauses").EnumerateArray(), c => HasKeys(c, "kind", "ref", "since", "status"));
        await ExpectProblem(await auditor.GetAsync("/api/v1/orders/no-such-order"), HttpStatusCode.NotFound);

        // The gate denies the enjoined store on every surface, with the order as its reason, and allows the honest one.
        var denied = await Expect(await marketplace.PostAsJsonAsync("/api/v1/gate/check",
            new { surface = "sponsored_search", merchant = Marketplace.Defendant, listing = "L-1", at = "2023-01-11T00:00:00Z" }), HttpStatusCode.OK);
        HasKeys(denied, "allow", "at", "listing", "merchant", "reasons", "surface");
        Assert.False(denied.GetProperty("allow").GetBoolean());
        var reasons = denied.GetProperty("reasons").EnumerateArray().ToList();
        Assert.All(reasons, r => HasKeys(r, "basis", "code", "since"));
        Assert.Contains(reasons, r => r.GetProperty("code").GetString() == "enjoined_defendant");

        var beforeService = await Expect(await marketplace.PostAsJsonAsync("/api/v1/gate/check",
            new { surface = "sponsored_search", merchant = Marketplace.Defendant, at = "2023-01-05T00:00:00Z" }), HttpStatusCode.OK);
        Assert.True(beforeService.GetProperty("allow").GetBoolean());

        var batch = await Expect(await legal.PostAsync("/api/v1/gate/check-batch", JsonBody(
            "{\"surface\":\"promo_email\",\"merchant\":\"M-1001\",\"at\":\"2023-01-11T00:00:00Z\"}\n" +
            "{\"surface\":\"promo_email\",\"merchant\":\"M-2002\",\"listing\":\"L-2\",\"at\":\"2023-01-11T00:00:00Z\"}\n")), HttpStatusCode.OK);
        Assert.Equal([false, true], batch.EnumerateArray().Select(d => d.GetProperty("allow").GetBoolean()));
        var badBatch = await ExpectProblem(await legal.PostAsync("/api/v1/gate/check-batch", JsonBody(
            "[{\"surface\":\"promo_email\",\"merchant\":\"M-1001\"},{\"surface\":\"billboard\",\"merchant\":\"M-1001\"}]")), HttpStatusCode.BadRequest);
        Assert.Contains("[1].surface", Keys(badBatch.GetProperty("errors")));

        // What the platform knows, from when.
        var knowledge = await Expect(await reviewer.GetAsync($"/api/v1/merchants/{Marketplace.Defendant}/knowledge?at=2023-01-11T00:00:00Z"), HttpStatusCode.OK);
        HasKeys(knowledge, "at", "facts", "merchant");
        var facts = knowledge.GetProperty("facts").EnumerateArray().ToList();
        Assert.All(facts, f => HasKeys(f, "basis", "code", "listing", "since", "until"));
        Assert.Contains(facts, f => f.GetProperty("code").GetString() == "enjoined_defendant" && f.GetProperty("until").ValueKind == JsonValueKind.Null);
        var earlier = await Expect(await reviewer.GetAsync($"/api/v1/merchants/{Marketplace.Defendant}/knowledge?at=2023-01-05T00:00:00Z"), HttpStatusCode.OK);
        Assert.Empty(earlier.GetProperty("facts").EnumerateArray());
        await ExpectProblem(await reviewer.GetAsync("/api/v1/merchants/M-0/knowledge"), HttpStatusCode.NotFound);
        var badTime = await ExpectProblem(await reviewer.GetAsync($"/api/v1/merchants/{Marketplace.Defendant}/knowledge?at=yesterday"), HttpStatusCode.BadRequest);
        Assert.True(badTime.GetProperty("errors").TryGetProperty("at", out _));

        // The order's actions reach the marketplace, which confirms the takedown.
        var actions = await Expect(await marketplace.GetAsync("/api/v1/actions"), HttpStatusCode.OK);
        var all = actions.EnumerateArray().ToList();
        Assert.All(all, a => HasKeys(a, "at", "basis", "confirmed_at", "id", "kind", "listing", "merchant", "status"));
        var takedown = Assert.Single(all, a => a.GetProperty("kind").GetString() == "takedown_listing" && a.GetProperty("listing").GetString() == "L-1");
        Assert.Contains(all, a => a.GetProperty("kind").GetString() == "hold_payouts" && a.GetProperty("listing").ValueKind == JsonValueKind.Null);
        var open = takedown.GetProperty("status").GetString()!;
        Assert.Contains(open, new[] { "pending", "sent" });
        var id = takedown.GetProperty("id").GetInt64();

        var confirmed = await Expect(await marketplace.PostAsJsonAsync($"/api/v1/actions/{id}/confirm",
            new { status = "confirmed", reason = "listing removed", at = "2023-01-10T16:00:00Z" }), HttpStatusCode.OK);
        Assert.Equal("confirmed", confirmed.GetProperty("status").GetString());
        Assert.Equal("2023-01-10T16:00:00Z", confirmed.GetProperty("confirmed_at").GetString());
        var confirmedList = await Expect(await marketplace.GetAsync("/api/v1/actions?status=confirmed"), HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(confirmedList.EnumerateArray().ToList()).GetProperty("id").GetInt64());
        var again = await ExpectProblem(await marketplace.PostAsJsonAsync($"/api/v1/actions/{id}/confirm", new { status = "confirmed", at = "2023-01-10T17:00:00Z" }), HttpStatusCode.BadRequest);
        Assert.True(again.GetProperty("errors").TryGetProperty("id", out _));
        var badStatus = await ExpectProblem(await marketplace.GetAsync("/api/v1/actions?status=done"), HttpStatusCode.BadRequest);
        Assert.True(badStatus.GetProperty("errors").TryGetProperty("status", out _));

        // The review queue: the unresolved defendant for a reviewer, the storefront shut-down for legal only.
        var queue = await Expect(await reviewer.GetAsync("/api/v1/review?status=open"), HttpStatusCode.OK);
        var items = queue.EnumerateArray().ToList();
        Assert.All(items, i => HasKeys(i, "created", "defendant", "evidence", "id", "kind", "listing", "merchant", "order", "status"));
        var unresolved = Assert.Single(items, i => i.GetProperty("kind").GetString() == "unresolved_defendant");
        var storefront = Assert.Single(items, i => i.GetProperty("kind").GetString() == "disable_storefront");

        await ExpectProblem(await reviewer.PostAsJsonAsync($"/api/v1/review/{storefront.GetProperty("id").GetInt64()}/decision",
            new { decision = "accept", reason = "the order says so" }), HttpStatusCode.Forbidden);
        var shutDown = await Expect(await legal.PostAsJsonAsync($"/api/v1/review/{storefront.GetProperty("id").GetInt64()}/decision",
            new { decision = "reject", reason = "1(c) reaches beyond the defendants (Kelly Toys, Feb. 2024)", at = "2023-01-12T00:00:00Z" }), HttpStatusCode.OK);
        Assert.Equal("rejected", shutDown.GetProperty("status").GetString());

        var badDecision = await ExpectProblem(await reviewer.PostAsJsonAsync($"/api/v1/review/{unresolved.GetProperty("id").GetInt64()}/decision",
            new { decision = "maybe", reason = "?" }), HttpStatusCode.BadRequest);
        Assert.True(badDecision.GetProperty("errors").TryGetProperty("decision", out _));
        var resolved = await Expect(await reviewer.PostAsJsonAsync($"/api/v1/review/{unresolved.GetProperty("id").GetInt64()}/decision",
            new { decision = "accept", reason = "same payout account as the Schedule A store", merchant = Marketplace.Noticed, at = "2023-01-12T00:00:00Z" }), HttpStatusCode.OK);
        Assert.Equal("accepted", resolved.GetProperty("status").GetString());
        await ExpectProblem(await reviewer.PostAsJsonAsync("/api/v1/review/999999/decision", new { decision = "reject", reason = "no" }), HttpStatusCode.NotFound);
        var afterReview = await Expect(await reviewer.GetAsync("/api/v1/review?status=open"), HttpStatusCode.OK);
        Assert.DoesNotContain(afterReview.EnumerateArray(), i => i.GetProperty("id").GetInt64() == unresolved.GetProperty("id").GetInt64());

        // The rights holder's notice: a receipt proving when it arrived, the unknown listing reported back.
        var submitted = await Expect(await kelly.PostAsync("/api/v1/notices",
            JsonBody(Marketplace.Notice("N-1", ["L-2", "L-404"], at: "2023-02-01T09:00:00Z").ToJsonString())), HttpStatusCode.Created);
        var receipt = Assert.Single(submitted.GetProperty("receipts").EnumerateArray().ToList());
        HasKeys(receipt, "accepted", "notice", "received", "rejected", "sequence", "strikes");
        Assert.Equal(["L-2"], receipt.GetProperty("accepted").EnumerateArray().Select(l => l.GetString()));
        var unknown = Assert.Single(receipt.GetProperty("rejected").EnumerateArray().ToList());
        HasKeys(unknown, "listing", "reason");
        Assert.Equal("L-404", unknown.GetProperty("listing").GetString());
        var strike = Assert.Single(receipt.GetProperty("strikes").EnumerateArray().ToList());
        HasKeys(strike, "merchant", "strike");
        Assert.Equal(Marketplace.Honest, strike.GetProperty("merchant").GetString());
        Assert.True(receipt.GetProperty("sequence").GetInt64() > 0);

        var invalid = await ExpectProblem(await kelly.PostAsync("/api/v1/notices",
            JsonBody(Marketplace.Notice("N-2", ["L-4"]).ToJsonString().Replace("\"good_faith\":true", "\"good_faith\":false", StringComparison.Ordinal))), HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("good_faith", out _));

        var notices = await Expect(await kelly.GetAsync("/api/v1/notices"), HttpStatusCode.OK);
        Assert.Equal("N-1", Assert.Single(notices.EnumerateArray().ToList()).GetProperty("notice").GetString());

        // The merchant answers through the marketplace with a counter-notice.
        var countered = await Expect(await marketplace.PostAsync("/api/v1/counter-notices",
            JsonBody(Marketplace.CounterNotice("C-1", "N-1", "L-2", Marketplace.Honest, at: "2023-02-03T10:00:00Z").ToJsonString())), HttpStatusCode.Created);
        var result = Assert.Single(countered.GetProperty("results").EnumerateArray().ToList());
        Assert.Equal("C-1", result.GetProperty("id").GetString());
        Assert.NotEqual(JsonValueKind.Null, result.GetProperty("restore_at").ValueKind);

        var notice = await Expect(await kelly.GetAsync("/api/v1/notices/N-1"), HttpStatusCode.OK);
        HasKeys(notice, "counter_notices", "notice", "receipt");
        Assert.Equal("N-1", notice.GetProperty("receipt").GetProperty("notice").GetString());
        Assert.Equal(receipt.GetProperty("sequence").GetInt64(), notice.GetProperty("receipt").GetProperty("sequence").GetInt64());
        Assert.Equal("C-1", Assert.Single(notice.GetProperty("counter_notices").EnumerateArray().ToList()).GetProperty("id").GetString());

        // The rights holder reports suit filed on its own notice.
        await Expect(await kelly.PostAsync("/api/v1/counter-notices", JsonBody(Marketplace.SuitFiled("S-1", "N-1").ToJsonString())), HttpStatusCode.Created);

        var notifiers = await Expect(await reviewer.GetAsync("/api/v1/notifiers"), HttpStatusCode.OK);
        Assert.Contains(notifiers.EnumerateArray(), n => n.GetProperty("name").GetString() == Marketplace.KellyToys);

        // Everything above is in one unbroken ledger.
        var verified = await Expect(await auditor.GetAsync("/api/v1/audit/verify"), HttpStatusCode.OK);
        HasKeys(verified, "first_bad_seq", "ok", "reason", "rows");
        Assert.True(verified.GetProperty("ok").GetBoolean());
        Assert.Equal(Server.LedgerLength, verified.GetProperty("rows").GetInt64());
    }

    [SkippableFact]
    public async Task The_ledger_check_over_HTTP_names_the_first_rewritten_row()
    {
        var marketplace = Server.WithKey(Role.Marketplace);
        await Expect(await marketplace.PostAsync("/api/v1/merchants", JsonBody(Marketplace.Merchants())), HttpStatusCode.OK);
        var auditor = Server.WithKey(Role.Auditor);
        Assert.True((await Expect(await auditor.GetAsync("/api/v1/audit/verify"), HttpStatusCode.OK)).GetProperty("ok").GetBoolean());

        var victim = Server.Database.Rows("SELECT seq FROM ledger WHERE kind = 'api_key_created' ORDER BY seq").Select(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)).Last();
        Server.Database.AllowLedgerChanges();
        Server.Database.Execute("UPDATE ledger SET actor = 'someone-else' WHERE seq = @s", ("@s", victim));

        var verified = await Expect(await auditor.GetAsync("/api/v1/audit/verify"), HttpStatusCode.OK);
        Assert.False(verified.GetProperty("ok").GetBoolean());
        Assert.Equal(victim, verified.GetProperty("first_bad_seq").GetInt64());
    }
}

public sealed class SqliteEndpointTests() : EndpointTests(ServerFixture.Sqlite());

public sealed class PostgresEndpointTests() : EndpointTests(ServerFixture.Postgres());
