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

        app.MapPost("/api/v1/gate/check", async (HttpRequest request, EngineHost host, CancellationToken cancel) =>
        {
            using var document = Http.Parse(await Http.Text(request, cancel));
            var (check, errors) = ReadCheck(document.RootElement, "");
            if (check is null) return Http.Problem(errors);
            return Http.Json(host.Use(engine => engine.CheckGate(check.Value.Surface, check.Value.Merchant, check.Value.Listing, check.Value.At)));
        }).RequireAuthorization(Policies.Gate).WithName("GateCheck");

        app.MapPost("/api/v1/gate/check-batch", async (HttpRequest request, EngineHost host, CancellationToken cancel) =>
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
            return Http.Json(host.Use(engine => checks.Select(c => engine.CheckGate(c.Surface, c.Merchant, c.Listing, c.At)).ToList()));
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
