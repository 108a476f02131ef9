using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Enjoin.Accounts;
using Enjoin.Common;
using Enjoin.Gate;
using Enjoin.Knowledge;
using Enjoin.Server;
using Enjoin.Server.Hosting;
using Enjoin.Server.Security;
using Enjoin.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Enjoin.Tests.Gate;

/// <summary>DESIGN §5.6: POST /gate/check and /gate/check-batch answer now from the snapshot, earlier from the intervals; GET /gate/snapshot.</summary>
public sealed class GateHttpTests
{
    sealed class Server : IAsyncDisposable
    {
        readonly WebApplication _app;
        public HttpClient Client { get; }
        public IServiceProvider Services => _app.Services;

        Server(WebApplication app, HttpClient client)
        {
            _app = app;
            Client = client;
        }

        public static async Task<Server> Start(History history, Role role)
        {
            var (_, key) = Credentials.CreateKey(history.Engine, role, role == Role.RightsHolder ? "Kelly Toys Holdings, LLC" : null, "test");
            var app = EnjoinServer.Build(new ServerOptions { Db = history.DbPath, Scheduler = false }, b => b.WebHost.UseTestServer());
            await app.StartAsync();
            var client = app.GetTestClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return new Server(app, client);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    static History Scenario()
    {
        var h = History.Create();
        h.Merchant("M-1", name: "Store 1", at: "2023-01-01T00:00:00Z").Merchant("M-2", name: "Store 2", at: "2023-01-01T00:00:00Z")
         .Listing("L-1", "M-1", "Plush pillow", "2023-01-01T00:00:00Z").Listing("L-2", "M-2", "Plush pillow", "2023-01-01T00:00:00Z");
        h.Order(OrderJson.Tro("kt-tro", "2023-01-02T15:00:00Z", [new Def(1, "Store 1", "M-1")], "cease_infringement"));
        return h;
    }

    static async Task<JsonElement> Check(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/api/v1/gate/check", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Checks_now_come_from_the_snapshot_and_follow_a_change_by_another_process_within_a_second()
    {
        using var h = Scenario();
        await using var server = await Server.Start(h, Role.Marketplace);

        var denied = await Check(server.Client, """{"surface":"sponsored_search","merchant":"M-1"}""");
        Assert.False(denied.GetProperty("allow").GetBoolean());
        Assert.Equal("enjoined_defendant", denied.GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Equal("kt-tro", denied.GetProperty("reasons")[0].GetProperty("basis").GetProperty("order").GetString());
        Assert.True((await Check(server.Client, """{"surface":"promo_email","merchant":"M-2","listing":"L-2"}""")).GetProperty("allow").GetBoolean());

        // Another connection — as a CLI import would — notices L-2; the server's gate follows within 1 s.
        h.Notice("N-1", "2023-01-03T00:00:00Z", ["L-2"]);
        var watch = Stopwatch.StartNew();
        JsonElement after;
        do after = await Check(server.Client, """{"surface":"promo_email","merchant":"M-2","listing":"L-2"}""");
        while (after.GetProperty("allow").GetBoolean() && watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.False(after.GetProperty("allow").GetBoolean());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"took {watch.Elapsed}");
        Assert.Equal("listing_noticed", after.GetProperty("reasons")[0].GetProperty("code").GetString());

        // Before the notice: the intervals answer, as of that time.
        var earlier = await Check(server.Client, """{"surface":"promo_email","merchant":"M-2","listing":"L-2","at":"2023-01-02T00:00:00Z"}""");
        Assert.True(earlier.GetProperty("allow").GetBoolean());

        // A batch mixes both and answers in order, as the engine would.
        var batch = """
            {"surface":"offsite_ad","merchant":"M-1","at":"2023-01-01T00:00:00Z"}
            {"surface":"offsite_ad","merchant":"M-1"}
            {"surface":"offsite_ad","merchant":"M-2","listing":"L-2"}
            {"surface":"offsite_ad","merchant":"M-2","listing":"L-2","at":"2023-01-02T23:00:00Z"}
            {"surface":"offsite_ad","merchant":"M-2","listing":"L-2","at":"2030-01-01T00:00:00Z"}
            """;
        using var response = await server.Client.PostAsync("/api/v1/gate/check-batch", new StringContent(batch, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answers = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal([true, false, false, true, false], answers.EnumerateArray().Select(a => a.GetProperty("allow").GetBoolean()));
        var lines = batch.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var c = JsonDocument.Parse(lines[i]).RootElement;
            var at = c.TryGetProperty("at", out var a) ? EventTime.Parse(a.GetString()!) : (DateTimeOffset?)null;
            var expected = h.Engine.CheckGate(Surface.OffsiteAd, c.GetProperty("merchant").GetString()!, c.TryGetProperty("listing", out var l) ? l.GetString() : null, at);
            Assert.Equal(expected.Allow, answers[i].GetProperty("allow").GetBoolean());
            Assert.Equal(expected.Reasons.Count, answers[i].GetProperty("reasons").GetArrayLength());
        }
    }

    [Fact]
    public async Task The_snapshot_file_is_served_with_an_etag_and_304_when_unchanged()
    {
        using var h = Scenario();
        await using var server = await Server.Start(h, Role.Marketplace);

        using var first = await server.Client.GetAsync("/api/v1/gate/snapshot");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        var file = GateSnapshotFile.Load(await first.Content.ReadAsByteArrayAsync());
        Assert.False(file.Allows(Surface.SponsoredSearch, "M-1"));
        Assert.True(file.Allows(Surface.SponsoredSearch, "M-2", "L-2"));

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/gate/snapshot");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await server.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        h.Notice("N-1", "2023-01-03T00:00:00Z", ["L-2"]);
        var watch = Stopwatch.StartNew();
        HttpResponseMessage changed;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/gate/snapshot");
            request.Headers.IfNoneMatch.Add(etag);
            changed = await server.Client.SendAsync(request);
            if (changed.StatusCode != HttpStatusCode.NotModified || watch.Elapsed > TimeSpan.FromSeconds(5)) break;
            changed.Dispose();
            await Task.Delay(50);
        }
        using (changed)
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.NotEqual(etag, changed.Headers.ETag);
            var next = GateSnapshotFile.Load(await changed.Content.ReadAsByteArrayAsync());
            Assert.False(next.Allows(Surface.SponsoredSearch, "M-2", "L-2"));
            Assert.True(next.Sequence > file.Sequence);
        }
    }

    [Fact]
    public async Task A_marketplace_system_s_denials_now_are_counted_as_promotions_suppressed_per_merchant_surface_and_day()
    {
        using var h = Scenario();
        await using var server = await Server.Start(h, Role.Marketplace);
        var before = h.LedgerLength;

        for (var i = 0; i < 3; i++) await Check(server.Client, """{"surface":"sponsored_search","merchant":"M-1"}""");
        await Check(server.Client, """{"surface":"sponsored_search","merchant":"M-2"}""");                            // allowed: not counted
        await Check(server.Client, """{"surface":"sponsored_search","merchant":"M-1","at":"2023-01-03T00:00:00Z"}"""); // a question about the past
        using (var batch = await server.Client.PostAsync("/api/v1/gate/check-batch", new StringContent(
                   "{\"surface\":\"promo_email\",\"merchant\":\"M-1\"}\n{\"surface\":\"sponsored_search\",\"merchant\":\"M-1\"}\n{\"surface\":\"promo_email\",\"merchant\":\"M-2\"}",
                   Encoding.UTF8, "application/x-ndjson")))
            Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        server.Services.GetRequiredService<SuppressionRecorder>().Flush();

        var counts = h.Engine.Suppressions();
        Assert.Equal(2, counts.Count);
        Assert.All(counts, c => Assert.Equal("M-1", c.Merchant));
        Assert.Equal(4, counts.Single(c => c.Surface == Surface.SponsoredSearch).Count);
        Assert.Equal(1, counts.Single(c => c.Surface == Surface.PromoEmail).Count);
        Assert.Single(h.Ledger(), e => e.Seq > before && e.Kind == "promotions_suppressed");

        // Drained: a second flush adds nothing and records nothing.
        var length = h.LedgerLength;
        server.Services.GetRequiredService<SuppressionRecorder>().Flush();
        Assert.Equal(length, h.LedgerLength);
    }

    [Fact]
    public async Task An_auditor_asking_the_gate_suppresses_no_promotion()
    {
        using var h = Scenario();
        await using var server = await Server.Start(h, Role.Auditor);
        var denied = await Check(server.Client, """{"surface":"sponsored_search","merchant":"M-1"}""");
        Assert.False(denied.GetProperty("allow").GetBoolean());
        server.Services.GetRequiredService<SuppressionRecorder>().Flush();
        Assert.Empty(h.Engine.Suppressions());
    }

    [Fact]
    public async Task Counting_from_many_threads_while_draining_loses_and_doubles_nothing()
    {
        var counter = new SuppressionCounter();
        var at = EventTime.Parse("2023-01-05T10:00:00Z");
        var denied = new GateDecision(false, Surface.OffsiteAd, "M-1", null, at, []);
        var allowed = denied with { Allow = true };
        long drained = 0;
        var counting = Task.Run(() => Parallel.For(0, 200_000, i => counter.Count(i % 4 == 0 ? allowed : denied)));
        while (!counting.IsCompleted) drained += counter.Drain().Sum(c => c.Count);
        await counting;
        drained += counter.Drain().Sum(c => c.Count);
        Assert.Equal(150_000, drained);
        Assert.Empty(counter.Drain());
    }

    [Fact]
    public async Task Every_shape_of_batch_line_is_answered_as_the_same_single_check_is()
    {
        using var h = Scenario();
        await using var server = await Server.Start(h, Role.Marketplace);
        string[] lines =
        [
            """{"surface":"offsite_ad","merchant":"M-1"}""",
            """{"merchant":" M-1 ","surface":"offsite_ad","note":"unknown fields are ignored"}""",
            """{"surface":"offsite_ad","merchant":"M\u002d1"}""",
            """{"surface":"offsite_ad","merchant":"M-2","listing":"L-2","extra":{"nested":[1,2]}}""",
            """{"surface":"offsite_ad","merchant":"M-2","listing":null}""",
            """{"surface":"offsite_ad","merchant":"M-1","at":"2023-01-01T00:00:00Z"}""",
            """  {"surface":"premium_status","merchant":"M-1"}  """,
        ];
        using var response = await server.Client.PostAsync("/api/v1/gate/check-batch", new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answers = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(lines.Length, answers.GetArrayLength());
        for (var i = 0; i < lines.Length; i++)
        {
            // Against the engine asked directly (not another HTTP answer, which reads its body the same way).
            var c = JsonDocument.Parse(lines[i]).RootElement;
            var listing = c.TryGetProperty("listing", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
            var at = c.TryGetProperty("at", out var a) ? EventTime.Parse(a.GetString()!) : (DateTimeOffset?)null;
            var expected = h.Engine.CheckGate(Words<Surface>.Parse(c.GetProperty("surface").GetString()!), c.GetProperty("merchant").GetString()!.Trim(), listing, at);
            Assert.Equal(expected.Allow, answers[i].GetProperty("allow").GetBoolean());
            Assert.Equal(expected.Merchant, answers[i].GetProperty("merchant").GetString());
            Assert.Equal(expected.Listing, answers[i].GetProperty("listing").GetString());
            Assert.Equal(expected.Reasons.Select(r => Words<KnowledgeCode>.Of(r.Code)), answers[i].GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
            Assert.Equal((await Check(server.Client, lines[i])).GetRawText(), answers[i].GetRawText());
        }
        Assert.False(answers[2].GetProperty("allow").GetBoolean());
        Assert.Equal("M-1", answers[1].GetProperty("merchant").GetString());

        // A bad line is refused naming its line and field, whichever reader met it first.
        using var bad = await server.Client.PostAsync("/api/v1/gate/check-batch", new StringContent(
            "{\"surface\":\"offsite_ad\",\"merchant\":\"M-1\"}\n{\"surface\":\"billboard\",\"merchant\":\"M-1\"}", Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("line 2", problem.GetProperty("detail").GetString());
        Assert.Contains("surface", problem.GetProperty("detail").GetString());
    }

    // The fast lane answers keys on the two exact paths; the same path with a trailing slash goes through routing,
    // authentication and authorization to the endpoint. Both must answer every question, good or bad, alike.
    [Theory]
    [InlineData("/api/v1/gate/check", """{"surface":"offsite_ad","merchant":"M-1"}""")]
    [InlineData("/api/v1/gate/check", """{"surface":"offsite_ad","merchant":"M-2","listing":"L-2"}""")]
    [InlineData("/api/v1/gate/check", """{"surface":"offsite_ad","merchant":"M-1","at":"2023-01-01T00:00:00Z"}""")]
    [InlineData("/api/v1/gate/check", """{"surface":"billboard","merchant":"M-1"}""")]
    [InlineData("/api/v1/gate/check", """{"surface":"offsite_ad"}""")]
    [InlineData("/api/v1/gate/check", "not json")]
    [InlineData("/api/v1/gate/check", "")]
    [InlineData("/api/v1/gate/check-batch", "{\"surface\":\"offsite_ad\",\"merchant\":\"M-1\"}\n{\"surface\":\"promo_email\",\"merchant\":\"M-2\"}")]
    [InlineData("/api/v1/gate/check-batch", """[{"surface":"offsite_ad","merchant":"M-1"},{"surface":"offsite_ad","merchant":""}]""")]
    [InlineData("/api/v1/gate/check-batch", "")]
    public async Task The_fast_lane_answers_as_the_endpoint_does(string path, string body)
    {
        using var h = Scenario();
        await using var server = await Server.Start(h, Role.Marketplace);
        async Task<(HttpStatusCode, string)> Ask(string at)
        {
            using var response = await server.Client.PostAsync(at, new StringContent(body, Encoding.UTF8, "application/json"));
            // A problem names its request's trace, which differs by request.
            var answer = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync());
            if (answer is System.Text.Json.Nodes.JsonObject problem) problem.Remove("traceId");
            return (response.StatusCode, answer!.ToJsonString());
        }
        var (fastStatus, fast) = await Ask(path);
        var (routedStatus, routed) = await Ask(path + "/");
        Assert.Equal(routedStatus, fastStatus);
        Assert.Equal(routed, fast);
    }

    [Fact]
    public async Task A_key_the_gate_policy_refuses_is_refused_and_recorded_on_the_fast_lane_s_path()
    {
        using var h = Scenario();
        await using var server = await Server.Start(h, Role.RightsHolder);
        var before = h.LedgerLength;
        using var response = await server.Client.PostAsync("/api/v1/gate/check", new StringContent("""{"surface":"offsite_ad","merchant":"M-1"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Single(h.Ledger(), e => e.Seq > before && e.Kind == "request_denied");

        // A key that is not one: 401, recorded too.
        server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ek_000000000000_not-a-secret");
        using var unknown = await server.Client.PostAsync("/api/v1/gate/check-batch", new StringContent("""{"surface":"offsite_ad","merchant":"M-1"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(2, h.Ledger().Count(e => e.Seq > before && e.Kind == "request_denied"));
    }

    [Fact]
    public async Task The_fast_lane_refuses_a_body_that_is_not_utf8_or_too_large()
    {
        using var h = Scenario();
        await using var server = await Server.Start(h, Role.Marketplace);
        using var invalid = await server.Client.PostAsync("/api/v1/gate/check", new ByteArrayContent([(byte)'{', 0xff, 0xfe, (byte)'}']));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("UTF-8", await invalid.Content.ReadAsStringAsync());
        using var large = await server.Client.PostAsync("/api/v1/gate/check-batch", new ByteArrayContent(new byte[EnjoinServer.MaxBodyBytes + 1]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
    }

    [Fact]
    public async Task A_rights_holder_may_not_download_the_snapshot()
    {
        using var h = Scenario();
        await using var server = await Server.Start(h, Role.RightsHolder);
        using var response = await server.Client.GetAsync("/api/v1/gate/snapshot");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
