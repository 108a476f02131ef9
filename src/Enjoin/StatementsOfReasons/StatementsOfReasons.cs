using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Notices;
using Enjoin.Orders;
using Enjoin.Review;
using Enjoin.Strikes;
using static Enjoin.StatementsOfReasons.TransparencyDatabase;

namespace Enjoin.StatementsOfReasons;

/// <summary>Where a restriction came from, as DSA Art. 17(3)(b) asks and the API's <c>source_type</c> records it.</summary>
public enum StatementSource { Notice, TrustedFlagger, CourtOrder, OwnInitiative }

/// <summary>One statement of reasons: the restriction it explains and the statement object the API takes.</summary>
public sealed record StatementOfReasons(long Action, ActionKind Kind, StatementSource Source, DateTimeOffset AppliedAt, JsonObject Fields)
{
    public string Puid => (string)Fields["puid"]!;
}

/// <summary>
/// DSA Art. 17 and 24(5): every restriction Enjoin caused — a listing taken down, payouts held, an account
/// suspended or terminated, a storefront disabled — gets a statement of reasons, in the Transparency
/// Database's own vocabulary. A statement is made once the marketplace confirmed the restriction (it
/// applies from then); one that has since ended (listing restored, hold released, account reinstated)
/// carries its end date as far as known at the export's end.
/// <para>
/// No personal data: the text names the order (case, court, clause), the notice id, the marks, listing
/// ids, review item and strike ids — never a merchant's or notifier's name, email, phone, address or payout
/// account, a signature, or a reviewer's free-text reason (any of which may hold them).
/// </para>
/// </summary>
public static class StatementsOfReasons
{
    /// <summary>The statements of restrictions applied in [<paramref name="from"/>, <paramref name="to"/>), in the order applied.</summary>
    public static IReadOnlyList<StatementOfReasons> Derive(StatementSources sources, DateTimeOffset? from, DateTimeOffset? to)
    {
        var restores = EndsByKey(sources.Actions, ActionKind.RestoreListing, a => a.Listing);
        var releases = EndsByKey(sources.Actions, ActionKind.ReleasePayouts, a => a.Merchant);
        var statements = new List<StatementOfReasons>();
        foreach (var action in sources.Actions.OrderBy(a => a.ConfirmedAt).ThenBy(a => a.Id))
        {
            if (action.Status != ActionStatus.Confirmed || action.ConfirmedAt is not { } applied) continue;
            if (!StatementSources.Restrictions.Contains(action.Kind)) continue;
            if (applied < from || applied >= to) continue;
            // The first end after the restriction applied, as far as known at the export's end.
            DateTimeOffset? End(IReadOnlyList<DateTimeOffset>? ends)
            {
                foreach (var t in ends ?? [])
                    if (t >= applied && (to is null || t < to)) return t;
                return null;
            }
            var end = action.Kind switch
            {
                ActionKind.TakedownListing => End(restores.GetValueOrDefault(action.Listing ?? "")),
                ActionKind.HoldPayouts => End(releases.GetValueOrDefault(action.Merchant)),
                ActionKind.SuspendAccount or ActionKind.TerminateAccount => End(sources.Reinstated.GetValueOrDefault(action.Merchant)),
                _ => null,
            };
            statements.Add(Statement(sources, action, applied, end));
        }
        return statements;
    }

    static Dictionary<string, IReadOnlyList<DateTimeOffset>> EndsByKey(IReadOnlyList<EnforcementAction> actions, ActionKind kind, Func<EnforcementAction, string?> key) =>
        actions.Where(a => a.Kind == kind && a.Status == ActionStatus.Confirmed && a.ConfirmedAt is not null && key(a) is not null)
            .GroupBy(a => key(a)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<DateTimeOffset>)g.Select(a => a.ConfirmedAt!.Value).Order().ToList(), StringComparer.Ordinal);

    /// <summary>The puid of an action's statement: stable across exports, unique per action, in the API's alphabet.</summary>
    public static string PuidOf(EnforcementAction action) =>
        $"enjoin-{Words<ActionKind>.Of(action.Kind)}-{action.Id.ToString(CultureInfo.InvariantCulture)}";

    static StatementOfReasons Statement(StatementSources sources, EnforcementAction action, DateTimeOffset applied, DateTimeOffset? end)
    {
        var basis = action.Basis;
        var notice = basis.Notice is { } n ? sources.Notices.GetValueOrDefault(n) : null;
        var order = basis.Order is { } o ? sources.Orders.GetValueOrDefault(o) : null;
        var review = basis.Review is { } r ? sources.Reviews.GetValueOrDefault(r) : null;
        // §4.2.5 / DSA Art. 22: a trusted flagger's notice is its own source; a court order is "another notification".
        var source = basis.Notice is not null ? (notice?.Role == NotifierRole.TrustedFlagger ? StatementSource.TrustedFlagger : StatementSource.Notice)
            : basis.Order is not null ? StatementSource.CourtOrder
            : StatementSource.OwnInitiative;
        var right = notice is null ? null : NoticeRight.Of(notice);
        var explained = Explain(sources, action, applied, source, order, notice, right, review);

        var s = new JsonObject { ["puid"] = PuidOf(action) };
        switch (action.Kind)
        {
            case ActionKind.TakedownListing:
                // Enjoin never deletes a listing (records are preserved, a notice's takedown may be restored): access is disabled.
                s["decision_visibility"] = new JsonArray(VisibilityDisabled);
                if (end is { } restored) s["end_date_visibility_restriction"] = Day(restored);
                break;
            case ActionKind.HoldPayouts:
                s["decision_monetary"] = MonetarySuspension;
                if (end is { } released) s["end_date_monetary_restriction"] = Day(released);
                break;
            case ActionKind.DisableStorefront:
                s["decision_provision"] = ProvisionTotalSuspension;
                break;
            case ActionKind.SuspendAccount:
                s["decision_account"] = AccountSuspended;
                if (end is { } reinstated) s["end_date_account_restriction"] = Day(reinstated);
                break;
            case ActionKind.TerminateAccount:
                s["decision_account"] = AccountTerminated;
                if (end is { } reinstatedAfter) s["end_date_account_restriction"] = Day(reinstatedAfter);
                break;
        }
        s["decision_ground"] = GroundIllegal;
        s["illegal_content_legal_ground"] = Clip(explained.LegalGround, MaxText);
        s["illegal_content_explanation"] = Clip(explained.Explanation, MaxExplanation);
        s["category"] = CategoryIntellectualProperty;
        s["category_specification"] = new JsonArray(right?.Keyword ?? KeywordTrademark);
        if (right?.Keyword == KeywordOther) s["category_specification_other"] = Clip($"{right.Kind} infringement", MaxText);
        s["content_type"] = new JsonArray(ContentProduct);
        var posted = action.Listing is { } listing ? sources.ListingFirstSeen.GetValueOrDefault(listing) : sources.MerchantFirstSeen.GetValueOrDefault(action.Merchant);
        s["content_date"] = Day(posted != default && posted <= applied ? posted : applied);
        s["application_date"] = Day(applied);
        s["decision_facts"] = Clip(explained.Facts, MaxFacts);
        s["source_type"] = source switch
        {
            StatementSource.Notice => SourceArticle16,
            StatementSource.TrustedFlagger => SourceTrustedFlagger,
            StatementSource.CourtOrder => SourceOtherNotification,
            _ => SourceVoluntary,
        };
        s["automated_detection"] = explained.AutomatedDetection ? Yes : No;
        // A person decided this item (a reviewer, legal) with automated support: partly automated. Otherwise the rule acted alone.
        s["automated_decision"] = basis.Review is not null ? DecisionPartially : DecisionFully;
        return new StatementOfReasons(action.Id, action.Kind, source, applied, s);
    }

    sealed record Explained(string Facts, string LegalGround, string Explanation, bool AutomatedDetection);

    static Explained Explain(StatementSources sources, EnforcementAction action, DateTimeOffset applied, StatementSource source,
        Order? order, NoticeRecord? notice, NoticeRight? right, ReviewItem? review)
    {
        var basis = action.Basis;
        var on = Day(applied);
        var defendant = basis.Defendant is { } no and > 0 ? $"defendant no. {no} of the order's Schedule A" : "a defendant the order names";
        var orderText = order is null ? $"court order {basis.Order}" : OrderText(order);
        var clause = basis.Clause is null ? "" : $"clause {basis.Clause} ";
        var marks = order is null || order.Marks.Count == 0 ? "the protected marks" : $"the protected mark{(order.Marks.Count == 1 ? "" : "s")} {string.Join(", ", order.Marks)}";

        string OrderGround() => $"Trademark infringement ({(order is null ? "marks protected by the order" : string.Join(", ", order.Marks))}): " +
                                $"{orderText}{(basis.Clause is null ? "" : $", clause {basis.Clause}")}";
        const string OrderExplanation = "A court order served on the platform enjoins the defendant from offering goods bearing the protected marks, " +
                                        "and binds those with actual notice of it (Fed. R. Civ. P. 65(d)(2)). The restriction carries out that clause and reaches no further.";

        switch (action.Kind)
        {
            case ActionKind.TakedownListing:
            {
                var listing = action.Listing;
                var again = sources.ActiveAgain.Contains((listing ?? "", action.At))
                    ? " The listing had been taken down before on the same basis and was made active again." : "";
                if (source is StatementSource.Notice or StatementSource.TrustedFlagger)
                {
                    var by = source == StatementSource.TrustedFlagger ? ", submitted by a trusted flagger (DSA Art. 22)" : "";
                    return new Explained(
                        $"Access to listing {listing} was disabled on {on} on receipt of notice {basis.Notice} through the platform's notice and action mechanism " +
                        $"(DSA Art. 16){by}. The notice identifies the listing and alleges that it infringes {right?.Describe() ?? "the notifier's right"}, " +
                        $"with the statements of good faith and accuracy the mechanism requires.{again}",
                        $"{right?.Ground() ?? "Infringement of an intellectual property right"}: notice {basis.Notice} (DSA Art. 16)",
                        "The rights holder's notice identifies the listing exactly and states in good faith that it infringes the right; access is disabled, " +
                        "and restored if a counter-notice is not answered by suit within the waiting period.",
                        AutomatedDetection: again.Length > 0);
                }
                if (source == StatementSource.CourtOrder)
                {
                    string how;
                    if (sources.Relistings.GetValueOrDefault((listing ?? "", action.At)) is { } relisting)
                        how = (string?)relisting["matched_listing"] is { } original
                            ? $"The listing was posted after service and its photo is a near-duplicate (PDQ distance {(int?)relisting["distance"]}) of the photo of listing {original}, " +
                              "taken down for infringement: a relisting the order covers."
                            : $"The listing was posted after service and its {(string?)relisting["field"] ?? "text"} contains the protected mark {(string?)relisting["mark"]}: a relisting the order covers.";
                    else if (again.Length > 0) how = again.Trim();
                    else how = $"When the order took effect the listing was active and offered goods under {marks}.";
                    return new Explained(
                        $"Access to listing {listing} was disabled on {on} under {clause}(cease infringement) of the {orderText}. " +
                        $"The listing's seller is {defendant}. {how}",
                        OrderGround(), OrderExplanation, AutomatedDetection: true);
                }
                var found = review is null ? "infringing content"
                    : review.Kind == ReviewKind.NearDuplicate
                        ? $"its photo to be a near-duplicate (PDQ distance {(int?)review.Evidence["distance"]}) of the photo of listing {(string?)review.Evidence["matched_listing"]}, taken down for infringement"
                        : $"the protected mark {(string?)review.Evidence["mark"]} in its {(string?)review.Evidence["field"] ?? "text"}";
                var mark = review?.Kind == ReviewKind.ScreeningHit ? (string?)review.Evidence["mark"] : null;
                return new Explained(
                    $"Access to listing {listing} was disabled on {on} on the platform's own initiative, after a reviewer confirmed review item {basis.Review}: " +
                    $"the platform's automated screening found {found}.{again}",
                    mark is null ? "Trademark infringement (counterfeit goods)" : $"Trademark infringement ({mark})",
                    "The listing offers goods under another's protected mark without authorisation, as a reviewer confirmed from the screening evidence.",
                    AutomatedDetection: true);
            }
            case ActionKind.HoldPayouts:
                return new Explained(
                    $"Payouts to the seller's account were suspended on {on} under {clause}(restrain assets) of the {orderText}, " +
                    $"which restrains the assets of {defendant}; the account is that defendant's.",
                    OrderGround(), OrderExplanation, AutomatedDetection: false);
            case ActionKind.DisableStorefront:
                return new Explained(
                    $"The seller's storefront was disabled on {on} under {clause}(disable storefront) of the {orderText}, against {defendant}, " +
                    $"after the platform's legal team approved it in review item {basis.Review}.",
                    OrderGround(), OrderExplanation, AutomatedDetection: false);
            default:
            {
                var verb = action.Kind == ActionKind.SuspendAccount ? "suspended" : "terminated";
                if (basis.Strikes is { Count: > 0 } ids)
                {
                    var from = ids.Select(id => sources.Strikes.GetValueOrDefault(id)).Where(x => x is not null)
                        .Select(x => x!.Source == StrikeSource.Notice ? $"notice {x.SourceId}" : $"court order {x.SourceId}")
                        .Distinct(StringComparer.Ordinal).ToList();
                    return new Explained(
                        $"The seller's account was {verb} on {on} under the platform's published repeat-infringer policy (DSA Art. 23): " +
                        $"it had {ids.Count} active strikes (strikes {string.Join(", ", ids)}{(from.Count == 0 ? "" : $", from {string.Join(", ", from)}")}), " +
                        "reaching the policy's threshold.",
                        "Repeated infringement of intellectual property rights: the repeat-infringer policy (DSA Art. 23)",
                        "The account repeatedly offered infringing goods: its strikes from valid notices and court orders reached the threshold of the published " +
                        "repeat-infringer policy.",
                        AutomatedDetection: false);
                }
                var shared = (string?)review?.Evidence["shared"] is { } via ? $" (they share a {via.Replace('_', ' ')})" : "";
                return new Explained(
                    $"The seller's account was {verb} on {on} after a reviewer confirmed in review item {basis.Review} that it is operated together with an account " +
                    $"terminated under the platform's repeat-infringer policy (DSA Art. 23){shared}.",
                    "Repeated infringement of intellectual property rights: the repeat-infringer policy (DSA Art. 23)",
                    "The repeat-infringer policy reaches the person behind a terminated account, not one account: a linked account run by the same operator ends too.",
                    AutomatedDetection: review is not null);
            }
        }
    }

    static string OrderText(Order order)
    {
        var kind = Words<OrderKind>.Of(order.Kind).Replace('_', ' ');
        var where = order.Case is null ? $"order {order.Id}" : $"case {order.Case}";
        var court = order.Court is null ? "" : $" ({order.Court})";
        return $"{kind} in {where}{court}, served on the platform on {Day(order.Served)}";
    }

    static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>The right a notice names, in words that carry no personal data (DESIGN §5.2 <c>right</c>).</summary>
    sealed record NoticeRight(string Kind, string? Mark, string? Registration, string? Jurisdiction)
    {
        public static NoticeRight? Of(NoticeRecord notice)
        {
            using var document = JsonDocument.Parse(notice.Document);
            if (!document.RootElement.TryGetProperty("right", out var right) || right.ValueKind != JsonValueKind.Object) return null;
            string? Text(string name) => right.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString()!.Trim() : null;
            return new NoticeRight(Text("kind") ?? "trademark", Text("mark"), Text("registration"), Text("jurisdiction"));
        }

        public string Keyword => Kind.ToLowerInvariant() switch
        {
            "trademark" or "trade_mark" or "trade mark" => KeywordTrademark,
            "copyright" => KeywordCopyright,
            "design" => KeywordDesign,
            "patent" => KeywordPatent,
            _ => KeywordOther,
        };

        /// <summary>"the trademark SQUISHMALLOWS (US Reg. No. 0000000, US)"; a copyright work is not named (its title may name a person).</summary>
        public string Describe()
        {
            var details = string.Join(", ", new[] { Registration, Jurisdiction }.Where(x => x is not null));
            var what = Mark is null ? $"a {Kind} right" : $"the {Kind} {Mark}";
            return details.Length == 0 ? what : $"{what} ({details})";
        }

        public string Ground() =>
            $"{char.ToUpperInvariant(Kind[0])}{Kind[1..]} infringement{(Mark is null ? "" : $" ({Mark}{(Registration is null ? "" : $", {Registration}")})")}";
    }
}
