using Enjoin.Server.Hosting;

namespace Enjoin.Server.Apis;

public static class HealthApi
{
    /// <summary><c>/healthz</c>: the database answers, the ledger head, the scheduler's last step.</summary>
    public static void MapHealth(this IEndpointRouteBuilder app) =>
        app.MapGet("/healthz", (EngineHost host, DeadlineScheduler scheduler, ServerOptions options) =>
        {
            try
            {
                var head = host.Use(engine => engine.LedgerHead);
                var schedulerAlive = !options.Scheduler || scheduler.LastTick is { } tick && options.Clock.GetUtcNow() - tick < TimeSpan.FromSeconds(10);
                return Http.Json(new { status = schedulerAlive ? "ok" : "degraded", database = host.Location, ledger_head = head, scheduler = options.Scheduler ? scheduler.LastTick : null },
                    schedulerAlive ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                return Http.Json(new { status = "unavailable", database = host.Location, error = e.Message }, StatusCodes.Status503ServiceUnavailable);
            }
        }).AllowAnonymous().WithName("Health");
}
