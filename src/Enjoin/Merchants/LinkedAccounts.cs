using System.Text.Json.Nodes;
using Enjoin.Engine;
using Enjoin.Knowledge;
using Enjoin.Orders;
using Enjoin.Review;

namespace Enjoin.Merchants;

/// <summary>
/// Linked accounts (DESIGN §3, §4.1.3): a merchant that shares a payout account, email or phone with an
/// enjoined merchant, under an order that covers aliases, or with a terminated repeat infringer, is a
/// question for a reviewer (<c>alias_candidate</c>) with the shared identifiers as evidence. Raised when
/// either side comes to be: the defendant enjoined or the infringer terminated, or the linked profile
/// ingested or changed. A merchant is asked about once per order (or per terminated account): a rejection
/// is not raised again.
/// </summary>
public static class LinkedAccounts
{
    /// <summary>The accounts linked to a merchant just enjoined by <paramref name="order"/> as defendant <paramref name="defendantNo"/>.</summary>
    public static void OfEnjoined(EngineSession s, Order order, int? defendantNo, string merchant, DateTimeOffset at)
    {
        if (!order.CoversAliases) return;
        var defendantMerchants = DefendantMerchants(s, order);
        foreach (var link in s.Store.LinkedMerchants(s.Store.GetMerchant(merchant)!))
            if (!defendantMerchants.Contains(link.Merchant)) AskAlias(s, order, defendantNo, link.Merchant, merchant, link, at);
    }

    /// <summary>The accounts linked to a merchant just terminated as a repeat infringer.</summary>
    public static void OfTerminated(EngineSession s, string merchant, DateTimeOffset at)
    {
        foreach (var link in s.Store.LinkedMerchants(s.Store.GetMerchant(merchant)!))
            AskTerminatedLink(s, link.Merchant, merchant, link, at);
    }

    /// <summary>A new or changed profile: is it linked to an account the platform already knows about?</summary>
    public static void OfProfile(EngineSession s, Merchant profile, DateTimeOffset at)
    {
        if (profile.PayoutAccount is null && profile.Email is null && profile.Phone is null) return;
        foreach (var link in s.Store.LinkedMerchants(profile))
        {
            foreach (var fact in s.Store.FactsOfMerchant(link.Merchant))
            {
                if (!fact.Interval.Contains(at) || fact.Listing is not null) continue;
                if (fact.Code == KnowledgeCode.EnjoinedDefendant && fact.Basis.Order is { } orderId &&
                    s.Store.GetOrder(orderId) is { CoversAliases: true } order && !DefendantMerchants(s, order).Contains(profile.Id))
                    AskAlias(s, order, fact.Basis.Defendant, profile.Id, link.Merchant, link, at);
                else if (fact.Code == KnowledgeCode.Terminated)
                    AskTerminatedLink(s, profile.Id, link.Merchant, link, at);
            }
        }
    }

    static HashSet<string> DefendantMerchants(EngineSession s, Order order) =>
        s.Store.Defendants(order.Id).SelectMany(d => d.Merchants).Select(m => m.Merchant).ToHashSet(StringComparer.Ordinal);

    static void AskAlias(EngineSession s, Order order, int? defendantNo, string candidate, string defendantMerchant, MerchantLink link, DateTimeOffset at)
    {
        if (s.Store.ReviewItemsOfMerchant(candidate).Any(i => i.Kind == ReviewKind.AliasCandidate && i.Order == order.Id)) return;
        s.OpenReview(ReviewKind.AliasCandidate, candidate, null, order.Id, defendantNo, new JsonObject
        {
            ["defendant_merchant"] = defendantMerchant, ["shared"] = link.Via, ["value"] = link.Value,
        }, at);
    }

    static void AskTerminatedLink(EngineSession s, string candidate, string terminated, MerchantLink link, DateTimeOffset at)
    {
        if (s.Store.GetMerchant(candidate)?.Standing.Account == AccountStatus.Terminated) return;
        if (s.Store.ReviewItemsOfMerchant(candidate).Any(i => i.Kind == ReviewKind.AliasCandidate && i.Order is null &&
                (string?)i.Evidence["terminated_merchant"] == terminated)) return;
        s.OpenReview(ReviewKind.AliasCandidate, candidate, null, null, null, new JsonObject
        {
            ["terminated_merchant"] = terminated, ["shared"] = link.Via, ["value"] = link.Value,
            ["note"] = "Shares an identifier with an account terminated as a repeat infringer; accepting ends this account too.",
        }, at);
    }
}
