using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Gate;
using Enjoin.Knowledge;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Gate;

/// <summary>
/// DESIGN §4.4, §6.2: the snapshot gate answers "now" exactly as the intervals do. A randomized
/// history (fixed seed) of merchants, listings, orders served / struck / dissolved, notices,
/// counter-notices, confirmations, reinstatements and advances; after every step the snapshot, the
/// engine's as-of answer and a plain recomputation from all facts agree for every merchant, listing
/// and surface.
/// </summary>
public sealed class GateSnapshotAgreementTests
{
    const int Steps = 2000;
    const int MerchantCount = 12;
    const int ListingCount = 36;
    static readonly Surface[] AllSurfaces = Enum.GetValues<Surface>();

    [Fact]
    public void Snapshot_as_of_answer_and_recomputation_agree_over_a_random_history()
    {
        // The outbox adapter leaves takedowns pending, so active_despite_notice arises too.
        using var history = History.Create(Policy.Default with { ActionAdapter = ActionAdapter.Outbox });
        var engine = history.Engine;
        var random = new Random(20240209);
        var t = History.T("2023-01-02T00:00:00Z");
        string Iso() => EventTime.Format(t);

        var merchants = Enumerable.Range(0, MerchantCount).Select(i => $"M-{i}").ToArray();
        foreach (var m in merchants) history.Merchant(m, name: $"Store {m}", at: Iso());
        var owner = new string[ListingCount];
        for (var i = 0; i < ListingCount; i++)
        {
            owner[i] = merchants[i % MerchantCount];
            history.Listing($"L-{i}", owner[i], random.Next(3) == 0 ? "SQUISHMALLOWS plush" : "Marshmallow pillow", Iso());
        }

        var holder = new GateSnapshotHolder(engine.SnapshotGate());
        var orders = new List<string>();
        var notices = new List<(string Notice, int Listing)>();
        var counts = new Dictionary<string, int>();
        var denials = 0;

        for (var step = 0; step < Steps; step++)
        {
            t += TimeSpan.FromMinutes(random.Next(10, random.Next(4) == 0 ? 6 * 24 * 60 : 12 * 60));
            var roll = random.Next(100);
            var kind = roll switch
            {
                < 18 => "listing", < 28 => "order", < 33 => "modification", < 36 => "dissolution", < 58 => "notice",
                < 66 => "counter_notice", < 80 => "confirm", < 84 => "reinstate", _ => "advance",
            };
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
            try
            {
                switch (kind)
                {
                    case "listing":
                        var l = random.Next(ListingCount);
                        history.IngestListing($"L-{l}", owner[l], random.Next(2) == 0 ? $"Squish-Mallows {step}" : $"Plush toy {step}", Iso());
                        break;
                    case "order":
                        var id = $"O-{step}";
                        var defendants = Enumerable.Range(1, random.Next(1, 4))
                            .Select(n => new Def(n, $"Store {merchants[random.Next(MerchantCount)]}", merchants[random.Next(MerchantCount)])).ToArray();
                        var pi = random.Next(2) == 0;
                        history.Import(OrderJson.Injunction(id, Iso(), defendants, ["cease_infringement", "restrain_assets"],
                            kind: pi ? "preliminary_injunction" : "temporary_restraining_order",
                            expires: pi ? null : EventTime.Format(t + TimeSpan.FromDays(random.Next(3, 20)))));
                        orders.Add(id);
                        break;
                    case "modification" when orders.Count > 0:
                        var modifies = orders[random.Next(orders.Count)];
                        history.Import(random.Next(2) == 0
                            ? OrderJson.Modification($"X-{step}", modifies, Iso(), strike: ["1(a)"])
                            : OrderJson.Modification($"X-{step}", modifies, Iso(), dismiss: [random.Next(1, 4)]));
                        break;
                    case "dissolution" when orders.Count > 0:
                        history.Import(OrderJson.Dissolution($"D-{step}", orders[random.Next(orders.Count)], Iso()));
                        break;
                    case "notice":
                        var named = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.Next(ListingCount)).Distinct().ToArray();
                        var submitted = history.SubmitNotices(NoticeJson.Of($"N-{step}", Iso(), [.. named.Select(n => $"L-{n}")]).ToJsonString());
                        if (submitted.Receipts.Count > 0) notices.AddRange(named.Select(n => ($"N-{step}", n)));
                        break;
                    case "counter_notice" when notices.Count > 0:
                        var (notice, listing) = notices[random.Next(notices.Count)];
                        history.SubmitCounterNotices(NoticeJson.Counter($"C-{step}", Iso(), notice, $"L-{listing}", owner[listing]).ToJsonString());
                        break;
                    case "confirm":
                        var pending = engine.Actions(ActionStatus.Pending);
                        if (pending.Count > 0) engine.ConfirmAction(pending[random.Next(pending.Count)].Id, t);
                        break;
                    case "reinstate":
                        engine.Reinstate(merchants[random.Next(MerchantCount)], "reviewed: genuine goods", "reviewer", t);
                        break;
                    default:
                        engine.Advance(t);
                        break;
                }
            }
            catch (InputRejectedException)
            {
                // A refused input (a counter-notice on a court-ordered takedown, a reinstatement of a merchant in good standing) changes nothing.
            }

            holder.Refresh(engine);
            var snapshot = holder.Current;
            var now = engine.Clock;
            Assert.Equal(now, snapshot.At);
            // Open facts at now, each with its reason text computed once a step.
            var open = engine.Read(store => merchants.SelectMany(store.FactsOfMerchant).ToList())
                .Where(f => f.Since <= now && (f.Until is null || now < f.Until))
                .Select(f => (Fact: f, Text: Reason(f.Code, f.Basis, f.Since))).ToList();
            var full = step % 100 == 99 ? engine.SnapshotGate() : null;
            var file = step % 250 == 249 ? GateSnapshotFile.Load(snapshot.File.Bytes) : null;

            var q = 0;
            foreach (var (merchant, listing) in Questions(merchants, owner))
            {
                var expected = Recompute(open, merchant, listing);
                // The database's as-of answer for a rotating third of the questions (every one every 50th step), on a rotating surface.
                var asOf = step % 50 == 0 || q++ % 3 == step % 3;
                foreach (var surface in AllSurfaces)
                {
                    var fromSnapshot = snapshot.Decide(surface, merchant, listing);
                    Assert.Equal(fromSnapshot.Allow, snapshot.Allows(surface, merchant, listing));
                    Assert.Equal(fromSnapshot.Allow, snapshot.Allows(surface, merchant.AsSpan(), listing.AsSpan()));
                    if (surface == Surface.SponsoredSearch)
                    {
                        var got = Describe(fromSnapshot);
                        Assert.True(expected == got, $"step {step} ({kind}) {merchant}/{listing}: snapshot {got}, recomputed {expected}");
                    }
                    else if (fromSnapshot.Allow != expected.StartsWith("allow", StringComparison.Ordinal))
                        Assert.Fail($"step {step} ({kind}) {Words<Surface>.Of(surface)} {merchant}/{listing}: snapshot {Describe(fromSnapshot)}, recomputed {expected}");
                    if (asOf && (surface == AllSurfaces[step % AllSurfaces.Length] || step % 50 == 0))
                        Assert.Equal(Exact(engine.CheckGate(surface, merchant, listing)), Exact(fromSnapshot));
                    if (full is not null) Assert.Equal(Exact(full.Decide(surface, merchant, listing)), Exact(fromSnapshot));
                    if (file is not null) Assert.Equal(Exact(fromSnapshot), Exact(file.Check(surface, merchant, listing)));
                    if (!fromSnapshot.Allow) denials++;
                }
            }
        }

        // The history did reach every kind of knowledge, and the gate denied as well as allowed.
        var final = engine.Read(store => merchants.SelectMany(store.FactsOfMerchant).Select(f => f.Code).Distinct().ToList());
        foreach (var code in Enum.GetValues<KnowledgeCode>()) Assert.Contains(code, final);
        Assert.True(denials > 1000, $"only {denials} denials");
        Assert.True(counts.Values.Sum() == Steps && counts.Count == 9, string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}")));
    }

    /// <summary>Every merchant alone, every listing with its own merchant, every listing with another merchant.</summary>
    static IEnumerable<(string Merchant, string? Listing)> Questions(string[] merchants, string[] owner)
    {
        foreach (var m in merchants) yield return (m, null);
        for (var i = 0; i < owner.Length; i++)
        {
            yield return (owner[i], $"L-{i}");
            yield return (merchants[(i + 1) % merchants.Length], $"L-{i}");
        }
    }

    /// <summary>DESIGN §4.4 from scratch: the open facts about the merchant (merchant-level codes) or the listing (any code); every surface alike.</summary>
    static string Recompute(List<(KnowledgeFact Fact, string Text)> open, string merchant, string? listing)
    {
        var reasons = open
            .Where(o => (o.Fact.Merchant == merchant && o.Fact.Code != KnowledgeCode.ListingNoticed) || (listing is not null && o.Fact.Listing == listing))
            .Select(o => o.Text)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        return $"{(reasons.Count == 0 ? "allow" : "deny")} [{string.Join("; ", reasons)}]";
    }

    static string Reason(KnowledgeCode code, Basis basis, DateTimeOffset since) => $"{Words<KnowledgeCode>.Of(code)} {Json.Canonical(basis)} {EventTime.Format(since)}";

    /// <summary>Allow and the set of reasons.</summary>
    static string Describe(GateDecision d)
    {
        var reasons = d.Reasons.Select(r => Reason(r.Code, r.Basis, r.Since)).Distinct().Order(StringComparer.Ordinal).ToList();
        return $"{(d.Allow ? "allow" : "deny")} [{string.Join("; ", reasons)}]";
    }

    /// <summary>Allow and the reasons in their order, as the API writes them.</summary>
    internal static string Exact(GateDecision d) =>
        $"{d.Allow} {string.Join(" | ", d.Reasons.Select(r => Reason(r.Code, r.Basis, r.Since)))}";

    internal static string Exact(SnapshotDecision d) =>
        $"{d.Allow} {string.Join(" | ", d.Reasons.Select(r => $"{r.Code} {r.Basis} {EventTime.Format(r.Since)}"))}";
}
