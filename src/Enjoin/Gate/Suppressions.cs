using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Enjoin.Gate;

/// <summary>Promotions the gate suppressed: denials a marketplace system asked for, per merchant, surface and UTC day.</summary>
public sealed record Suppression(string Merchant, Surface Surface, DateOnly Day, long Count);

/// <summary>
/// Counts denials in memory as the gate answers marketplace systems (issue 5: evidence that the gate held; allows
/// are not logged one by one). Counting takes no lock and, once a key has been seen, allocates nothing; the server
/// drains the counts into the store and the ledger every few seconds.
/// </summary>
public sealed class SuppressionCounter
{
    readonly ConcurrentDictionary<(string Merchant, Surface Surface, DateOnly Day), StrongBox<long>> _counts = new();

    public void Count(GateDecision decision)
    {
        if (decision.Allow) return;
        var key = (decision.Merchant, decision.Surface, DateOnly.FromDateTime(decision.At.UtcDateTime));
        Interlocked.Increment(ref _counts.GetOrAdd(key, static _ => new StrongBox<long>()).Value);
    }

    /// <summary>Puts counts back (a flush that failed), to be drained again.</summary>
    public void Add(Suppression counted) =>
        Interlocked.Add(ref _counts.GetOrAdd((counted.Merchant, counted.Surface, counted.Day), static _ => new StrongBox<long>()).Value, counted.Count);

    /// <summary>The counts since the last drain. Each counter is taken and zeroed atomically, so no count is lost or read twice.</summary>
    public IReadOnlyList<Suppression> Drain()
    {
        var drained = new List<Suppression>();
        var latest = DateOnly.MinValue;
        foreach (var (key, box) in _counts)
        {
            var count = Interlocked.Exchange(ref box.Value, 0);
            if (count > 0) drained.Add(new Suppression(key.Merchant, key.Surface, key.Day, count));
            if (key.Day > latest) latest = key.Day;
        }
        // Days two behind the latest asked about are not asked about again: forget their emptied counters.
        var forget = latest.DayNumber > 2 ? latest.AddDays(-2) : DateOnly.MinValue;
        foreach (var (key, box) in _counts)
            if (key.Day < forget && Interlocked.Read(ref box.Value) == 0) _counts.TryRemove(key, out _);
        return [.. drained.OrderBy(s => s.Day).ThenBy(s => s.Merchant, StringComparer.Ordinal).ThenBy(s => s.Surface)];
    }
}
