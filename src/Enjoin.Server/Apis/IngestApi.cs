using Enjoin.Engine;
using Enjoin.Server.Hosting;
using Enjoin.Server.Security;

namespace Enjoin.Server.Apis;

/// <summary>The marketplace's streams: merchants, listings and promotion events as NDJSON or a JSON array, per-line errors.</summary>
public static class IngestApi
{
    public static void MapIngestApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/merchants", async (HttpRequest request, EngineHost host, string? at, CancellationToken cancel) =>
        {
            var lines = Http.Lines(await Http.Text(request, cancel));
            var caller = Caller.Of(request.HttpContext.User);
            var summary = host.Use(engine => engine.IngestMerchants("request body", lines, Http.At(at), caller.Name));
            return Answer(summary);
        }).RequireAuthorization(Policies.Ingest).WithName("IngestMerchants");

        app.MapPost("/api/v1/listings", async (HttpRequest request, EngineHost host, string? at, CancellationToken cancel) =>
        {
            var lines = Http.Lines(await Http.Text(request, cancel));
            var caller = Caller.Of(request.HttpContext.User);
            var summary = host.Use(engine => engine.IngestListings("request body", lines, Http.At(at), caller.Name));
            return Answer(summary);
        }).RequireAuthorization(Policies.Ingest).WithName("IngestListings");

        // DESIGN §4.4: each promotion event is judged at its own time; the answer lists the exposures.
        app.MapPost("/api/v1/promotions", async (HttpRequest request, EngineHost host, string? at, CancellationToken cancel) =>
        {
            var lines = Http.Lines(await Http.Text(request, cancel));
            var caller = Caller.Of(request.HttpContext.User);
            var summary = host.Use(engine => engine.IngestPromotions("request body", lines, Http.At(at), caller.Name));
            return Http.Json(summary, summary.Rejected.Count > 0 && summary.Accepted == 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
        }).RequireAuthorization(Policies.Ingest).WithName("IngestPromotions");
    }

    /// <summary>Per-line errors beside what was accepted; a body of which nothing was accepted is a problem (RFC 9457).</summary>
    static IResult Answer(IngestSummary summary) =>
        summary.Rejected.Count > 0 && summary.Accepted == 0 ? Http.Problem(summary.Errors) : Http.Json(summary);
}
