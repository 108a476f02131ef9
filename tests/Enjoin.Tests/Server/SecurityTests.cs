extern alias server;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enjoin.Accounts;
using static Enjoin.Tests.Server.ServerFixture;

namespace Enjoin.Tests.Server;

/// <summary>
/// Issue 4's security suite: nobody gets in without credentials, each role (DESIGN §2) is refused
/// what it may not do, a rights holder cannot reach another's notices and orders even by guessing
/// ids, credentials are never stored in clear, and every sign-in and refusal is in the ledger.
/// </summary>
public abstract class SecurityTests(ServerFixture server) : IDisposable
{
    protected ServerFixture Server { get; } = server;

    public void Dispose()
    {
        Server.Dispose();
        GC.SuppressFinalize(this);
    }

    const Role Admin = Role.Admin, Legal = Role.Legal, Reviewer = Role.Reviewer, RightsHolder = Role.RightsHolder,
        MarketplaceSystem = Role.Marketplace, Auditor = Role.Auditor;

    public sealed record Endpoint(string Method, string Path, string? Body, params Role[] Allowed)
    {
        public HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(new HttpMethod(Method), Path);
            if (Body is not null) request.Content = JsonBody(Body);
            return request;
        }

        public override string ToString() => $"{Method} {Path}";
    }

    /// <summary>
    /// Every /api/v1 endpoint but sign-in, with a harmless body, and the roles DESIGN §2 lets use it
    /// (admin may do everything). Written out here, not read from Policies.cs, so a policy that drifts fails.
    /// </summary>
    public static readonly Endpoint[] Api =
    [
        new("GET", "/api/v1/session", null, Legal, Reviewer, RightsHolder, MarketplaceSystem, Auditor),
        new("POST", "/api/v1/orders", "{}", Legal, RightsHolder),
        new("GET", "/api/v1/orders", null, Legal, Reviewer, RightsHolder, Auditor),
        new("GET", "/api/v1/orders/kt-pi", null, Legal, Reviewer, RightsHolder, Auditor),
        new("GET", "/api/v1/orders/kt-pi/report", null, Legal, Reviewer, RightsHolder, Auditor),
        new("POST", "/api/v1/merchants", "[]", MarketplaceSystem),
        new("POST", "/api/v1/listings", "[]", MarketplaceSystem),
        new("POST", "/api/v1/notices", "{}", Legal, RightsHolder),
        new("GET", "/api/v1/notices", null, Legal, Reviewer, RightsHolder, Auditor),
        new("GET", "/api/v1/notices/N-1", null, Legal, Reviewer, RightsHolder, Auditor),
        new("POST", "/api/v1/counter-notices", "[]", Legal, MarketplaceSystem, RightsHolder),
        new("GET", "/api/v1/merchants/M-1001/knowledge", null, Legal, Reviewer, MarketplaceSystem, Auditor),
        new("POST", "/api/v1/gate/check", "{}", Legal, Reviewer, MarketplaceSystem, Auditor),
        new("POST", "/api/v1/gate/check-batch", "[]", Legal, Reviewer, MarketplaceSystem, Auditor),
        new("GET", "/api/v1/review", null, Legal, Reviewer),
        new("POST", "/api/v1/review/999999/decision", "{\"decision\":\"reject\",\"reason\":\"matrix\"}", Legal, Reviewer),
        new("GET", "/api/v1/actions", null, Legal, Reviewer, MarketplaceSystem, Auditor),
        new("POST", "/api/v1/actions/999999/confirm", "{\"status\":\"confirmed\"}", MarketplaceSystem),
        new("GET", "/api/v1/audit/verify", null, Legal, Auditor),
        new("GET", "/api/v1/notifiers", null, Legal, Reviewer),
        new("DELETE", "/api/v1/session", null, Legal, Reviewer, RightsHolder, MarketplaceSystem, Auditor),
    ];

    [SkippableFact]
    public async Task No_api_endpoint_answers_without_credentials_and_each_refusal_is_recorded()
    {
        var anonymous = Server.Anonymous();
        var denied = Server.Ledger("request_denied").Count;
        foreach (var endpoint in Api)
            await ExpectProblem(await anonymous.SendAsync(endpoint.Request()), HttpStatusCode.Unauthorized);

        var recorded = Server.Ledger("request_denied").Skip(denied).ToList();
        Assert.Equal(Api.Length, recorded.Count);
        Assert.All(recorded, r => Assert.Equal("anonymous", r.Subject));
        Assert.Equal(Api.Select(e => $"{e.Method} {e.Path}"), recorded.Select(r =>
        {
            var payload = JsonDocument.Parse(r.Payload).RootElement;
            var data = payload.TryGetProperty("data", out var d) ? d : payload;
            return $"{data.GetProperty("method").GetString()} {data.GetProperty("path").GetString()}";
        }));

        // Only health, the OpenAPI document and sign-in itself answer a stranger.
        await Expect(await anonymous.GetAsync("/healthz"), HttpStatusCode.OK);
        await Expect(await anonymous.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);
        await ExpectProblem(await anonymous.PostAsJsonAsync("/api/v1/session", new { name = "nobody", password = "wrong-password-123" }), HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Each_role_is_refused_exactly_what_it_may_not_do()
    {
        var wrong = new List<string>();
        var refusals = 0;
        var before = Server.Ledger("request_denied").Count;
        foreach (var role in Enum.GetValues<Role>())
        {
            // Both ways in: people sign in; systems present keys; the rights holder both.
            foreach (var signIn in role == RightsHolder ? new[] { false, true } : [false])
            {
                var client = await Server.As(role, role == RightsHolder ? Marketplace.KellyToys : null, signIn);
                foreach (var endpoint in Api)
                {
                    var response = await client.SendAsync(endpoint.Request());
                    var allowed = role == Admin || endpoint.Allowed.Contains(role);
                    var status = (int)response.StatusCode;
                    if (allowed ? status is 401 or 403 or >= 500 : status != 403)
                        wrong.Add($"{role}{(signIn ? " (signed in)" : "")} {endpoint}: {status} {await response.Content.ReadAsStringAsync()}");
                    if (!allowed && status == 403)
                    {
                        refusals++;
                        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    }
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(refusals, Server.Ledger("request_denied").Count - before);
    }

    [SkippableFact]
    public async Task Storefront_shut_downs_are_decided_by_legal_not_by_a_reviewer()
    {
        var marketplace = Server.WithKey(MarketplaceSystem);
        await Expect(await marketplace.PostAsync("/api/v1/merchants", JsonBody(Marketplace.Merchants())), HttpStatusCode.OK);
        var legal = await Server.As(Legal);
        await Expect(await legal.PostAsync("/api/v1/orders", JsonBody(Marketplace.Order().ToJsonString())), HttpStatusCode.Created);
        var reviewer = await Server.As(Reviewer);
        var item = (await Expect(await reviewer.GetAsync("/api/v1/review?status=open"), HttpStatusCode.OK)).EnumerateArray()
            .Single(i => i.GetProperty("kind").GetString() == "disable_storefront").GetProperty("id").GetInt64();
        var ledger = Server.LedgerLength;

        await ExpectProblem(await reviewer.PostAsJsonAsync($"/api/v1/review/{item}/decision", new { decision = "accept", reason = "r" }), HttpStatusCode.Forbidden);
        Assert.Equal(ledger + 1, Server.LedgerLength); // the refusal, nothing else
        var open = await Expect(await reviewer.GetAsync("/api/v1/review?status=open"), HttpStatusCode.OK);
        Assert.Contains(open.EnumerateArray(), i => i.GetProperty("id").GetInt64() == item);

        await Expect(await legal.PostAsJsonAsync($"/api/v1/review/{item}/decision", new { decision = "accept", reason = "clause 1(c) stands" }), HttpStatusCode.OK);
    }

    // ---- one rights holder, another's records --------------------------------------------------

    /// <summary>Kelly Toys (API key) and Jazwares (signed in) each serve an order and submit a notice.</summary>
    async Task<(HttpClient Kelly, HttpClient Jazwares)> TwoRightsHolders()
    {
        var marketplace = Server.WithKey(MarketplaceSystem);
        await Expect(await marketplace.PostAsync("/api/v1/merchants", JsonBody(Marketplace.Merchants())), HttpStatusCode.OK);
        await Expect(await marketplace.PostAsync("/api/v1/listings", JsonBody(Marketplace.Listings())), HttpStatusCode.OK);

        var kelly = Server.WithKey(RightsHolder, Marketplace.KellyToys);
        var jazwares = await Server.As(RightsHolder, Marketplace.Jazwares, signIn: true);
        await Expect(await kelly.PostAsync("/api/v1/orders", JsonBody(Marketplace.Order().ToJsonString())), HttpStatusCode.Created);
        await Expect(await jazwares.PostAsync("/api/v1/orders",
            JsonBody(Marketplace.Order("jz-tro", Marketplace.Jazwares, kind: "temporary_restraining_order", seller: Marketplace.Noticed).ToJsonString())), HttpStatusCode.Created);
        await Expect(await kelly.PostAsync("/api/v1/notices", JsonBody(Marketplace.Notice("N-1", ["L-2"]).ToJsonString())), HttpStatusCode.Created);
        await Expect(await jazwares.PostAsync("/api/v1/notices", JsonBody(Marketplace.Notice("N-J", ["L-4"], Marketplace.Jazwares).ToJsonString())), HttpStatusCode.Created);
        return (kelly, jazwares);
    }

    static string[] Ids(JsonElement list, string key) => [.. list.EnumerateArray().Select(e => e.GetProperty(key).GetString()!)];

    [SkippableFact]
    public async Task A_rights_holder_lists_only_its_own_notices_and_orders()
    {
        var (kelly, jazwares) = await TwoRightsHolders();

        Assert.Equal(["kt-pi"], Ids(await Expect(await kelly.GetAsync("/api/v1/orders"), HttpStatusCode.OK), "id"));
        Assert.Equal(["jz-tro"], Ids(await Expect(await jazwares.GetAsync("/api/v1/orders"), HttpStatusCode.OK), "id"));
        Assert.Equal(["N-1"], Ids(await Expect(await kelly.GetAsync("/api/v1/notices"), HttpStatusCode.OK), "notice"));
        Assert.Equal(["N-J"], Ids(await Expect(await jazwares.GetAsync("/api/v1/notices"), HttpStatusCode.OK), "notice"));

        // Legal sees both.
        var legal = await Server.As(Legal);
        Assert.Equal(["jz-tro", "kt-pi"], Ids(await Expect(await legal.GetAsync("/api/v1/orders"), HttpStatusCode.OK), "id").Order(StringComparer.Ordinal));
        Assert.Equal(["N-1", "N-J"], Ids(await Expect(await legal.GetAsync("/api/v1/notices"), HttpStatusCode.OK), "notice").Order(StringComparer.Ordinal));
    }

    /// <summary>The answer with the asked id blanked out, so two answers can be compared whole.</summary>
    static async Task<string> Answer(HttpResponseMessage response, string id)
    {
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        problem.Remove("traceId"); // differs per request by design
        return $"{(int)response.StatusCode} {problem.ToJsonString().Replace(id, "<id>", StringComparison.Ordinal)}";
    }

    [SkippableFact]
    public async Task Another_rights_holders_notice_or_order_is_indistinguishable_from_one_that_does_not_exist()
    {
        var (kelly, _) = await TwoRightsHolders();

        var order = await kelly.GetAsync("/api/v1/orders/jz-tro");
        Assert.Equal(HttpStatusCode.NotFound, order.StatusCode);
        Assert.Equal(await Answer(await kelly.GetAsync("/api/v1/orders/zz-none"), "zz-none"), await Answer(order, "jz-tro"));

        var notice = await kelly.GetAsync("/api/v1/notices/N-J");
        Assert.Equal(HttpStatusCode.NotFound, notice.StatusCode);
        Assert.Equal(await Answer(await kelly.GetAsync("/api/v1/notices/N-none"), "N-none"), await Answer(notice, "N-J"));

        // Modifying or superseding another's order is answered as for an order that does not exist.
        Assert.Equal(
            await Answer(await kelly.PostAsync("/api/v1/orders", JsonBody(Marketplace.Modification("kt-mod", "zz-none").ToJsonString())), "zz-none"),
            await Answer(await kelly.PostAsync("/api/v1/orders", JsonBody(Marketplace.Modification("kt-mod", "jz-tro").ToJsonString())), "jz-tro"));
        Assert.Equal(
            await Answer(await kelly.PostAsync("/api/v1/orders", JsonBody(Marketplace.Order("kt-pi-2", supersedes: "zz-none").ToJsonString())), "zz-none"),
            await Answer(await kelly.PostAsync("/api/v1/orders", JsonBody(Marketplace.Order("kt-pi-2", supersedes: "jz-tro").ToJsonString())), "jz-tro"));

        // Reporting suit on another's notice is refused as on a notice that does not exist.
        Assert.Equal(
            await Answer(await kelly.PostAsync("/api/v1/counter-notices", JsonBody(Marketplace.SuitFiled("S-1", "N-none").ToJsonString())), "N-none"),
            await Answer(await kelly.PostAsync("/api/v1/counter-notices", JsonBody(Marketplace.SuitFiled("S-1", "N-J").ToJsonString())), "N-J"));

        // Jazwares' order is untouched: in force, no modification on record.
        var legal = await Server.As(Legal);
        var jz = await Expect(await legal.GetAsync("/api/v1/orders/jz-tro"), HttpStatusCode.OK);
        Assert.True(jz.GetProperty("order").GetProperty("in_force").GetBoolean());
        Assert.DoesNotContain("kt-mod", Ids(await Expect(await legal.GetAsync("/api/v1/orders"), HttpStatusCode.OK), "id"));
    }

    [SkippableFact]
    public async Task Resubmitting_another_rights_holders_id_neither_reveals_nor_takes_over_the_record()
    {
        var (kelly, jazwares) = await TwoRightsHolders();
        var theirs = Marketplace.Notice("N-J", ["L-4"], Marketplace.Jazwares).ToJsonString();
        var theirOrder = Marketplace.Order("jz-tro", Marketplace.Jazwares, kind: "temporary_restraining_order", seller: Marketplace.Noticed).ToJsonString();

        // The very same document, or another under the same id: one answer, no receipt, no ownership.
        var same = await kelly.PostAsync("/api/v1/notices", JsonBody(theirs));
        var different = await kelly.PostAsync("/api/v1/notices", JsonBody(Marketplace.Notice("N-J", ["L-3"]).ToJsonString()));
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        Assert.Equal(await Answer(different, "N-J"), await Answer(same, "N-J"));

        var sameOrder = await kelly.PostAsync("/api/v1/orders", JsonBody(theirOrder));
        var differentOrder = await kelly.PostAsync("/api/v1/orders", JsonBody(Marketplace.Order("jz-tro").ToJsonString()));
        Assert.Equal(HttpStatusCode.BadRequest, sameOrder.StatusCode);
        Assert.Equal(await Answer(differentOrder, "jz-tro"), await Answer(sameOrder, "jz-tro"));

        await ExpectProblem(await kelly.GetAsync("/api/v1/notices/N-J"), HttpStatusCode.NotFound);
        await ExpectProblem(await kelly.GetAsync("/api/v1/orders/jz-tro"), HttpStatusCode.NotFound);
        Assert.Equal(["N-J"], Ids(await Expect(await jazwares.GetAsync("/api/v1/notices"), HttpStatusCode.OK), "notice"));
        Assert.Equal(["jz-tro"], Ids(await Expect(await jazwares.GetAsync("/api/v1/orders"), HttpStatusCode.OK), "id"));

        // Its own notice, sent again, is still its own: the same receipt.
        var again = await Expect(await kelly.PostAsync("/api/v1/notices", JsonBody(Marketplace.Notice("N-1", ["L-2"]).ToJsonString())), HttpStatusCode.Created);
        Assert.Equal("N-1", Assert.Single(again.GetProperty("receipts").EnumerateArray().ToList()).GetProperty("notice").GetString());
    }

    [SkippableFact]
    public async Task A_rights_holder_cannot_reach_what_the_platform_knows_or_does_about_merchants()
    {
        var (kelly, _) = await TwoRightsHolders();
        await ExpectProblem(await kelly.GetAsync($"/api/v1/merchants/{Marketplace.Noticed}/knowledge"), HttpStatusCode.Forbidden);
        await ExpectProblem(await kelly.GetAsync("/api/v1/actions"), HttpStatusCode.Forbidden);
        await ExpectProblem(await kelly.GetAsync("/api/v1/review"), HttpStatusCode.Forbidden);
        await ExpectProblem(await kelly.PostAsync("/api/v1/gate/check", JsonBody(new { surface = "sponsored_search", merchant = Marketplace.Noticed })), HttpStatusCode.Forbidden);
        // Counter-notices come from merchants through the marketplace, not from a rights holder.
        await ExpectProblem(await kelly.PostAsync("/api/v1/counter-notices",
            JsonBody(Marketplace.CounterNotice("C-1", "N-J", "L-4", Marketplace.Noticed).ToJsonString())), HttpStatusCode.Forbidden);
    }

    // ---- keys and passwords ----------------------------------------------------------------------

    [SkippableFact]
    public async Task Forged_unknown_and_revoked_keys_are_refused()
    {
        var key = Server.CreateKey(MarketplaceSystem);
        await Expect(await Server.WithKeyText(key).GetAsync("/api/v1/actions"), HttpStatusCode.OK);
        await Expect(await Server.WithKeyText(key, header: true).GetAsync("/api/v1/actions"), HttpStatusCode.OK);

        var id = key.Split('_')[1];
        string[] refused =
        [
            key[..^2] + (key[^2..] == "AA" ? "BB" : "AA"),                 // the right id, a forged secret
            $"ek_{id}_",                                                    // the id alone
            "ek_000000000000_" + key.Split('_', 3)[2],                      // the secret under an unknown id
            "ek_nonsense", "not-a-key", key.ToUpperInvariant(),
        ];
        foreach (var text in refused)
        {
            await ExpectProblem(await Server.WithKeyText(text).GetAsync("/api/v1/actions"), HttpStatusCode.Unauthorized);
            await ExpectProblem(await Server.WithKeyText(text, header: true).GetAsync("/api/v1/actions"), HttpStatusCode.Unauthorized);
        }

        // Revoked behind the server's back (by hand, or by another node): refused once the server's memory of the key
        // has lapsed, which is at most a second.
        Server.Database.Execute("UPDATE api_keys SET revoked_at = @at WHERE id = @id", ("@at", Server.Database.TimeValue(DateTimeOffset.UtcNow)), ("@id", id));
        await Task.Delay(server::Enjoin.Server.Security.ApiKeyCache.Lifetime + TimeSpan.FromMilliseconds(100));
        await ExpectProblem(await Server.WithKeyText(key).GetAsync("/api/v1/actions"), HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Api_keys_and_passwords_are_not_stored_in_clear()
    {
        var keys = new[] { Server.CreateKey(MarketplaceSystem), Server.CreateKey(RightsHolder, Marketplace.KellyToys), Server.CreateKey(Auditor) };
        var password = Server.AddUser("legal-1", Legal);
        await Expect(await Server.WithKeyText(keys[0]).GetAsync("/api/v1/actions"), HttpStatusCode.OK);

        var stored = Server.Database.Rows("SELECT * FROM api_keys");
        Assert.Equal(keys.Length, stored.Count);
        var cells = stored.SelectMany(r => r).Select(c => Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToList();
        foreach (var key in keys)
        {
            var secret = key.Split('_', 3)[2];
            Assert.DoesNotContain(cells, c => c.Contains(secret, StringComparison.Ordinal) || c.Contains(key, StringComparison.Ordinal));
        }

        var hash = (string)Assert.Single(Server.Database.Rows("SELECT password_hash FROM users WHERE name = 'legal-1'"))[0]!;
        Assert.DoesNotContain(password, hash, StringComparison.Ordinal);
        Assert.True(hash.Length >= 40, "a salted hash, not a short transform");
        // Nor anywhere in the ledger.
        var ledger = Server.Database.Rows("SELECT payload FROM ledger").Select(r => (string)r[0]!).ToList();
        Assert.DoesNotContain(ledger, p => p.Contains(password, StringComparison.Ordinal) || keys.Any(k => p.Contains(k.Split('_', 3)[2], StringComparison.Ordinal)));
    }

    [SkippableFact]
    public async Task Sign_ins_failed_sign_ins_key_creation_and_denied_requests_are_in_the_ledger()
    {
        var password = Server.AddUser("reviewer-1", Reviewer);
        var key = Server.CreateKey(MarketplaceSystem);
        var client = Server.Anonymous();
        await ExpectProblem(await client.PostAsJsonAsync("/api/v1/session", new { name = "reviewer-1", password = "guessing-the-password" }), HttpStatusCode.Unauthorized);
        await Expect(await client.PostAsJsonAsync("/api/v1/session", new { name = "reviewer-1", password }), HttpStatusCode.OK);
        await ExpectProblem(await client.GetAsync("/api/v1/audit/verify"), HttpStatusCode.Forbidden);
        await ExpectProblem(await Server.WithKeyText(key).GetAsync("/api/v1/review"), HttpStatusCode.Forbidden);

        var failed = Assert.Single(Server.Ledger("sign_in_failed"));
        Assert.Equal("reviewer-1", failed.Subject);
        Assert.Equal("reviewer-1", Assert.Single(Server.Ledger("signed_in")).Subject);
        Assert.Equal(key.Split('_')[1], Assert.Single(Server.Ledger("api_key_created")).Subject);
        // The refused sign-in is also a refused request; the two refusals after sign-in follow it.
        var denied = Server.Ledger("request_denied").Where(d => !d.Payload.Contains("/api/v1/session", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, denied.Count);
        Assert.Equal("reviewer-1", denied[0].Subject);
        Assert.Contains("/api/v1/audit/verify", denied[0].Payload, StringComparison.Ordinal);
        Assert.Equal($"key:{key.Split('_')[1]}", denied[1].Subject);
        Assert.DoesNotContain(Server.Database.Rows("SELECT payload FROM ledger").Select(r => (string)r[0]!), p => p.Contains(password, StringComparison.Ordinal));
    }
}

public sealed class SqliteSecurityTests() : SecurityTests(ServerFixture.Sqlite());

public sealed class PostgresSecurityTests() : SecurityTests(ServerFixture.Postgres());
