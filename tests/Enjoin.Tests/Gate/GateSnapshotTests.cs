using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Gate;
using Enjoin.Knowledge;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Gate;

/// <summary>DESIGN §4.4, §5.6: the snapshot gate, its file, and the embeddable reader.</summary>
public sealed class GateSnapshotTests
{
    static readonly Surface[] AllSurfaces = Enum.GetValues<Surface>();

    /// <summary>
    /// M-1 enjoined (TRO with cease_infringement, order strike); M-2's L-2 noticed; M-3 three notices
    /// (repeat infringer, terminated); M-4 untouched. Outbox adapter: L-5 stays up past the SLA.
    /// </summary>
    static History Scenario()
    {
        var h = History.Create(Policy.Default with { ActionAdapter = ActionAdapter.Outbox });
        foreach (var m in new[] { "M-1", "M-2", "M-3", "M-4", "M-5" }) h.Merchant(m, name: $"Store {m}", at: "2023-01-01T00:00:00Z");
        h.Listing("L-1", "M-1", "Plush pillow", "2023-01-01T00:00:00Z")
         .Listing("L-2", "M-2", "Plush pillow", "2023-01-01T00:00:00Z")
         .Listing("L-3a", "M-3", "Plush", "2023-01-01T00:00:00Z").Listing("L-3b", "M-3", "Plush", "2023-01-01T00:00:00Z")
         .Listing("L-3c", "M-3", "Plush", "2023-01-01T00:00:00Z")
         .Listing("L-4", "M-4", "Plush pillow", "2023-01-01T00:00:00Z")
         .Listing("L-5", "M-5", "Plush pillow", "2023-01-01T00:00:00Z");
        h.Order(OrderJson.Tro("kt-tro", "2023-01-02T15:00:00Z", [new Def(1, "Store M-1", "M-1")], "cease_infringement"));
        h.Notice("N-2", "2023-01-03T00:00:00Z", ["L-2"]);
        ConfirmTakedown(h, "L-2", "2023-01-03T01:00:00Z");   // down in time: L-2 noticed, M-2 not overdue
        h.Notice("N-3a", "2023-01-04T00:00:00Z", ["L-3a"]).Notice("N-3b", "2023-01-04T01:00:00Z", ["L-3b"]).Notice("N-3c", "2023-01-04T02:00:00Z", ["L-3c"]);
        h.Notice("N-5", "2023-01-05T00:00:00Z", ["L-5"]);
        h.Advance("2023-01-07T00:00:00Z");
        return h;
    }

    static void ConfirmTakedown(History h, string listing, string at) =>
        h.Confirm(h.Actions(Enjoin.Actions.ActionStatus.Pending).Single(a => a.Listing == listing && a.Kind == Enjoin.Actions.ActionKind.TakedownListing).Id, at);

    [Fact]
    public void Every_surface_is_denied_to_a_merchant_with_merchant_level_knowledge_and_allowed_to_others()
    {
        using var h = Scenario();
        var snapshot = h.Engine.SnapshotGate();
        foreach (var surface in AllSurfaces)
        {
            Assert.False(snapshot.Allows(surface, "M-1"));
            Assert.False(snapshot.Allows(surface, "M-1", "L-4"));   // merchant-level: every listing, even one that is not its own
            Assert.False(snapshot.Allows(surface, "M-3"));
            Assert.True(snapshot.Allows(surface, "M-4"));
            Assert.True(snapshot.Allows(surface, "M-4", "L-4"));
            Assert.True(snapshot.Allows(surface, "no-such-merchant", "no-such-listing"));
        }
    }

    [Fact]
    public void Listing_noticed_denies_that_listing_only_and_not_its_merchant()
    {
        using var h = Scenario();
        var snapshot = h.Engine.SnapshotGate();
        foreach (var surface in AllSurfaces)
        {
            Assert.True(snapshot.Allows(surface, "M-2"));
            Assert.False(snapshot.Allows(surface, "M-2", "L-2"));
            var decision = snapshot.Decide(surface, "M-2", "L-2");
            var reason = Assert.Single(decision.Reasons);
            Assert.Equal(KnowledgeCode.ListingNoticed, reason.Code);
            Assert.Equal("N-2", reason.Basis.Notice);
            Assert.Equal(History.T("2023-01-03T00:00:00Z"), reason.Since);
        }
    }

    [Fact]
    public void Every_reason_is_listed_with_code_basis_and_since_as_the_intervals_give_them()
    {
        using var h = Scenario();
        var snapshot = h.Engine.SnapshotGate();

        var enjoined = snapshot.Decide(Surface.SponsoredSearch, "M-1");
        Assert.Contains(enjoined.Reasons, r => r.Code == KnowledgeCode.EnjoinedDefendant && r.Basis.Order == "kt-tro" && r.Basis.Clause == "1(a)");

        var repeat = snapshot.Decide(Surface.PromoEmail, "M-3", "L-3a");
        Assert.Equal([KnowledgeCode.RepeatInfringer, KnowledgeCode.ActiveDespiteNotice, KnowledgeCode.ListingNoticed, KnowledgeCode.Terminated],
            repeat.Reasons.Select(r => r.Code).Distinct().Order());
        Assert.Contains(repeat.Reasons, r => r.Code == KnowledgeCode.RepeatInfringer && r.Basis.Strikes is { Count: 3 });

        var overdue = snapshot.Decide(Surface.OffsiteAd, "M-5", "L-5");
        Assert.Contains(overdue.Reasons, r => r.Code == KnowledgeCode.ActiveDespiteNotice && r.Since == History.T("2023-01-06T00:00:00Z"));

        foreach (var (m, l) in new[] { ("M-1", (string?)null), ("M-3", "L-3a"), ("M-5", "L-5"), ("M-2", "L-2"), ("M-4", "L-4") })
            foreach (var surface in AllSurfaces)
                Assert.Equal(GateSnapshotAgreementTests.Exact(h.Engine.CheckGate(surface, m, l)),
                    GateSnapshotAgreementTests.Exact(snapshot.Decide(surface, m, l)));
    }

    [Fact]
    public void A_change_reaches_the_snapshot_through_the_holder_sharing_the_unchanged_base()
    {
        using var h = Scenario();
        var holder = new GateSnapshotHolder(h.Engine.SnapshotGate());
        var before = holder.Current;
        Assert.False(holder.Refresh(h.Engine));
        Assert.Same(before, holder.Current);

        h.Notice("N-4", "2023-01-08T00:00:00Z", ["L-4"]);
        ConfirmTakedown(h, "L-4", "2023-01-08T01:00:00Z");
        Assert.True(holder.Refresh(h.Engine));
        var after = holder.Current;
        Assert.True(after.Sequence > before.Sequence);
        Assert.True(before.Allows(Surface.Recommendation, "M-4", "L-4"));   // an old snapshot never changes
        Assert.False(after.Allows(Surface.Recommendation, "M-4", "L-4"));
        Assert.True(after.OverlayCount > 0);

        // Restoration after a counter-notice takes the listing out again.
        h.CounterNotice("C-4", "2023-01-09T00:00:00Z", "N-4", "L-4", "M-4").Advance("2023-02-01T00:00:00Z");
        holder.Refresh(h.Engine);
        Assert.True(holder.Current.Allows(Surface.Recommendation, "M-4", "L-4"));
        Assert.Equal(GateSnapshotAgreementTests.Exact(h.Engine.CheckGate(Surface.Recommendation, "M-4", "L-4")),
            GateSnapshotAgreementTests.Exact(holder.Current.Decide(Surface.Recommendation, "M-4", "L-4")));
    }

    [Fact]
    public void The_reader_library_loads_a_snapshot_written_by_the_engine_and_answers_identically()
    {
        using var h = Scenario();
        var snapshot = h.Engine.SnapshotGate();
        var path = h.File("gate.snapshot", "");
        File.WriteAllBytes(path, snapshot.File.Bytes);
        var file = GateSnapshotFile.Load(path);

        Assert.Equal(snapshot.Sequence, file.Sequence);
        Assert.Equal(snapshot.At, file.AsOf);
        Assert.Equal(snapshot.DeniedMerchants, file.DeniedMerchants);
        Assert.Equal(snapshot.DeniedListings, file.DeniedListings);
        var merchants = new[] { "M-1", "M-2", "M-3", "M-4", "M-5", "M-9" };
        var listings = new string?[] { null, "L-1", "L-2", "L-3a", "L-3b", "L-3c", "L-4", "L-5", "L-9" };
        foreach (var m in merchants)
            foreach (var l in listings)
                foreach (var surface in AllSurfaces)
                {
                    Assert.Equal(snapshot.Allows(surface, m, l), file.Allows(surface, m, l));
                    Assert.Equal(snapshot.Allows(surface, m, l), file.Allows(surface, m.AsSpan(), l.AsSpan()));
                    Assert.Equal(GateSnapshotAgreementTests.Exact(snapshot.Decide(surface, m, l)), GateSnapshotAgreementTests.Exact(file.Check(surface, m, l)));
                }
    }

    [Fact]
    public void The_file_is_deterministic_and_carries_sequence_times_and_hash()
    {
        using var h = Scenario();
        var a = h.Engine.SnapshotGate().File;
        var b = h.Engine.SnapshotGate().File;
        Assert.Equal(a.ETag, b.ETag);   // same knowledge, same tag, whenever and wherever built
        Assert.Equal(a.Bytes[GateSnapshotFormat.HeaderLength..], b.Bytes[GateSnapshotFormat.HeaderLength..]);
        var header = GateSnapshotFormat.ReadHeader(a.Bytes);
        Assert.Equal(GateSnapshotFormat.Version, header.Version);
        Assert.Equal(h.LedgerLength, header.Sequence);
        Assert.Equal(History.T("2023-01-07T00:00:00Z"), header.AsOf);
        Assert.Equal("ENJGATE\0"u8.ToArray(), a.Bytes[..8]);
        Assert.Equal(64, header.Sha256.Length);
    }

    [Fact]
    public void A_corrupted_file_is_refused()
    {
        using var h = Scenario();
        var bytes = h.Engine.SnapshotGate().File.Bytes;

        // Any one byte flipped — in the header or the body — breaks the magic, the version, the length or the hash.
        for (var i = 0; i < bytes.Length; i += Math.Max(1, bytes.Length / 97))
        {
            var corrupt = (byte[])bytes.Clone();
            corrupt[i] ^= 0x20;
            Assert.Throws<GateSnapshotCorruptException>(() => GateSnapshotFile.Load(corrupt));
        }
        Assert.Throws<GateSnapshotCorruptException>(() => GateSnapshotFile.Load(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<GateSnapshotCorruptException>(() => GateSnapshotFile.Load(bytes.AsSpan(0, 40)));
        Assert.Throws<GateSnapshotCorruptException>(() => GateSnapshotFile.Load([.. bytes, 0]));
        var later = (byte[])bytes.Clone();
        later[8] = 2;
        Assert.Contains("version 2", Assert.Throws<GateSnapshotCorruptException>(() => GateSnapshotFile.Load(later)).Message);
    }

    [Fact]
    public void The_reader_honours_a_reason_limited_to_some_surfaces()
    {
        var since = History.T("2023-01-01T00:00:00Z");
        var bytes = GateSnapshotFormat.Write(7, since, since,
            [new("M-1", new SnapshotEntry([new SnapshotReason("enjoined_defendant", "{\"order\":\"o\"}", since, Surfaces.PromoEmail | Surfaces.OffsiteAd)]))],
            [new("L-1", new SnapshotEntry([new SnapshotReason("listing_noticed", "{\"notice\":\"n\"}", since)]))]);
        var file = GateSnapshotFile.Load(bytes);
        Assert.False(file.Allows(Surface.PromoEmail, "M-1"));
        Assert.False(file.Allows(Surface.OffsiteAd, "M-1"));
        Assert.True(file.Allows(Surface.SponsoredSearch, "M-1"));
        Assert.Empty(file.Check(Surface.SponsoredSearch, "M-1").Reasons);
        foreach (var surface in AllSurfaces) Assert.False(file.Allows(surface, "M-2", "L-1"));
        Assert.Equal(7, file.Sequence);
    }

    [Fact]
    public void Allowed_checks_allocate_nothing()
    {
        using var h = Scenario();
        var snapshot = h.Engine.SnapshotGate();
        var file = GateSnapshotFile.Load(snapshot.File.Bytes);
        int Checks(int times)
        {
            var allowed = 0;
            for (var i = 0; i < times; i++)
                allowed += (snapshot.Allows(Surface.SponsoredSearch, "M-4", "L-4") ? 1 : 0) + (file.Allows(Surface.SponsoredSearch, "M-4", "L-4") ? 1 : 0)
                    + (snapshot.Allows(Surface.SponsoredSearch, "M-1") ? 1 : 0);
            return allowed;
        }
        // Warm the same loop first: tiered compilation of it (on-stack replacement) may allocate on this thread.
        Checks(20_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var allowed = Checks(10_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(20_000, allowed);
    }

    [Fact]
    public void Gate_snapshot_command_writes_a_file_the_reader_loads()
    {
        using var h = Scenario();
        var path = Path.Combine(Path.GetDirectoryName(h.DbPath)!, "out.snapshot");
        var (exit, output, error) = h.Cli("gate", "snapshot", "--out", path, "--json");
        Assert.True(exit == 0, error);
        Assert.Contains("\"sequence\"", output);
        var file = GateSnapshotFile.Load(path);
        Assert.False(file.Allows(Surface.PremiumStatus, "M-1"));
        Assert.True(file.Allows(Surface.PremiumStatus, "M-4", "L-4"));
        Assert.Equal(h.LedgerLength, file.Sequence);
    }
}
