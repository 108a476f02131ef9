using System.Collections.Frozen;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Enjoin.Common;
using Enjoin.Gate;
using Enjoin.Knowledge;

namespace Enjoin.Bench;

/// <summary>
/// The in-process gate (DESIGN §6.2) with 1,000,000 denied merchants and 5,000,000 denied listings:
/// a check for an allowed and a denied merchant beside a bare <c>FrozenSet&lt;string&gt;.Contains</c>
/// over the same 1,000,000 ids (target ≤ 2×, 0 bytes), and the cost of a new snapshot after one
/// knowledge change (target &lt; 50 ms): the base is shared, the change goes into an overlay.
/// The full build of the base is timed once in the setup and printed ("full build").
/// </summary>
[MemoryDiagnoser]
// No forced full GC between iterations: with ~15M live objects each one costs seconds and would
// make the run last an hour; the checks allocate nothing, so there is nothing for it to collect.
[GcForce(false)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class GateBench
{
    const int Merchants = 1_000_000;
    const int Listings = 5_000_000;

    FrozenSet<string> _baseline = null!;
    GateSnapshot _snapshot = null!;
    GateSnapshot _withOverlay = null!;
    // Fresh strings (not the interned keys), as a request's ids would be.
    string _allowedMerchant = null!;
    string _deniedMerchant = null!;
    string _allowedListing = null!;
    long _sequence;
    readonly DateTimeOffset _at = EventTime.Parse("2024-01-10T15:00:00Z");

    [GlobalSetup]
    public void Setup()
    {
        var order = new Basis { Order = "kt-pi", Case = "22-CV-9384 (JMF)", Kind = Orders.OrderKind.PreliminaryInjunction, Clause = "1(a)" };
        var notice = new Basis { Notice = "N-1" };
        var facts = new List<KnowledgeFact>(Merchants + Listings);
        var merchantIds = new string[Merchants];
        for (var i = 0; i < Merchants; i++)
        {
            merchantIds[i] = $"M-{i:D7}";
            facts.Add(new KnowledgeFact(i + 1, KnowledgeCode.EnjoinedDefendant, merchantIds[i], null, order, _at, null, ""));
        }
        for (var i = 0; i < Listings; i++)
            facts.Add(new KnowledgeFact(Merchants + i + 1, KnowledgeCode.ListingNoticed, merchantIds[i % Merchants], $"L-{i:D8}", notice, _at, null, ""));
        _baseline = merchantIds.ToFrozenSet(StringComparer.Ordinal);

        var watch = Stopwatch.StartNew();
        _snapshot = GateSnapshot.Of(facts, 1, _at, DateTimeOffset.UtcNow);
        Console.WriteLine($"// full build of {Merchants:N0} merchants + {Listings:N0} listings: {watch.Elapsed.TotalMilliseconds:N0} ms");
        facts.Clear();
        _sequence = 1;

        // A snapshot that has followed 10,000 changes since its base was built.
        var changes = new Dictionary<string, KnowledgeFact[]?>(StringComparer.Ordinal);
        for (var i = 0; i < 10_000; i++)
            changes[$"L-X{i:D6}"] = [new KnowledgeFact(-i, KnowledgeCode.ListingNoticed, "M-0000001", $"L-X{i:D6}", notice, _at, null, "")];
        _withOverlay = _snapshot.With(2, _at, DateTimeOffset.UtcNow, new Dictionary<string, KnowledgeFact[]?>(), changes);

        _allowedMerchant = new string("M-X000001".AsSpan());
        _deniedMerchant = new string("M-0500000".AsSpan());
        _allowedListing = new string("L-X9999999".AsSpan());
        if (_snapshot.Allows(Surface.SponsoredSearch, _deniedMerchant) || !_snapshot.Allows(Surface.SponsoredSearch, _allowedMerchant, _allowedListing)
            || _snapshot.DeniedMerchants != Merchants || _snapshot.DeniedListings != Listings)
            throw new InvalidOperationException("bench setup is wrong");
    }

    [Benchmark(Baseline = true), BenchmarkCategory("allowed merchant")]
    public bool FrozenSetContains_Allowed() => _baseline.Contains(_allowedMerchant);

    [Benchmark, BenchmarkCategory("allowed merchant")]
    public bool SnapshotAllows_Allowed() => _snapshot.Allows(Surface.SponsoredSearch, _allowedMerchant);

    [Benchmark, BenchmarkCategory("allowed merchant")]
    public bool SnapshotAllows_Allowed_WithOverlay10k() => _withOverlay.Allows(Surface.SponsoredSearch, _allowedMerchant);

    [Benchmark, BenchmarkCategory("allowed merchant")]
    public bool SnapshotAllows_AllowedMerchantAndListing() => _snapshot.Allows(Surface.SponsoredSearch, _allowedMerchant, _allowedListing);

    [Benchmark(Baseline = true), BenchmarkCategory("denied merchant")]
    public bool FrozenSetContains_Denied() => _baseline.Contains(_deniedMerchant);

    [Benchmark, BenchmarkCategory("denied merchant")]
    public bool SnapshotAllows_Denied() => _snapshot.Allows(Surface.SponsoredSearch, _deniedMerchant);

    /// <summary>One knowledge change (a listing noticed) on the 6M-entry snapshot: a new snapshot sharing the base.</summary>
    [Benchmark, BenchmarkCategory("rebuild after one change")]
    public GateSnapshot RebuildAfterOneChange() => _snapshot.With(++_sequence, _at, _at, new Dictionary<string, KnowledgeFact[]?>(),
        new Dictionary<string, KnowledgeFact[]?> { ["L-00000007"] = null });

    /// <summary>The same with 10,000 changes already in the overlay (the overlay is rebuilt; the base is shared).</summary>
    [Benchmark, BenchmarkCategory("rebuild after one change")]
    public GateSnapshot RebuildAfterOneChange_Overlay10k() => _withOverlay.With(++_sequence, _at, _at, new Dictionary<string, KnowledgeFact[]?>(),
        new Dictionary<string, KnowledgeFact[]?> { ["L-00000007"] = null });
}
