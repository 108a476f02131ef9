using System.Text.Json;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Knowledge;

namespace Enjoin.Gate;

/// <summary>
/// The gate's hot path (DESIGN §4.4, §6.2): an immutable picture of everything that denies now —
/// each merchant with its open merchant-level facts, each listing with the open facts about it —
/// as of one ledger sequence. Checks take no lock and allocate nothing when they allow; a denial
/// carries the same reasons as <see cref="GatePolicy"/> over the database's intervals.
/// A change of knowledge makes a new snapshot that shares the unchanged base (see <see cref="GateIndex{T}"/>).
/// </summary>
public sealed class GateSnapshot
{
    /// <summary>More ledger events than this since the last snapshot: rebuild from all open facts instead of following them.</summary>
    public const int MaxIncrementalEvents = 100_000;

    readonly GateIndex<KnowledgeFact[]> _merchants;
    readonly GateIndex<KnowledgeFact[]> _listings;
    readonly FileCache _file;

    GateSnapshot(long sequence, DateTimeOffset at, DateTimeOffset builtAt, GateIndex<KnowledgeFact[]> merchants, GateIndex<KnowledgeFact[]> listings, FileCache? file = null)
    {
        Sequence = sequence;
        At = at;
        BuiltAt = builtAt;
        _merchants = merchants;
        _listings = listings;
        _file = file ?? new FileCache(at, builtAt);
    }

    /// <summary>The ledger sequence number whose knowledge this is.</summary>
    public long Sequence { get; }

    /// <summary>The event time reached when the snapshot was last confirmed current: "now" for its answers.</summary>
    public DateTimeOffset At { get; }

    /// <summary>Wall-clock time the snapshot was built.</summary>
    public DateTimeOffset BuiltAt { get; }

    public int DeniedMerchants => _merchants.Count;
    public int DeniedListings => _listings.Count;

    /// <summary>Ids changed since the last full rebuild (kept in the overlay).</summary>
    public int OverlayCount => _merchants.OverlayCount + _listings.OverlayCount;

    // ---- checks (hot path) -------------------------------------------------------------------

    /// <summary>
    /// May <paramref name="surface"/> promote this merchant (and listing) now? The default policy
    /// denies every surface alike (DESIGN §4.4), so the surface does not change the answer.
    /// </summary>
    public bool Allows(Surface surface, string merchant, string? listing = null) =>
        _merchants.Find(merchant) is null && (listing is null || _listings.Find(listing) is null);

    /// <summary>The same question without strings (an empty <paramref name="listing"/>: no listing).</summary>
    public bool Allows(Surface surface, ReadOnlySpan<char> merchant, ReadOnlySpan<char> listing) =>
        _merchants.Find(merchant) is null && (listing.IsEmpty || _listings.Find(listing) is null);

    /// <summary>The decision with every reason, at <paramref name="at"/> (default <see cref="At"/>; meant for times at or after it).</summary>
    public GateDecision Decide(Surface surface, string merchant, string? listing = null, DateTimeOffset? at = null) =>
        GatePolicy.Decide(surface, merchant, listing, at ?? At,
            _merchants.Find(merchant) ?? [], listing is null ? [] : _listings.Find(listing) ?? []);

    /// <summary>Whether this snapshot can answer for <paramref name="at"/>: now (null) or later; earlier questions go to the intervals.</summary>
    // Only "now" comes from the snapshot: it may lag the ledger by up to a second, so a question
    // that names its time is answered exactly from the intervals.
    public bool Answers(DateTimeOffset? at) => at is null;

    // ---- building ----------------------------------------------------------------------------

    /// <summary>A snapshot of every open fact in the store, at its ledger head.</summary>
    public static GateSnapshot Build(IStoreTransaction store, DateTimeOffset at, DateTimeOffset builtAt)
    {
        var head = store.LedgerHead;
        var facts = new List<KnowledgeFact>();
        foreach (var code in Enum.GetValues<KnowledgeCode>()) facts.AddRange(store.OpenFacts(code));
        return Of(facts, head, at, builtAt);
    }

    /// <summary>A snapshot of these open facts (for tests and benchmarks; <see cref="Build"/> reads them from the store).</summary>
    public static GateSnapshot Of(IEnumerable<KnowledgeFact> openFacts, long sequence, DateTimeOffset at, DateTimeOffset builtAt)
    {
        var merchants = new Dictionary<string, List<KnowledgeFact>>(StringComparer.Ordinal);
        var listings = new Dictionary<string, List<KnowledgeFact>>(StringComparer.Ordinal);
        var bases = new Dictionary<Basis, Basis>();
        foreach (var fact in openFacts)
        {
            if (fact.Until is not null) continue;
            // The key is the store's business; one Basis object per distinct basis keeps millions of facts small.
            var slim = fact with { Key = string.Empty, Basis = bases.TryGetValue(fact.Basis, out var shared) ? shared : bases[fact.Basis] = fact.Basis };
            if (GatePolicy.IsMerchantLevel(slim)) Add(merchants, slim.Merchant, slim);
            if (slim.Listing is { } listing) Add(listings, listing, slim);
        }
        return new GateSnapshot(sequence, at, builtAt, Index(merchants), Index(listings));

        static void Add(Dictionary<string, List<KnowledgeFact>> map, string id, KnowledgeFact fact)
        {
            if (!map.TryGetValue(id, out var list)) map[id] = list = new List<KnowledgeFact>(1);
            list.Add(fact);
        }

        static GateIndex<KnowledgeFact[]> Index(Dictionary<string, List<KnowledgeFact>> map) =>
            GateIndex<KnowledgeFact[]>.Create(map.Select(p => new KeyValuePair<string, KnowledgeFact[]>(p.Key, InGateOrder(p.Value))));
    }

    /// <summary>Facts in the order the store lists them to <see cref="GatePolicy"/> (since, then id).</summary>
    static KnowledgeFact[] InGateOrder(IEnumerable<KnowledgeFact> facts)
    {
        var array = facts.ToArray();
        Array.Sort(array, static (a, b) => a.Since != b.Since ? a.Since.CompareTo(b.Since) : a.Id.CompareTo(b.Id));
        return array;
    }

    /// <summary>
    /// The snapshot at the store's ledger head: this one if nothing changed (or with the new time if
    /// only time moved); else this one plus the merchants and listings whose knowledge the ledger
    /// events since <see cref="Sequence"/> opened or closed, re-read from the store (a small
    /// overlay on the shared base); a full rebuild when too much happened.
    /// </summary>
    public GateSnapshot Refresh(IStoreTransaction store, DateTimeOffset at, DateTimeOffset builtAt)
    {
        var head = store.LedgerHead;
        if (head == Sequence) return at == At ? this : new GateSnapshot(Sequence, at, BuiltAt, _merchants, _listings, _file);
        if (head < Sequence || head - Sequence > MaxIncrementalEvents) return Build(store, at, builtAt);

        var merchants = new HashSet<string>(StringComparer.Ordinal);
        var listings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in store.ReadLedger(Sequence + 1))
        {
            if (entry.Seq > head) break;
            if (entry.Kind is not ("knowledge_opened" or "knowledge_closed")) continue;
            merchants.Add(entry.Subject);
            using var payload = JsonDocument.Parse(entry.Payload);
            if (payload.RootElement.TryGetProperty("data", out var data) && data.TryGetProperty("listing", out var listing) && listing.ValueKind == JsonValueKind.String)
                listings.Add(listing.GetString()!);
        }
        if (merchants.Count == 0 && listings.Count == 0) return new GateSnapshot(head, at, builtAt, _merchants, _listings);

        var merchantChanges = new Dictionary<string, KnowledgeFact[]?>(StringComparer.Ordinal);
        foreach (var merchant in merchants)
            merchantChanges[merchant] = Open(store.FactsOfMerchant(merchant), f => GatePolicy.IsMerchantLevel(f) && f.Merchant == merchant);
        var listingChanges = new Dictionary<string, KnowledgeFact[]?>(StringComparer.Ordinal);
        foreach (var listing in listings)
            listingChanges[listing] = Open(store.FactsOfListing(listing), f => f.Listing == listing);
        return new GateSnapshot(head, at, builtAt, _merchants.With(merchantChanges), _listings.With(listingChanges));

        static KnowledgeFact[]? Open(IEnumerable<KnowledgeFact> facts, Func<KnowledgeFact, bool> about)
        {
            var open = facts.Where(f => f.Until is null && about(f)).Select(f => f with { Key = string.Empty }).ToArray();
            return open.Length == 0 ? null : InGateOrder(open);
        }
    }

    /// <summary>The snapshot with one more change applied (for benchmarks: the cost of following one knowledge change).</summary>
    public GateSnapshot With(long sequence, DateTimeOffset at, DateTimeOffset builtAt,
        IReadOnlyDictionary<string, KnowledgeFact[]?> merchants, IReadOnlyDictionary<string, KnowledgeFact[]?> listings) =>
        new(sequence, at, builtAt, _merchants.With(merchants), _listings.With(listings));

    // ---- the file ----------------------------------------------------------------------------

    /// <summary>
    /// The snapshot file (docs/gate-snapshot.md), built once per sequence: a snapshot that only
    /// moved in time shares it, so its ETag holds until knowledge changes.
    /// </summary>
    public GateSnapshotFileBytes File => _file.Get(this);

    sealed class FileCache(DateTimeOffset asOf, DateTimeOffset builtAt)
    {
        GateSnapshotFileBytes? _bytes;
        readonly Lock _lock = new();

        public GateSnapshotFileBytes Get(GateSnapshot snapshot)
        {
            if (Volatile.Read(ref _bytes) is { } done) return done;
            lock (_lock)
            {
                if (_bytes is { } raced) return raced;
                var canonical = new Dictionary<Basis, string>();
                string BasisJson(Basis basis) => canonical.TryGetValue(basis, out var json) ? json : canonical[basis] = Json.Canonical(basis);
                IEnumerable<KeyValuePair<string, SnapshotEntry>> Entries(GateIndex<KnowledgeFact[]> index) =>
                    index.Entries().Select(p => new KeyValuePair<string, SnapshotEntry>(p.Key, new SnapshotEntry(
                        [.. p.Value.Select(f => new SnapshotReason(Words<KnowledgeCode>.Of(f.Code), BasisJson(f.Basis), f.Since, Surfaces.All))])));
                var file = GateSnapshotFormat.Write(snapshot.Sequence, asOf, builtAt, Entries(snapshot._merchants), Entries(snapshot._listings));
                Volatile.Write(ref _bytes, new GateSnapshotFileBytes(file, GateSnapshotFormat.ETagOf(file)));
                return _bytes!;
            }
        }
    }
}

/// <summary>
/// A snapshot file's bytes and its HTTP entity tag: a hash of the body (the entries), so it changes
/// exactly when what the gate denies changes, and every server node gives the same tag.
/// </summary>
public sealed record GateSnapshotFileBytes(byte[] Bytes, string ETag);

/// <summary>
/// Holds the snapshot in force and swaps it atomically (DESIGN §6.2): readers take
/// <see cref="Current"/> with no lock; a refresher (the server's background service, every 250 ms)
/// replaces it when the ledger head moves.
/// </summary>
public sealed class GateSnapshotHolder(GateSnapshot initial)
{
    GateSnapshot _current = initial;

    public GateSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Puts <paramref name="next"/> in force unless a snapshot of a later sequence already is; returns the one in force.</summary>
    public GateSnapshot Swap(GateSnapshot next)
    {
        while (true)
        {
            var current = Volatile.Read(ref _current);
            if (ReferenceEquals(current, next) || current.Sequence > next.Sequence) return current;
            if (ReferenceEquals(Interlocked.CompareExchange(ref _current, next, current), current)) return next;
        }
    }

    /// <summary>Brings the snapshot up to the store's ledger head; true when knowledge (the sequence) moved.</summary>
    public bool Refresh(EnjoinEngine engine)
    {
        var before = Current;
        var after = Swap(engine.SnapshotGate(before));
        return after.Sequence != before.Sequence;
    }
}
