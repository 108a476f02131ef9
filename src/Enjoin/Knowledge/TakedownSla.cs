using Enjoin.Engine;
using Enjoin.Listings;

namespace Enjoin.Knowledge;

/// <summary>
/// DESIGN §4.3 <c>active_despite_notice</c>: a noticed or ordered listing still active
/// <c>takedown_sla</c> after the platform knew is knowledge about the listing and its merchant,
/// until the listing is down.
/// </summary>
public static class TakedownSla
{
    public static void Check(EngineSession s, string listingId, DateTimeOffset due)
    {
        if (s.Store.GetListing(listingId) is not { Status: ListingStatus.Active } listing) return;
        var noticed = s.Store.FactsOfListing(listingId)
            .Where(f => f.Code == KnowledgeCode.ListingNoticed && f.Interval.Contains(due) && f.Since + s.Policy.TakedownSla <= due)
            .OrderBy(f => f.Since)
            .FirstOrDefault();
        if (noticed is null) return;
        s.OpenFact(KnowledgeCode.ActiveDespiteNotice, listing.Merchant, listing.Id,
            noticed.Basis with { Reason = $"still active {s.Policy.TakedownSla.TotalHours:0} h after knowledge of {noticed.Since:yyyy-MM-dd HH:mm}Z" },
            null, due);
    }
}
