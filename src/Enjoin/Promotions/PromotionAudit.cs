using System.Text.Json;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Gate;
using Enjoin.Knowledge;

namespace Enjoin.Promotions;

/// <summary>
/// The promotion audit (DESIGN §4.4, last bullet): each promotion event is judged against the knowledge
/// at its own time, by the gate's own policy — so the audit and the gate can never disagree. A promotion
/// the gate would have denied is an exposure, recorded with the reasons it contradicts.
/// </summary>
public static class PromotionAudit
{
    /// <summary>What the gate would have answered for this promotion, at the promotion's time.</summary>
    public static GateDecision Judge(Promotion p, IEnumerable<KnowledgeFact> merchantFacts, IEnumerable<KnowledgeFact> listingFacts) =>
        GatePolicy.Decide(p.Surface, p.Merchant, p.Listing, p.At, merchantFacts, listingFacts);

    /// <summary>
    /// Applies a batch of promotion events: unknown merchants and reused ids with other content are
    /// rejected per line; an event already recorded changes nothing; each new event is recorded (batch
    /// ledger event) and, if the gate would have denied it, an exposure with its own ledger event.
    /// Returns the rejected lines and the exposures among the batch's promotions (new or recorded before).
    /// </summary>
    public static (List<InputError> Errors, List<Exposure> Exposures) Apply(EngineSession s, string file,
        IReadOnlyList<(int Line, Promotion Promotion)> batch)
    {
        var errors = new List<InputError>();
        var ids = new HashSet<string>(batch.Select(b => b.Promotion.Id), StringComparer.Ordinal);
        var recorded = new Dictionary<string, string>(s.Store.PromotionRecords(ids), StringComparer.Ordinal);
        var exposures = s.Store.ExposuresOfPromotions(ids).ToDictionary(e => e.Promotion, StringComparer.Ordinal);
        var merchants = s.Store.ExistingMerchants(batch.Select(b => b.Promotion.Merchant).ToHashSet(StringComparer.Ordinal));
        var listings = s.Store.GetListings(batch.Where(b => b.Promotion.Listing is not null).Select(b => b.Promotion.Listing!).ToHashSet(StringComparer.Ordinal));
        var found = new List<Exposure>();
        var reported = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (line, p) in batch)
        {
            if (!merchants.Contains(p.Merchant))
            {
                errors.Add(new InputError(file, line, "merchant", $"unknown merchant {p.Merchant}; ingest merchants first"));
                continue;
            }
            if (p.Listing is { } listingId && listings.TryGetValue(listingId, out var listing) && listing.Merchant != p.Merchant)
            {
                errors.Add(new InputError(file, line, "listing", $"listing {listingId} belongs to merchant {listing.Merchant}, not {p.Merchant}"));
                continue;
            }
            var canonical = PromotionRecord.Canonical(p);
            if (recorded.TryGetValue(p.Id, out var previous))
            {
                if (previous != canonical)
                    errors.Add(new InputError(file, line, "id", $"promotion {p.Id} was already recorded with other content; a promotion event is never changed"));
                else if (exposures.TryGetValue(p.Id, out var known) && reported.Add(p.Id))
                    found.Add(known);
                continue;
            }

            // Deadlines up to the promotion's time fire first (an order served at that time is in force);
            // an older promotion is still judged at its own time, against the intervals of knowledge.
            s.ReachTime(p.At);
            s.Store.InsertPromotion(p, canonical);
            s.RecordInBatch("promotions_ingested", canonical, p.At);
            recorded[p.Id] = canonical;

            var decision = Judge(p, s.Store.FactsOfMerchant(p.Merchant), p.Listing is null ? [] : s.Store.FactsOfListing(p.Listing));
            if (decision.Allow) continue;
            var exposure = new Exposure(0, p.Id, p.Surface, p.Merchant, p.Listing, p.At, decision.Reasons, 0);
            var entry = s.Record(p.At, "exposure_recorded", p.Merchant, JsonSerializer.SerializeToNode(ExposureView.Of(exposure), Json.Options));
            exposure = exposure with { Seq = entry.Seq };
            exposure = exposure with { Id = s.Store.InsertExposure(exposure) };
            exposures[p.Id] = exposure;
            if (reported.Add(p.Id)) found.Add(exposure);
        }
        return (errors, found);
    }
}
