using Enjoin.Gate;

namespace Enjoin.Server.Hosting;

/// <summary>
/// Writes the gate's counted suppressions to the store and ledger every few seconds, and once more on shutdown, so a
/// report can show how many promotions the gate held back per merchant, surface and day.
/// </summary>
public sealed class SuppressionRecorder(EngineHost host, SuppressionCounter counter, ILogger<SuppressionRecorder> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) Flush();
        }
        catch (OperationCanceledException)
        {
        }
        Flush();
    }

    public void Flush()
    {
        var counts = counter.Drain();
        try
        {
            host.Use(engine => engine.RecordSuppressions(counts));
        }
        catch (Exception e)
        {
            // Not lost: put back, to be written with the next flush.
            foreach (var c in counts) counter.Add(c);
            log.LogError(e, "recording {Count} suppression counts failed; kept for the next flush", counts.Count);
        }
    }
}
