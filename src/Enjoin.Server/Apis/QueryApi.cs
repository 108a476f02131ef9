using Enjoin.Accounts;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Gate;
using Enjoin.Server.Hosting;
using Enjoin.Server.Security;

namespace Enjoin.Server.Apis;

/// <summary>Knowledge, the gate, the action outbox, the ledger check.</summary>
public static class QueryApi
{
    public sealed record GateCheck(string? Surface, string? Merchant, string? Listing, string? At);

    /// <summary>A confirmation body: <c>{"status": "confirmed"|"failed", "reason", "at", "action"}</c>, all optional; <c>action</c>, when given, must be the action confirmed.</summary>
    public sealed record Confirmation(string? Status, string? Reason, string? At, long? Action);

    readonly record struct ConfirmationBody(bool Failed, string? Reason, DateTimeOffset? At, long? Action);

    static ConfirmationBody ReadConfirmation(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return new(false, null, null, null);
        using var document = Http.Parse(text);
        var json = document.RootElement;
        var read = new RecordReader("request body", _ => 0);
        if (json.ValueKind != JsonValueKind.Object)
            throw new InputRejectedException(new InputError("request body", 0, "(body)", "a confirmation is a JSON object {status, reason, at}"));
        var status = read.String(json, "status");
        var reason = read.String(json, "reason");
        var at = read.Time(json, "at", required: false);
        long? action = json.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.Number && a.TryGetInt64(out var n) ? n : null;
        if (json.TryGetProperty("action", out a) && a.ValueKind != JsonValueKind.Null && action is null) read.Error("action", "must be the action's id");
        var failed = status switch
        {
            null or "confirmed" => false,
            "failed" => true,
            _ => Fail(read),
        };
        return read.Ok ? new(failed, reason, at, action) : throw new InputRejectedException(read.Errors);

        static bool Fail(RecordReader read)
        {
            read.Error("status", "must be confirmed or failed");
            return false;
        }
    }

    static IResult Refused(int status, string reason) =>
        Results.Problem(statusCode: status, title: "Confirmation refused", detail: reason,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [WebhookSignature.Header] = [reason] } });

    public const int MaxBatch = 100_000;

    public static void MapQueryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/merchants/{id}/knowledge", (string id, string? at, EngineHost host) =>
        {
            var when = Http.At(at);
            return host.Use(engine => engine.MerchantExists(id))
                ? Http.Json(host.Use(engine => engine.Knowledge(id, when)))
                : Http.NotFound($"no merchant {id}");
        }).RequireAuthorization(Policies.Knowledge).WithName("Knowledge");

        // Most gate questions come by GateFastLane; these answer the rest (a signed-in person, a path written otherwise).
        app.MapPost("/api/v1/gate/check", async (HttpContext context, CancellationToken cancel) =>
                await AnswerCheck(context, await Http.Bytes(context.Request, cancel), AsksBeforePromoting(Caller.Of(context.User).Role)) ?? Results.Empty)
            .RequireAuthorization(Policies.Gate).WithName("GateCheck");

        app.MapGet("/api/v1/gate/suppressed", (string? merchant, EngineHost host) => Http.Json(host.Use(engine => engine.Suppressions(merchant))))
            .RequireAuthorization(Policies.Exposures).WithName("PromotionsSuppressed");

        app.MapGet("/api/v1/gate/snapshot", (HttpContext context, GateSnapshotHolder gate) =>
        {
            var snapshot = gate.Current;
            var file = snapshot.File;
            var response = context.Response;
            response.Headers.ETag = file.ETag;
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Enjoin-Ledger-Seq"] = snapshot.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (context.Request.Headers.IfNoneMatch.Any(tag => tag is not null && IfNoneMatch(tag, file.ETag)))
                return Results.StatusCode(StatusCodes.Status304NotModified);
            return Results.Bytes(file.Bytes, "application/vnd.enjoin.gate-snapshot", $"gate-{snapshot.Sequence}.snapshot");
        }).RequireAuthorization(Policies.Gate).WithName("GateSnapshot");

        app.MapPost("/api/v1/gate/check-batch", async (HttpContext context, CancellationToken cancel) =>
                await AnswerBatch(context, await Http.Bytes(context.Request, cancel), AsksBeforePromoting(Caller.Of(context.User).Role)) ?? Results.Empty)
            .RequireAuthorization(Policies.Gate).WithName("GateCheckBatch");

        app.MapGet("/api/v1/actions", (string? status, EngineHost host) =>
        {
            ActionStatus? filter = null;
            if (status is not null)
            {
                if (!Words<ActionStatus>.TryParse(status, out var parsed))
                    return Http.Problem([new InputError("query", 0, "status", $"'{status}' is not one of {string.Join(", ", Words<ActionStatus>.All)}")]);
                filter = parsed;
            }
            return Http.Json(host.Use(engine => engine.Actions(filter)));
        }).RequireAuthorization(Policies.Actions).WithName("ListActions");

        app.MapPost("/api/v1/actions/{id:long}/confirm", async (long id, HttpContext context, EngineHost host, ServerOptions options, CancellationToken cancel) =>
        {
            var text = await Http.Text(context.Request, cancel);
            var body = ReadConfirmation(text);
            var caller = Caller.Of(context.User);
            if (options.WebhookSecret is not { } secret)
                return Http.Json(host.Use(engine => engine.ConfirmAction(id, body.At, body.Failed, body.Reason, caller.Name)));

            // With a shared secret, a confirmation must be signed by the marketplace, fresh, and used once.
            var check = WebhookSignature.Verify(secret, context.Request.Headers[WebhookSignature.Header].ToString(), text, options.Clock.GetUtcNow());
            var refusal = check.Refusal;
            if (refusal is null && body.Action is { } named && named != id) refusal = $"the signed confirmation is for action {named}, not {id}";
            if (refusal is not null)
            {
                host.Use(engine => engine.RefuseConfirmation(id, refusal, caller.Name, new JsonObject
                {
                    ["signature"] = Words<SignatureVerdict>.Of(check.Verdict), ["remote"] = context.Connection.RemoteIpAddress?.ToString(),
                }));
                context.Items[EnjoinServer.AlreadyRecorded] = true;
                return Refused(StatusCodes.Status401Unauthorized, refusal);
            }
            var outcome = host.Use(engine => engine.ConfirmSignedAction(id, check.Signature!, DateTimeOffset.FromUnixTimeSeconds(check.Timestamp),
                body.At, body.Failed, body.Reason, caller.Name));
            return outcome.Action is { } done ? Http.Json(done) : Refused(StatusCodes.Status409Conflict, outcome.Refused!);
        }).RequireAuthorization(Policies.Ingest).Accepts<Confirmation>("application/json").WithName("ConfirmAction");

        app.MapGet("/api/v1/actions/{id:long}/delivery", (long id, EngineHost host) =>
            host.Use(engine => engine.Delivery(id)) is { } delivery ? Http.Json(delivery) : Http.NotFound($"no action {id}"))
            .RequireAuthorization(Policies.Actions).WithName("ActionDelivery");

        app.MapGet("/api/v1/exposures", (string? merchant, string? order, EngineHost host) =>
        {
            IReadOnlyList<Enjoin.Promotions.ExposureView> exposures;
            if (order is not null)
            {
                if (host.Use(engine => engine.ExposuresOfOrder(order)) is not { } ofOrder) return Http.NotFound($"no order {order}");
                exposures = ofOrder.Defendants.SelectMany(d => d.Exposures).DistinctBy(e => e.Promotion).OrderBy(e => e.At).ToList();
            }
            else exposures = host.Use(engine => engine.Exposures());
            if (merchant is not null) exposures = exposures.Where(e => e.Merchant == merchant).ToList();
            return Http.Json(exposures);
        }).RequireAuthorization(Policies.Exposures).WithName("ListExposures");

        app.MapGet("/api/v1/audit/verify", (EngineHost host) =>
        {
            var (fault, rows) = host.Use(engine => engine.VerifyLedger());
            return Http.Json(new { ok = fault is null, rows, first_bad_seq = fault?.Seq, reason = fault?.Reason });
        }).RequireAuthorization(Policies.Audit).WithName("AuditVerify");

        app.MapGet("/api/v1/notifiers", (EngineHost host) => Http.Json(host.Use(engine => engine.Notifiers())))
            .RequireAuthorization(Policies.Review).WithName("Notifiers");
    }

    /// <summary>RFC 9110 §13.1.2: a list of entity tags (weak comparison), or *.</summary>
    static bool IfNoneMatch(string header, string etag)
    {
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            if (part == "*" || part == etag || (part.StartsWith("W/", StringComparison.Ordinal) && part[2..] == etag)) return true;
        return false;
    }

    /// <summary>Only a marketplace system asks before it promotes: a person or an auditor asking suppresses nothing.</summary>
    internal static bool AsksBeforePromoting(Role role) => role == Role.Marketplace;

    /// <summary>
    /// One gate question, for a caller the gate policy allows. Now (no at): the snapshot, no lock and no database;
    /// earlier: the intervals in the database, as of that time (DESIGN §4.6). A marketplace system asks before it
    /// promotes, so its denials are promotions suppressed (counted, not logged). Null when answered; else the problem.
    /// </summary>
    internal static async Task<IResult?> AnswerCheck(HttpContext context, ReadOnlyMemory<byte> body, bool asksBeforePromoting)
    {
        if (!TryReadPlainCheck(body.Span, out var plain))
        {
            using var document = Http.Parse(body, 1);
            var (check, errors) = ReadCheck(document.RootElement, "");
            if (check is null) return Http.Problem(errors);
            plain = check.Value;
        }
        var (surface, merchant, listing, at) = plain;
        var services = context.RequestServices;
        var snapshot = services.GetRequiredService<GateSnapshotHolder>().Current;
        var decision = snapshot.Answers(at)
            ? snapshot.Decide(surface, merchant, listing, at)
            : services.GetRequiredService<EngineHost>().Use(engine => engine.CheckGate(surface, merchant, listing, at));
        if (at is null && asksBeforePromoting) services.GetRequiredService<SuppressionCounter>().Count(decision);
        await WriteDecisions(context.Response, [decision], array: false, context.RequestAborted);
        return null;
    }

    /// <summary>
    /// A batch of gate questions — an ad server's whole auction, up to <see cref="MaxBatch"/> — read as UTF-8 bytes
    /// and answered as a stream; all or nothing: one bad line and the answer is the problem naming its line.
    /// </summary>
    internal static async Task<IResult?> AnswerBatch(HttpContext context, ReadOnlyMemory<byte> body, bool asksBeforePromoting)
    {
        var records = Http.Records(body);
        if (records.Count > MaxBatch) return Http.Problem([new InputError("request body", 0, "(body)", $"at most {MaxBatch} checks a request")]);
        var checks = new List<(Surface Surface, string Merchant, string? Listing, DateTimeOffset? At)>(records.Count);
        var errors = new List<InputError>();
        foreach (var (line, record) in records)
        {
            if (TryReadPlainCheck(record.Span, out var plain))
            {
                checks.Add(plain);
                continue;
            }
            using var document = Http.Parse(record, line);
            var (check, lineErrors) = ReadCheck(document.RootElement, $"[{line - 1}]");
            if (check is null) errors.AddRange(lineErrors.Select(e => e with { Line = line }));
            else checks.Add(check.Value);
        }
        if (errors.Count > 0) return Http.Problem(errors);
        var services = context.RequestServices;
        var snapshot = services.GetRequiredService<GateSnapshotHolder>().Current;
        var decisions = new GateDecision[checks.Count];
        var past = new List<int>();
        for (var i = 0; i < checks.Count; i++)
        {
            var c = checks[i];
            if (snapshot.Answers(c.At)) decisions[i] = snapshot.Decide(c.Surface, c.Merchant, c.Listing, c.At);
            else past.Add(i);
        }
        if (past.Count > 0)
            services.GetRequiredService<EngineHost>().Use(engine =>
            {
                foreach (var i in past) decisions[i] = engine.CheckGate(checks[i].Surface, checks[i].Merchant, checks[i].Listing, checks[i].At);
            });
        if (asksBeforePromoting)
        {
            var suppressed = services.GetRequiredService<SuppressionCounter>();
            for (var i = 0; i < decisions.Length; i++)
                if (checks[i].At is null) suppressed.Count(decisions[i]);
        }
        await WriteDecisions(context.Response, decisions, array: true, context.RequestAborted);
        return null;
    }

    static readonly byte[][] SurfaceWords = [.. Enum.GetValues<Surface>().Select(surface => System.Text.Encoding.UTF8.GetBytes(Words<Surface>.Of(surface)))];

    /// <summary>
    /// The common shape of a batch line read straight from its bytes: an object of string values with a known
    /// surface, a merchant, perhaps a listing, and no <c>at</c>. Anything else — a time, a number, null, a nested
    /// value, a repeated key, bad JSON — is left to <see cref="ReadCheck"/>, which answers for it and for its errors,
    /// so both readers accept exactly the same questions.
    /// </summary>
    static bool TryReadPlainCheck(ReadOnlySpan<byte> json, out (Surface Surface, string Merchant, string? Listing, DateTimeOffset? At) check)
    {
        check = default;
        Surface? surface = null;
        string? merchant = null, listing = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 2 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped) return false;
                var key = reader.ValueSpan;
                var field = key.SequenceEqual("surface"u8) ? 0 : key.SequenceEqual("merchant"u8) ? 1 : key.SequenceEqual("listing"u8) ? 2 : key.SequenceEqual("at"u8) ? 3 : 4;
                if (field == 3 || !reader.Read() || reader.TokenType != JsonTokenType.String) return false;
                switch (field)
                {
                    case 0:
                        if (surface is not null || reader.ValueIsEscaped) return false;
                        for (var i = 0; i < SurfaceWords.Length && surface is null; i++)
                            if (reader.ValueSpan.SequenceEqual(SurfaceWords[i])) surface = (Surface)i;
                        if (surface is null) return false;
                        break;
                    case 1:
                        if (merchant is not null || (merchant = reader.GetString()!.Trim()).Length == 0) return false;
                        break;
                    case 2:
                        if (listing is not null || (listing = reader.GetString()!.Trim()).Length == 0) return false;
                        break;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || surface is null || merchant is null) return false;
        }
        catch (JsonException)
        {
            return false;
        }
        check = (surface.Value, merchant, listing, null);
        return true;
    }

    /// <summary>Gate answers written as they are produced: one decision, or an array of them (up to MaxBatch).</summary>
    static async Task WriteDecisions(HttpResponse response, IReadOnlyList<GateDecision> decisions, bool array, CancellationToken cancel)
    {
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = Json.Options.Encoder });
        if (array) writer.WriteStartArray();
        foreach (var decision in decisions)
        {
            GateDecisionJson.Write(writer, decision);
            if (writer.BytesPending > 32 * 1024) await writer.FlushAsync(cancel);
        }
        if (array) writer.WriteEndArray();
        await writer.FlushAsync(cancel);
    }

    static ((Surface Surface, string Merchant, string? Listing, DateTimeOffset? At)? Check, IReadOnlyList<InputError> Errors) ReadCheck(JsonElement json, string prefix)
    {
        var read = new RecordReader("request body", _ => 0);
        if (json.ValueKind != JsonValueKind.Object)
        {
            read.Error(prefix.Length == 0 ? "(body)" : prefix, "a check is a JSON object {surface, merchant, listing, at}");
            return (null, read.Errors);
        }
        var surface = read.Word<Surface>(json, "surface", required: true, prefix);
        var merchant = read.Id(json, "merchant", prefix: prefix);
        var listing = read.Id(json, "listing", required: false, prefix);
        var at = read.Time(json, "at", prefix: prefix);
        return read.Ok ? ((surface!.Value, merchant!, listing, at), read.Errors) : (null, read.Errors);
    }
}
