namespace Enjoin.Server.Hosting;

/// <summary>
/// DESIGN §4.6: while the server runs, event time follows the wall clock and deadlines (SLA,
/// counter-notice waits, strike and TRO expiry) fire — each once, even across restarts.
/// </summary>
public sealed class DeadlineScheduler(EngineHost host, ServerOptions options, ILogger<DeadlineScheduler> log) : BackgroundService
{
    public DateTimeOffset? LastTick { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), options.Clock);
        do
        {
            try
            {
                var now = options.Clock.GetUtcNow();
                var actions = host.Use(engine => engine.Tick(now));
                if (actions > 0) log.LogInformation("deadlines fired: {Actions} actions issued", actions);
                LastTick = now;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "scheduler step failed; retrying");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
