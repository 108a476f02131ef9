using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enjoin.Accounts;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Knowledge;
using Enjoin.Ledger;
using Enjoin.Listings;
using Enjoin.Server;
using Enjoin.Server.Hosting;
using Enjoin.Server.Security;
using Enjoin.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Enjoin.Tests.Server;

/// <summary>
/// The webhook adapter (issue 4, item 4) end to end: the server host runs in-process (test server,
/// scheduler off, dispatcher polling fast) and delivers to a real Kestrel listener on a loopback port.
/// A valid notice issues a takedown of L-1; the listener plays the marketplace.
/// </summary>
public sealed class WebhookTests : IAsyncLifetime
{
    const string Secret = "whsec-test-7f3a9c";

    readonly string _dir = Directory.CreateTempSubdirectory("enjoin-webhook-").FullName;
    readonly List<IAsyncDisposable> _running = [];

    string Db => Path.Combine(_dir, "enjoin.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_running)) await item.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    static readonly WebhookDelivery Fast = new()
    {
        MaxAttempts = 6, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(40),
        AttemptTimeout = TimeSpan.FromSeconds(5), PollInterval = TimeSpan.FromMilliseconds(20),
    };

    // ---- the two ends ----------------------------------------------------------------------

    async Task<WebhookReceiver> Receiver(WebhookReceiver.Answer answer)
    {
        var receiver = await WebhookReceiver.Start(answer);
        _running.Add(receiver);
        return receiver;
    }

    sealed class Enjoin(WebApplication app, HttpClient client) : IAsyncDisposable
    {
        public WebApplication App => app;
        public HttpClient Client => client;
        public EngineHost Host => app.Services.GetRequiredService<EngineHost>();
        public T Use<T>(Func<EnjoinEngine, T> work) => Host.Use(work);
        bool _stopped;

        public async Task Stop()
        {
            if (_stopped) return;
            _stopped = true;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await app.StopAsync(timeout.Token);
            client.Dispose();
            await app.DisposeAsync();
        }

        public ValueTask DisposeAsync() => new(Stop());
    }

    async Task<Enjoin> Start(Uri webhook, WebhookDelivery? delivery = null, Policy? policy = null)
    {
        var options = new ServerOptions
        {
            Db = Db, Scheduler = false, WebhookUrl = webhook, WebhookSecret = Secret,
            Delivery = delivery ?? Fast, Policy = policy ?? Policy.Default,
        };
        var app = EnjoinServer.Build(options, b => b.WebHost.UseTestServer());
        await app.StartAsync();
        var client = app.GetTestClient();
        var enjoin = new Enjoin(app, client);
        _running.Add(enjoin);
        var (_, key) = enjoin.Use(engine => Credentials.CreateKey(engine, Role.Marketplace, null, "test"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return enjoin;
    }

    readonly DateTimeOffset Noticed = EventTime.Normalize(DateTimeOffset.UtcNow.AddSeconds(-30));

    /// <summary>M-1 lists L-1; a valid notice names it: one takedown is issued, pending under the webhook adapter.</summary>
    long IssueTakedown(Enjoin enjoin) => enjoin.Use(engine =>
    {
        var before = EventTime.Format(Noticed.AddMinutes(-1));
        Assert.Empty(engine.IngestMerchants("merchants.jsonl",
            [new InputLine(1, new JsonObject { ["id"] = "M-1", ["store_name"] = "19885566 Store", ["at"] = before }.ToJsonString())]).Rejected);
        Assert.Empty(engine.IngestListings("listings.jsonl",
            [new InputLine(1, new JsonObject { ["id"] = "L-1", ["merchant"] = "M-1", ["title"] = "Squishmallows plush 8in", ["status"] = "active", ["at"] = before }.ToJsonString())]).Rejected);
        var submission = engine.SubmitNotices("notice.json", NoticeJson.Of("N-1", EventTime.Format(Noticed), ["L-1"]).ToJsonString());
        Assert.Empty(submission.Errors);
        return engine.Actions().Single(a => a.Kind == ActionKind.TakedownListing && a.Listing == "L-1").Id;
    });

    static ActionView ActionOf(Enjoin enjoin, long id) => enjoin.Use(engine => engine.Actions().Single(a => a.Id == id));

    static List<LedgerEntry> Ledger(Enjoin enjoin, string kind) =>
        enjoin.Use(engine => engine.Read(store => store.ReadLedger().Where(e => e.Kind == kind).ToList()));

    static async Task Eventually(Func<bool> condition, string what, double seconds = 10)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"timed out waiting for: {what}");
            await Task.Delay(15);
        }
    }

    static Task StatusIs(Enjoin enjoin, long id, ActionStatus status) =>
        Eventually(() => ActionOf(enjoin, id).Status == status, $"action {id} {Words<ActionStatus>.Of(status)} (is {Words<ActionStatus>.Of(ActionOf(enjoin, id).Status)})");

    static async Task<JsonElement> Get(Enjoin enjoin, string path)
    {
        using var response = await enjoin.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>HMAC-SHA256 over "t.body", computed here without the product's code.</summary>
    static string Hmac(string secret, long t, string body) =>
        Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"))).ToLowerInvariant();

    static string SignatureHeader(string secret, string body, DateTimeOffset? at = null)
    {
        var t = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        return $"t={t},v1={Hmac(secret, t, body)}";
    }

    static async Task<HttpResponseMessage> PostConfirmation(Enjoin enjoin, long id, string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/actions/{id}/confirm")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (signature is not null) request.Headers.Add("Enjoin-Signature", signature);
        return await enjoin.Client.SendAsync(request);
    }

    // ---- delivery --------------------------------------------------------------------------

    [Fact]
    public async Task Retries_with_backoff_until_the_marketplace_answers_then_confirms()
    {
        var receiver = await Receiver((r, _) => Task.FromResult(r.N <= 2 ? (503, """{"error":"busy"}""") : WebhookReceiver.Confirmed));
        var enjoin = await Start(receiver.Url);
        var id = IssueTakedown(enjoin);

        await StatusIs(enjoin, id, ActionStatus.Confirmed);

        Assert.Equal(3, receiver.Requests.Count);
        Assert.All(receiver.Requests, r => Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), r.IdempotencyKey));
        Assert.Single(receiver.Requests.Select(r => r.Body).Distinct());
        Assert.Equal(ListingStatus.Removed, enjoin.Use(e => e.Read(s => s.GetListing("L-1")))!.Status);
        var delivery = await Get(enjoin, $"/api/v1/actions/{id}/delivery");
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal("confirmed", delivery.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("last_error").ValueKind);
        Assert.Equal(200, delivery.GetProperty("last_status").GetInt32());

        Assert.Single(Ledger(enjoin, "action_sent"));
        var attempts = Ledger(enjoin, "action_delivery_attempt");
        Assert.Equal(3, attempts.Count);
        Assert.Contains("HTTP 503", attempts[0].Payload);
        Assert.Contains("\"outcome\":\"retry\"", attempts[1].Payload);
        Assert.Contains("\"outcome\":\"confirmed\"", attempts[2].Payload);
        Assert.Single(Ledger(enjoin, "action_confirmed"));
        // Sent before the first attempt, confirmed after the last.
        var sent = Ledger(enjoin, "action_sent")[0].Seq;
        Assert.True(sent < attempts[0].Seq && attempts[2].Seq < Ledger(enjoin, "action_confirmed")[0].Seq);
    }

    [Fact]
    public async Task Redelivery_keeps_the_idempotency_key_and_the_action_is_confirmed_once()
    {
        var processed = new HashSet<string>();
        // The marketplace takes the first request down but answers too late (the attempt times out);
        // the redelivery carries the same key, and the marketplace answers from what it already did.
        var receiver = await Receiver(async (r, aborted) =>
        {
            bool first;
            lock (processed) first = processed.Add(r.IdempotencyKey!);
            if (!first) return WebhookReceiver.Confirmed;
            await Task.Delay(TimeSpan.FromSeconds(2), aborted);
            return WebhookReceiver.Confirmed;
        });
        var enjoin = await Start(receiver.Url, Fast with { AttemptTimeout = TimeSpan.FromMilliseconds(300) });
        var id = IssueTakedown(enjoin);

        await StatusIs(enjoin, id, ActionStatus.Confirmed);

        Assert.Equal(2, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.IdempotencyKey).Distinct());
        Assert.Single(processed);
        Assert.Single(Ledger(enjoin, "action_confirmed"));
        Assert.Contains("no answer within 0.3 s", Ledger(enjoin, "action_delivery_attempt")[0].Payload);

        // The marketplace confirming it again (signed, fresh) changes nothing.
        var body = $$"""{"action":{{id}},"status":"confirmed"}""";
        using var again = await PostConfirmation(enjoin, id, body, SignatureHeader(Secret, body));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Single(Ledger(enjoin, "action_confirmed"));
        await Task.Delay(100);
        Assert.Equal(2, receiver.Requests.Count);
    }

    [Fact]
    public async Task Fails_after_the_retry_budget_stays_visible_and_the_listing_becomes_active_despite_notice()
    {
        var receiver = await Receiver((_, _) => Task.FromResult((500, """{"error":"boom: database down"}""")));
        var policy = Policy.Default with { TakedownSla = TimeSpan.FromMinutes(1) };
        var enjoin = await Start(receiver.Url, Fast with { MaxAttempts = 3 }, policy);
        var id = IssueTakedown(enjoin);

        await StatusIs(enjoin, id, ActionStatus.Failed);
        await Task.Delay(100);
        Assert.Equal(3, receiver.Requests.Count);

        var failed = await Get(enjoin, "/api/v1/actions?status=failed");
        Assert.Equal(id, Assert.Single(failed.EnumerateArray()).GetProperty("id").GetInt64());
        var delivery = await Get(enjoin, $"/api/v1/actions/{id}/delivery");
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(500, delivery.GetProperty("last_status").GetInt32());
        var lastError = delivery.GetProperty("last_error").GetString()!;
        Assert.Contains("gave up after 3 attempts", lastError);
        Assert.Contains("HTTP 500", lastError);
        Assert.Contains("boom: database down", lastError);
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("next_attempt_at").ValueKind);
        Assert.Contains("gave up after 3 attempts", Assert.Single(Ledger(enjoin, "action_failed")).Payload);

        // The failed takedown left L-1 up: once the SLA passes in event time, it is active despite notice.
        Assert.Equal(ListingStatus.Active, enjoin.Use(e => e.Read(s => s.GetListing("L-1")))!.Status);
        enjoin.Use(engine => engine.Advance(Noticed.AddMinutes(2)));
        var fact = Assert.Single(enjoin.Use(engine => engine.Knowledge("M-1")).Facts, f => f.Code == KnowledgeCode.ActiveDespiteNotice);
        Assert.Equal("L-1", fact.Listing);
        Assert.Equal(Noticed.AddMinutes(1), fact.Since);
        Assert.Null(fact.Until);
    }

    [Fact]
    public async Task Deliveries_are_signed_and_an_accepted_action_waits_for_the_marketplace_to_confirm()
    {
        var receiver = await Receiver((_, _) => Task.FromResult(WebhookReceiver.Accepted));
        var enjoin = await Start(receiver.Url);
        var id = IssueTakedown(enjoin);

        await Eventually(() => enjoin.Use(e => e.Delivery(id))?.AnsweredAt is not null, "delivery answered");
        await Task.Delay(150);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(ActionStatus.Sent, ActionOf(enjoin, id).Status);

        // The receiver checks the signature with the shared secret, over "t.body", and that it is fresh.
        Assert.Equal("application/json", request.ContentType);
        var parts = request.Signature!.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var t = long.Parse(parts["t"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Hmac(Secret, t, request.Body), parts["v1"]);
        Assert.NotEqual(Hmac("another secret", t, request.Body), parts["v1"]);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - t, 0, 300);

        // The body: DESIGN §5.3 action keys plus cause_seq.
        var action = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(["at", "basis", "cause_seq", "confirmed_at", "id", "kind", "listing", "merchant", "status"],
            action.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(id, action.GetProperty("id").GetInt64());
        Assert.Equal("takedown_listing", action.GetProperty("kind").GetString());
        Assert.Equal("M-1", action.GetProperty("merchant").GetString());
        Assert.Equal("L-1", action.GetProperty("listing").GetString());
        Assert.Equal("sent", action.GetProperty("status").GetString());
        Assert.Equal("N-1", action.GetProperty("basis").GetProperty("notice").GetString());
        var cause = action.GetProperty("cause_seq").GetInt64();
        Assert.Contains(enjoin.Use(e => e.Read(s => s.ReadLedger().ToList())), e => e.Seq == cause && e.Kind.StartsWith("notice", StringComparison.Ordinal));

        // The marketplace confirms, signed: now it is confirmed and L-1 is down.
        var body = $$"""{"action":{{id}},"status":"confirmed"}""";
        using var response = await PostConfirmation(enjoin, id, body, SignatureHeader(Secret, body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ActionStatus.Confirmed, ActionOf(enjoin, id).Status);
        Assert.Equal(ListingStatus.Removed, enjoin.Use(e => e.Read(s => s.GetListing("L-1")))!.Status);
    }

    [Fact]
    public async Task A_4xx_answer_fails_the_action_at_once()
    {
        var receiver = await Receiver((_, _) => Task.FromResult((422, """{"error":"unknown listing L-1"}""")));
        var enjoin = await Start(receiver.Url);
        var id = IssueTakedown(enjoin);

        await StatusIs(enjoin, id, ActionStatus.Failed);
        await Task.Delay(100);
        Assert.Single(receiver.Requests);
        var delivery = await Get(enjoin, $"/api/v1/actions/{id}/delivery");
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(422, delivery.GetProperty("last_status").GetInt32());
        Assert.Contains("HTTP 422", delivery.GetProperty("last_error").GetString());
        Assert.Contains("unknown listing L-1", Assert.Single(Ledger(enjoin, "action_failed")).Payload);
    }

    [Fact]
    public async Task No_action_is_lost_when_the_server_stops_mid_delivery()
    {
        var firstArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiver = await Receiver(async (r, aborted) =>
        {
            if (r.N > 1) return WebhookReceiver.Confirmed;
            firstArrived.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, aborted);   // hangs until the server goes away
            return WebhookReceiver.Confirmed;
        });
        var first = await Start(receiver.Url, Fast with { AttemptTimeout = TimeSpan.FromMinutes(1) });
        var id = IssueTakedown(first);
        await firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ActionStatus.Sent, ActionOf(first, id).Status);

        await first.Stop();

        var second = await Start(receiver.Url);
        await StatusIs(second, id, ActionStatus.Confirmed);

        Assert.Equal(2, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.IdempotencyKey).Distinct());
        Assert.Single(Ledger(second, "action_sent"));
        Assert.Single(Ledger(second, "action_confirmed"));
        Assert.Equal(1, (await Get(second, $"/api/v1/actions/{id}/delivery")).GetProperty("attempts").GetInt32());
        Assert.Null(second.Use(e => e.VerifyLedger()).Fault);
    }

    // ---- inbound confirmations -------------------------------------------------------------

    [Fact]
    public async Task Forged_stale_and_replayed_confirmations_are_refused_and_recorded()
    {
        var receiver = await Receiver((_, _) => Task.FromResult(WebhookReceiver.Accepted));
        var enjoin = await Start(receiver.Url);
        var id = IssueTakedown(enjoin);
        await Eventually(() => enjoin.Use(e => e.Delivery(id))?.AnsweredAt is not null, "delivery answered");

        var body = $$"""{"action":{{id}},"status":"confirmed"}""";
        async Task Refused(string? signature, HttpStatusCode status, string because, string? text = null)
        {
            using var response = await PostConfirmation(enjoin, id, text ?? body, signature);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(because, await response.Content.ReadAsStringAsync());
            Assert.Equal(ActionStatus.Sent, ActionOf(enjoin, id).Status);
        }

        await Refused(SignatureHeader("not the shared secret", body), HttpStatusCode.Unauthorized, "does not match");
        await Refused(null, HttpStatusCode.Unauthorized, "no Enjoin-Signature header");
        await Refused(SignatureHeader(Secret, body, DateTimeOffset.UtcNow.AddMinutes(-6)), HttpStatusCode.Unauthorized, "more than 5 minutes");
        var otherBody = $$"""{"action":{{id + 1}},"status":"confirmed"}""";
        await Refused(SignatureHeader(Secret, otherBody), HttpStatusCode.Unauthorized, $"for action {id + 1}", otherBody);
        // A signature over another body does not cover this one.
        await Refused(SignatureHeader(Secret, """{"status":"failed"}"""), HttpStatusCode.Unauthorized, "does not match");

        var signature = SignatureHeader(Secret, body);
        using (var ok = await PostConfirmation(enjoin, id, body, signature)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(ActionStatus.Confirmed, ActionOf(enjoin, id).Status);

        using (var replay = await PostConfirmation(enjoin, id, body, signature))
        {
            Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
            Assert.Contains("replayed", await replay.Content.ReadAsStringAsync());
        }

        var refused = Ledger(enjoin, "confirmation_refused");
        Assert.Equal(6, refused.Count);
        Assert.All(refused, e => Assert.Contains($"\"action\":{id}", e.Payload));
        Assert.Contains("replayed", refused[^1].Payload);
        Assert.Single(Ledger(enjoin, "action_confirmed"));
        // Each refusal is recorded once (not also as a plain denied request).
        Assert.Empty(Ledger(enjoin, "request_denied"));
    }
}
