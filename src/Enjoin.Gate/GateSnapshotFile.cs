namespace Enjoin.Gate;

/// <summary>What a loaded snapshot answers: allow, or deny with every reason (DESIGN §4.4).</summary>
public sealed record SnapshotDecision(bool Allow, IReadOnlyList<SnapshotReason> Reasons);

/// <summary>
/// The gate an ad server embeds (DESIGN §4.4): a snapshot file loaded into memory, answering
/// <see cref="Allows(Surface, string, string?)"/> in-process with no lock and no allocation.
/// Immutable; to follow the engine, load the next file (GET /api/v1/gate/snapshot with
/// If-None-Match) and swap the reference.
/// </summary>
public sealed class GateSnapshotFile
{
    readonly GateIndex<SnapshotEntry> _merchants;
    readonly GateIndex<SnapshotEntry> _listings;

    GateSnapshotFile(SnapshotHeader header, GateIndex<SnapshotEntry> merchants, GateIndex<SnapshotEntry> listings)
    {
        Header = header;
        _merchants = merchants;
        _listings = listings;
    }

    /// <summary>Loads and verifies a snapshot; a file that is not intact is refused (<see cref="GateSnapshotCorruptException"/>).</summary>
    public static GateSnapshotFile Load(ReadOnlySpan<byte> file)
    {
        var (header, merchants, listings) = GateSnapshotFormat.Read(file);
        return new GateSnapshotFile(header, GateIndex<SnapshotEntry>.Create(merchants), GateIndex<SnapshotEntry>.Create(listings));
    }

    public static GateSnapshotFile Load(string path) => Load(File.ReadAllBytes(path));

    public static GateSnapshotFile Load(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Load(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public SnapshotHeader Header { get; }

    /// <summary>The ledger sequence number the snapshot reflects.</summary>
    public long Sequence => Header.Sequence;

    /// <summary>The event time the snapshot reflects.</summary>
    public DateTimeOffset AsOf => Header.AsOf;

    public int DeniedMerchants => _merchants.Count;
    public int DeniedListings => _listings.Count;

    /// <summary>May <paramref name="surface"/> promote this merchant (and listing)?</summary>
    public bool Allows(Surface surface, string merchant, string? listing = null)
    {
        var bit = SurfaceSet.Of(surface);
        if (_merchants.Find(merchant) is { } m && (m.Surfaces & bit) != 0) return false;
        return listing is null || _listings.Find(listing) is not { } l || (l.Surfaces & bit) == 0;
    }

    /// <summary>The same question without strings (an empty <paramref name="listing"/>: no listing).</summary>
    public bool Allows(Surface surface, ReadOnlySpan<char> merchant, ReadOnlySpan<char> listing)
    {
        var bit = SurfaceSet.Of(surface);
        if (_merchants.Find(merchant) is { } m && (m.Surfaces & bit) != 0) return false;
        return listing.IsEmpty || _listings.Find(listing) is not { } l || (l.Surfaces & bit) == 0;
    }

    /// <summary>
    /// The decision with every reason, as the engine's gate gives them: the merchant's, then the
    /// listing's not already given (same code and basis), in order of since.
    /// </summary>
    public SnapshotDecision Check(Surface surface, string merchant, string? listing = null)
    {
        if (Allows(surface, merchant, listing)) return new SnapshotDecision(true, []);
        var bit = SurfaceSet.Of(surface);
        var reasons = new List<SnapshotReason>();
        if (_merchants.Find(merchant) is { } m)
            foreach (var reason in m.Reasons)
                if ((reason.Surfaces & bit) != 0) reasons.Add(reason);
        if (listing is not null && _listings.Find(listing) is { } l)
            foreach (var reason in l.Reasons)
                if ((reason.Surfaces & bit) != 0 && !reasons.Exists(r => r.Code == reason.Code && r.Basis == reason.Basis))
                    reasons.Add(reason);
        return new SnapshotDecision(false, [.. reasons.OrderBy(r => r.Since)]);
    }
}
