using Enjoin.Gate;

namespace Enjoin.Server.Hosting;

/// <summary>
/// Keeps this node's gate snapshot current (DESIGN §4.4, §6.4): every 250 ms it asks the store for
/// the ledger head and, when it moved — by this process or another (a CLI import, another node) —
/// swaps in the snapshot brought up to it. A change of knowledge reaches the gate within 1 s.
/// </summary>
public sealed class GateSnapshotRefresher(EngineHost host, GateSnapshotHolder holder, ILogger<GateSnapshotRefresher> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>The holder, built at the ledger head before the first request is answered.</summary>
    public static GateSnapshotHolder Initial(EngineHost host) => new(host.Use(engine => engine.SnapshotGate()));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time even when tests drive the event clock: this is about how stale the gate may be.
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                host.Use(engine => holder.Refresh(engine));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "gate snapshot refresh failed; the previous snapshot stays in force");
            }
        }
    }
}
