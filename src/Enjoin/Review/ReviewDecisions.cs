using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Knowledge;
using Enjoin.Listings;
using Enjoin.Merchants;
using Enjoin.Orders;
using Enjoin.Strikes;

namespace Enjoin.Review;

/// <summary>A person's decision on a review item, recorded with who decided and why (DESIGN §4.5).</summary>
public sealed record ReviewDecision(long Id, bool Accept, string Reason, string By, string? Merchant = null);

public static class ReviewDecisions
{
    public static ReviewItem Decide(EngineSession s, ReviewDecision decision, DateTimeOffset at, string file = "review")
    {
        InputRejectedException Reject(string field, string message) => new(new InputError(file, 1, field, message));

        if (string.IsNullOrWhiteSpace(decision.Reason)) throw Reject("reason", "a decision needs a reason (--reason TEXT)");
        var item = s.Store.GetReviewItem(decision.Id) ?? throw Reject("id", $"no review item {decision.Id}");
        if (item.Status != ReviewStatus.Open)
            throw Reject("id", $"review item {item.Id} is {Words<ReviewStatus>.Of(item.Status)}, not open");

        s.ReachTime(at);
        if (!decision.Accept) return s.CloseReview(item, ReviewStatus.Rejected, at, decision.By, decision.Reason);

        switch (item.Kind)
        {
            case ReviewKind.UnresolvedDefendant:
            {
                var candidates = item.Evidence["candidates"]?.AsArray().Select(c => (string?)c).OfType<string>().ToList() ?? [];
                var merchant = decision.Merchant ?? (candidates.Count == 1 ? candidates[0] : null)
                    ?? throw Reject("merchant", $"name the merchant this defendant is (--merchant ID); candidates: {(candidates.Count == 0 ? "none" : string.Join(", ", candidates))}");
                if (s.Store.GetMerchant(merchant) is null) throw Reject("merchant", $"unknown merchant {merchant}");
                var decided = s.CloseReview(item with { Merchant = merchant }, ReviewStatus.Accepted, at, decision.By, decision.Reason);
                OrderEnforcement.ConfirmMerchant(s, item.Order!, item.Defendant!.Value, merchant, ResolutionMethod.Reviewer, at, item.Id);
                return decided;
            }
            case ReviewKind.AliasCandidate when item.Order is null:
            {
                // A repeat infringer's other account: the policy reaches the person, not one account.
                var decided = s.CloseReview(item, ReviewStatus.Accepted, at, decision.By, decision.Reason);
                if (s.Store.GetMerchant(item.Merchant!)!.Standing.Account != AccountStatus.Terminated)
                    StrikePolicy.Terminate(s, item.Merchant!, new Basis
                    {
                        Review = item.Id,
                        Reason = $"linked to terminated repeat infringer {(string?)item.Evidence["terminated_merchant"]} ({(string?)item.Evidence["shared"]}): {decision.Reason}",
                    }, at);
                return decided;
            }
            case ReviewKind.AliasCandidate:
            {
                // §4.1.3: a confirmed alias is treated as the defendant, from the confirmation on.
                var decided = s.CloseReview(item, ReviewStatus.Accepted, at, decision.By, decision.Reason);
                OrderEnforcement.ConfirmMerchant(s, item.Order!, item.Defendant!.Value, item.Merchant!, ResolutionMethod.Alias, at, item.Id);
                return decided;
            }
            case ReviewKind.DisableStorefront:
            {
                var order = s.Store.GetOrder(item.Order!)!;
                var clause = s.Store.Clauses(order.Id).FirstOrDefault(c => c.Kind == ClauseKind.DisableStorefront && c.Status == ClauseStatus.Active)
                    ?? throw Reject("id", $"the disable_storefront clause of {order.Id} is no longer active");
                var decided = s.CloseReview(item, ReviewStatus.Accepted, at, decision.By, decision.Reason);
                s.Issue(ActionKind.DisableStorefront, item.Merchant!, null,
                    Basis.OfClause(order, clause) with { Defendant = item.Defendant, Review = item.Id, Reason = decision.Reason },
                    at, order.Id, clause.Ordinal);
                return decided;
            }
            case ReviewKind.ScreeningHit or ReviewKind.NearDuplicate:
            {
                // A reviewer confirmed the infringement: from now on the platform knows about the listing (§4.3), and it
                // comes down on the reviewer's decision — the platform's own, not a court's, and no strike.
                var decided = s.CloseReview(item, ReviewStatus.Accepted, at, decision.By, decision.Reason);
                var evidence = item.Kind == ReviewKind.ScreeningHit
                    ? $"{(string?)item.Evidence["mark"]} in {(string?)item.Evidence["field"]}{(item.Order is null ? "" : $", a mark of {item.Order}")}"
                    : $"photo near-duplicate of {(string?)item.Evidence["matched_listing"]}";
                var basis = new Basis { Review = item.Id, Reason = $"{evidence}: {decision.Reason}" };
                s.OpenFact(KnowledgeCode.ListingNoticed, item.Merchant!, item.Listing, basis, $"review:{item.Id}", at);
                if (s.Store.GetListing(item.Listing!) is { Status: ListingStatus.Active })
                    s.Issue(ActionKind.TakedownListing, item.Merchant!, item.Listing, basis, at);
                return decided;
            }
            default:
                return s.CloseReview(item, ReviewStatus.Accepted, at, decision.By, decision.Reason);
        }
    }
}
