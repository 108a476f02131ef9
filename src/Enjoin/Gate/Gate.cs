using Enjoin.Common;
using Enjoin.Knowledge;

namespace Enjoin.Gate;

// Surface lives in the embeddable Enjoin.Gate library (same namespace), which snapshot readers share.

public sealed record GateReason(KnowledgeCode Code, Basis Basis, DateTimeOffset Since);

/// <summary>May <c>Surface</c> promote <c>Merchant</c> (and <c>Listing</c>) at <c>At</c>? (DESIGN §5.3)</summary>
public sealed record GateDecision(bool Allow, Surface Surface, string Merchant, string? Listing, DateTimeOffset At, IReadOnlyList<GateReason> Reasons);

/// <summary>The default gate policy (DESIGN §4.4).</summary>
public static class GatePolicy
{
    /// <summary>
    /// Any merchant-level knowledge open at the time denies every surface for the merchant;
    /// <c>listing_noticed</c> denies that listing on every surface; otherwise allow. Every reason is given.
    /// </summary>
    public static GateDecision Decide(Surface surface, string merchant, string? listing, DateTimeOffset at,
        IEnumerable<KnowledgeFact> merchantFacts, IEnumerable<KnowledgeFact> listingFacts)
    {
        // Most questions are allowed: no list is made until there is a reason.
        List<GateReason>? reasons = null;
        foreach (var fact in merchantFacts)
            if (IsMerchantLevel(fact) && fact.Merchant == merchant && fact.Interval.Contains(at))
                (reasons ??= []).Add(new GateReason(fact.Code, fact.Basis, fact.Since));
        if (listing is not null)
            foreach (var fact in listingFacts)
                if (fact.Listing == listing && fact.Interval.Contains(at) && reasons?.Exists(r => r.Code == fact.Code && r.Basis == fact.Basis) != true)
                    (reasons ??= []).Add(new GateReason(fact.Code, fact.Basis, fact.Since));
        if (reasons is null) return new GateDecision(true, surface, merchant, listing, at, []);
        // Stable: reasons with the same since keep fact order, so every gate (snapshot, file reader) lists them alike.
        return new GateDecision(false, surface, merchant, listing, at, [.. reasons.OrderBy(r => r.Since)]);
    }

    /// <summary>Every code is about the merchant except <c>listing_noticed</c>, which is about one listing.</summary>
    public static bool IsMerchantLevel(KnowledgeFact fact) => fact.Code != KnowledgeCode.ListingNoticed;
}
