using System.Text.Json;
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

    public sealed record Confirmation(string? Status, string? Reason, string? At);

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

        // Now (no at, or at or after the snapshot's time): the snapshot, no lock and no database.
        // Earlier: the intervals in the database, as of that time (DESIGN §4.6).
        app.MapPost("/api/v1/gate/check", async (HttpRequest request, EngineHost host, GateSnapshotHolder gate, CancellationToken cancel) =>
        {
            using var document = Http.Parse(await Http.Text(request, cancel));
            var (check, errors) = ReadCheck(document.RootElement, "");
            if (check is null) return Http.Problem(errors);
            var (surface, merchant, listing, at) = check.Value;
            var snapshot = gate.Current;
            return Http.Json(snapshot.Answers(at)
                ? snapshot.Decide(surface, merchant, listing, at)
                : host.Use(engine => engine.CheckGate(surface, merchant, listing, at)));
        }).RequireAuthorization(Policies.Gate).WithName("GateCheck");

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

        app.MapPost("/api/v1/gate/check-batch", async (HttpRequest request, EngineHost host, GateSnapshotHolder gate, CancellationToken cancel) =>
        {
            var lines = Http.Lines(await Http.Text(request, cancel));
            if (lines.Count > MaxBatch) return Http.Problem([new InputError("request body", 0, "(body)", $"at most {MaxBatch} checks a request")]);
            var checks = new List<(Surface Surface, string Merchant, string? Listing, DateTimeOffset? At)>(lines.Count);
            var errors = new List<InputError>();
            foreach (var line in lines)
            {
                using var document = Http.Parse(line.Text);
                var (check, lineErrors) = ReadCheck(document.RootElement, $"[{line.Line - 1}]");
                if (check is null) errors.AddRange(lineErrors.Select(e => e with { Line = line.Line }));
                else checks.Add(check.Value);
            }
            if (errors.Count > 0) return Http.Problem(errors);
            var snapshot = gate.Current;
            var decisions = new GateDecision[checks.Count];
            var past = new List<int>();
            for (var i = 0; i < checks.Count; i++)
            {
                var c = checks[i];
                if (snapshot.Answers(c.At)) decisions[i] = snapshot.Decide(c.Surface, c.Merchant, c.Listing, c.At);
                else past.Add(i);
            }
            if (past.Count > 0)
                host.Use(engine =>
                {
                    foreach (var i in past) decisions[i] = engine.CheckGate(checks[i].Surface, checks[i].Merchant, checks[i].Listing, checks[i].At);
                });
            return Http.Json(decisions);
        }).RequireAuthorization(Policies.Gate).WithName("GateCheckBatch");

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

        app.MapPost("/api/v1/actions/{id:long}/confirm", (long id, Confirmation body, HttpContext context, EngineHost host) =>
        {
            var failed = body.Status switch
            {
                null or "confirmed" => false,
                "failed" => true,
                _ => throw new InputRejectedException(new InputError("request body", 0, "status", "must be confirmed or failed")),
            };
            var caller = Caller.Of(context.User);
            return Http.Json(host.Use(engine => engine.ConfirmAction(id, Http.At(body.At), failed, body.Reason, caller.Name)));
        }).RequireAuthorization(Policies.Ingest).WithName("ConfirmAction");

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
