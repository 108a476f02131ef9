using System.Text.Json;
using System.Text.Json.Nodes;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Knowledge;
using Enjoin.Listings;
using Enjoin.Merchants;
using Enjoin.Review;
using Enjoin.Screening;
using Enjoin.Strikes;

namespace Enjoin.Orders;

public sealed record DefendantResult(int No, string? Name, IReadOnlyList<string> Merchants, DefendantStatus Status);

/// <summary>What <c>orders import</c> prints (DESIGN §5.3).</summary>
public sealed record OrderImportResult(string Order, IReadOnlyList<DefendantResult> Defendants, int Actions);

/// <summary>DESIGN §4.1: what a served order, its modifications and its end do to the merchants it names.</summary>
public static class OrderEnforcement
{
    // ---- import ----------------------------------------------------------------------------

    /// <summary>
    /// Records an order and resolves its defendants at once (§4.1.1); it takes effect at its served
    /// time, now if that has passed. The same file again changes nothing.
    /// </summary>
    public static OrderImportResult Import(EngineSession s, OrderInput input, DateTimeOffset at)
    {
        var order = input.Order;
        if (s.Store.GetOrder(order.Id) is { } existing)
        {
            if (existing.Document != order.Document)
                throw input.Reject("id", $"order {order.Id} was already imported with different content; serve a modification instead");
            return Result(s, input, existing.Modifies ?? existing.Id, 0);
        }

        var target = Validate(s, input);
        var before = s.ActionsIssued;
        s.ReachTime(at);
        s.Store.InsertOrder(order with { InForce = false });

        var results = new List<DefendantResult>();
        if (!input.IsChange)
        {
            for (var i = 0; i < input.Clauses.Count; i++)
                s.Store.InsertClause(new Clause(order.Id, i, input.Clauses[i].Ref, input.Clauses[i].Kind, ClauseStatus.Active, order.Served));
            foreach (var row in input.Defendants) results.Add(AddDefendant(s, order, row, at));
        }
        s.Record(at, input.IsChange ? "order_change_imported" : "order_imported", target?.Id ?? order.Id, new JsonObject
        {
            ["order"] = JsonNode.Parse(order.Document),
            ["defendants"] = JsonSerializer.SerializeToNode(results, Json.Options),
        });

        if (order.Served <= at) TakeEffect(s, order.Id, order.Served);
        else s.Schedule(DeadlineKind.OrderService, order.Id, order.Served);
        s.ReachTime(at);
        return Result(s, input, target?.Id ?? order.Id, s.ActionsIssued - before);
    }

    static Order? Validate(EngineSession s, OrderInput input)
    {
        var order = input.Order;
        if (!input.IsChange)
        {
            if (order.Supersedes is { } superseded)
            {
                var previous = s.Store.GetOrder(superseded) ?? throw input.Reject("supersedes", $"unknown order {superseded}");
                if (!previous.IsInjunction) throw input.Reject("supersedes", $"{superseded} is a {Words<OrderKind>.Of(previous.Kind)}, not an injunction");
            }
            return null;
        }
        if (order.Modifies is null) throw input.Reject("modifies", "required: the order this changes");
        var target = s.Store.GetOrder(order.Modifies) ?? throw input.Reject("modifies", $"unknown order {order.Modifies}");
        if (!target.IsInjunction) throw input.Reject("modifies", $"{target.Id} is a {Words<OrderKind>.Of(target.Kind)}; modify the order itself");
        var clauses = s.Store.Clauses(target.Id);
        for (var i = 0; i < input.StrikeClauses.Count; i++)
            if (!clauses.Any(c => c.Ref == input.StrikeClauses[i]))
                throw input.Reject($"strike_clauses[{i}]", $"order {target.Id} has no clause {input.StrikeClauses[i]} (it has {string.Join(", ", clauses.Select(c => c.Ref).Distinct())})");
        var defendants = s.Store.Defendants(target.Id);
        for (var i = 0; i < input.DismissDefendants.Count; i++)
            if (!defendants.Any(d => d.No == input.DismissDefendants[i]))
                throw input.Reject($"dismiss_defendants[{i}]", $"order {target.Id} has no defendant {input.DismissDefendants[i]}");
        for (var i = 0; i < input.AddDefendants.Count; i++)
            if (defendants.Any(d => d.No == input.AddDefendants[i].No))
                throw input.Reject($"add_defendants[{i}].no", $"order {target.Id} already has a defendant {input.AddDefendants[i].No}");
        return target;
    }

    static OrderImportResult Result(EngineSession s, OrderInput input, string orderId, int actions)
    {
        var nos = input.IsChange ? input.AddDefendants.Select(d => d.No).ToHashSet() : null;
        var defendants = s.Store.Defendants(orderId)
            .Where(d => nos is null || nos.Contains(d.No))
            .Select(d => new DefendantResult(d.No, d.Name, d.Merchants.Select(m => m.Merchant).ToList(), d.Status))
            .ToList();
        return new OrderImportResult(input.Order.Id, defendants, actions);
    }

    /// <summary>Resolves a Schedule A row (§4.1.1) and records it; an unresolved row becomes a review item.</summary>
    static DefendantResult AddDefendant(EngineSession s, Order order, DefendantRow row, DateTimeOffset at)
    {
        var resolution = DefendantResolution.Resolve(row,
            id => s.Store.GetMerchant(id) is not null, s.Store.MerchantsWithUrlKey, s.Store.MerchantsWithNameKey);
        var merchants = resolution.Merchant is { } m ? new[] { new DefendantMerchant(m, resolution.Method!.Value, at) } : [];
        var defendant = new Defendant(order.Id, row.No, row.Name, row.SellerId, row.StoreUrl,
            resolution.Resolved ? DefendantStatus.Resolved : DefendantStatus.Unresolved, null) { Merchants = merchants };
        s.Store.InsertDefendant(defendant);
        if (!resolution.Resolved)
        {
            s.OpenReview(ReviewKind.UnresolvedDefendant, null, null, order.Id, row.No, new JsonObject
            {
                ["name"] = row.Name, ["seller_id"] = row.SellerId, ["store_url"] = row.StoreUrl,
                ["explanation"] = resolution.Explanation,
                ["candidates"] = new JsonArray([.. resolution.Candidates.Select(c => JsonValue.Create(c))]),
            }, at);
        }
        return new DefendantResult(row.No, row.Name, merchants.Select(x => x.Merchant).ToList(), defendant.Status);
    }

    // ---- service ---------------------------------------------------------------------------

    /// <summary>The order takes effect at its served time: the platform's actual notice (§4.1.2).</summary>
    public static void TakeEffect(EngineSession s, string orderId, DateTimeOffset at)
    {
        var order = s.Store.GetOrder(orderId)!;
        if (order.InForce) return;
        order = order with { InForce = true };
        s.Store.UpdateOrder(order);
        if (order.Kind is OrderKind.Modification or OrderKind.Dissolution)
        {
            ApplyChange(s, order, at);
            return;
        }
        s.RecordCause(at, "order_served", order.Id, new JsonObject
        {
            ["order"] = order.Id, ["case"] = order.Case, ["kind"] = Words<OrderKind>.Of(order.Kind), ["served"] = EventTime.Format(at),
        });

        var affected = new HashSet<string>(StringComparer.Ordinal);
        string? superseded = null;
        // §4.1.4: a PI that supersedes a TRO takes over at its own service, without a gap.
        if (order.Supersedes is { } previousId && s.Store.GetOrder(previousId) is { InForce: true } previous)
        {
            superseded = previous.Id;
            var active = s.Store.Clauses(previous.Id).Where(c => c.Status == ClauseStatus.Active).ToList();
            EndClauses(s, previous, active, ClauseStatus.Expired, at, $"superseded by {order.Id}", affected);
            CarryOverConfirmations(s, order, previous.Id, at);
        }
        if (order.Expires is { } expires) s.Schedule(DeadlineKind.OrderExpiry, order.Id, expires);

        var clauses = s.Store.Clauses(order.Id);
        var defendants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var defendant in s.Store.Defendants(order.Id).Where(d => !d.Dismissed))
            foreach (var merchant in defendant.Merchants)
            {
                EnforceAgainst(s, order, clauses, defendant.No, merchant.Merchant, at);
                affected.Add(merchant.Merchant);
                defendants.Add(merchant.Merchant);
            }
        if (order.IsInjunction && clauses.Any(c => c.Kind == ClauseKind.CeaseInfringement && c.Status == ClauseStatus.Active))
            ScreeningHits.ScreenExisting(s, order, defendants, at);
        Reconcile(s, affected, at, Basis.OfOrder(order) with { Reason = superseded is null ? null : $"supersedes {superseded}" });
    }

    /// <summary>
    /// §4.1.4 "without a gap": a merchant a reviewer resolved, or an alias legal confirmed, under the
    /// superseded order stays the defendant under the order that takes over, when both name the same
    /// Schedule A row (same no, name, seller_id and store_url); otherwise the question is asked again.
    /// </summary>
    static void CarryOverConfirmations(EngineSession s, Order order, string previousId, DateTimeOffset at)
    {
        var before = s.Store.Defendants(previousId).Where(d => !d.Dismissed).ToDictionary(d => d.No);
        foreach (var defendant in s.Store.Defendants(order.Id))
        {
            if (defendant.Dismissed || !before.TryGetValue(defendant.No, out var previous) ||
                (previous.Name, previous.SellerId, previous.StoreUrl) != (defendant.Name, defendant.SellerId, defendant.StoreUrl))
                continue;
            var carried = previous.Merchants
                .Where(m => m.Method is ResolutionMethod.Reviewer or ResolutionMethod.Alias && defendant.Merchants.All(d => d.Merchant != m.Merchant))
                .ToList();
            if (carried.Count == 0) continue;
            foreach (var merchant in carried)
            {
                s.Store.AddDefendantMerchant(order.Id, defendant.No, merchant with { At = at });
                s.Record(at, "defendant_resolved", order.Id, new JsonObject
                {
                    ["order"] = order.Id, ["no"] = defendant.No, ["merchant"] = merchant.Merchant,
                    ["method"] = Words<ResolutionMethod>.Of(merchant.Method), ["carried_from"] = previousId,
                });
            }
            if (defendant.Status == DefendantStatus.Unresolved)
            {
                s.Store.UpdateDefendant(defendant with { Status = DefendantStatus.Resolved });
                foreach (var item in s.Store.ReviewItemsOfOrder(order.Id)
                             .Where(i => i.Kind == ReviewKind.UnresolvedDefendant && i.Defendant == defendant.No && i.Status == ReviewStatus.Open))
                    s.CloseReview(item, ReviewStatus.Moot, at, "enjoin", $"resolved under {previousId}, which {order.Id} supersedes");
            }
        }
    }

    /// <summary>
    /// Every active clause of the order against one merchant the defendant resolved to (§4.1.2),
    /// its linked accounts as alias candidates (§4.1.3), and the order strike (§4.1.5).
    /// </summary>
    public static void EnforceAgainst(EngineSession s, Order order, IReadOnlyList<Clause> clauses, int defendantNo, string merchant,
        DateTimeOffset at)
    {
        var active = clauses.Where(c => c.Status == ClauseStatus.Active).ToList();
        var chain = CaseChain(s, order);
        foreach (var clause in active)
        {
            var basis = Basis.OfClause(order, clause) with { Defendant = defendantNo };
            var standing = s.Store.GetMerchant(merchant)!.Standing;
            switch (clause.Kind)
            {
                case ClauseKind.CeaseInfringement:
                    s.OpenFact(KnowledgeCode.EnjoinedDefendant, merchant, null, basis, order.Id, at);
                    var matcher = MarkMatchers.For(s.Store, order);
                    foreach (var listing in s.Store.ListingsOfMerchant(merchant))
                        if (listing.Status == ListingStatus.Active && matcher.FirstMatch(listing.Title, listing.Description, listing.Brand) is { } match)
                            TakeDown(s, order, clause, defendantNo, merchant, listing.Id, Found(match), at, "order service");
                    break;
                case ClauseKind.RestrainAssets when !standing.PayoutsHeld:
                    s.Issue(ActionKind.HoldPayouts, merchant, null, basis, at, order.Id, clause.Ordinal);
                    break;
                case ClauseKind.PreserveRecords when !standing.RecordsHeld:
                    s.Issue(ActionKind.PreserveRecords, merchant, null, basis, at, order.Id, clause.Ordinal);
                    break;
                case ClauseKind.DisableStorefront:
                    // §1 fact 4: a whole-storefront shut-down is never automatic; legal decides.
                    if (!s.Store.ReviewItemsOfMerchant(merchant).Any(i => i.Kind == ReviewKind.DisableStorefront && i.Order == order.Id))
                        s.OpenReview(ReviewKind.DisableStorefront, merchant, null, order.Id, defendantNo, new JsonObject
                        {
                            ["clause"] = clause.Ref, ["case"] = order.Case,
                            ["note"] = "Disabling a whole storefront reaches beyond the infringing listings; legal decides.",
                        }, at);
                    break;
                case ClauseKind.DiscloseInformation:
                    // Counsel needs the records once per case: a PI continuing its TRO does not ask again.
                    if (!s.Store.ActionsOfMerchant(merchant).Any(a => a.Kind == ActionKind.ProduceRecords && a.Order is not null && chain.Contains(a.Order)))
                        s.Issue(ActionKind.ProduceRecords, merchant, null, basis, at, order.Id, clause.Ordinal);
                    break;
            }
        }
        LinkedAccounts.OfEnjoined(s, order, defendantNo, merchant, at);

        // §4.1.5 (fact 5 of §1): the order itself counts as a strike. A PI continuing a TRO's case
        // against the same merchant does not count twice.
        if (s.Policy.OrderStrikes && active.Any(c => c.Kind == ClauseKind.CeaseInfringement))
        {
            var strikes = s.Store.StrikesOf(merchant);
            var already = strikes.Any(x => x.Source == StrikeSource.Order && chain.Contains(x.SourceId));
            if (!already) StrikePolicy.Strike(s, merchant, StrikeSource.Order, order.Id, at);
        }
    }

    /// <summary>The order and every order it supersedes, transitively: one case's TRO → PI → permanent injunction.</summary>
    static HashSet<string> CaseChain(EngineSession s, Order order)
    {
        var chain = new HashSet<string>(StringComparer.Ordinal) { order.Id };
        for (var next = order.Supersedes; next is not null && chain.Add(next);)
            next = s.Store.GetOrder(next)?.Supersedes;
        return chain;
    }

    static void TakeDown(EngineSession s, Order order, Clause clause, int defendantNo, string merchant, string listing, string found,
        DateTimeOffset at, string reason)
    {
        var basis = Basis.OfClause(order, clause) with
        {
            Defendant = defendantNo,
            Reason = $"{reason}: {found}",
        };
        s.Issue(ActionKind.TakedownListing, merchant, listing, basis, at, order.Id, clause.Ordinal);
        s.OpenFact(KnowledgeCode.ListingNoticed, merchant, listing, basis, order.Id, at);
    }

    static string Found(MarkMatch match) => $"{match.Mark} in {Words<ListingField>.Of(match.Field)}";

    /// <summary>
    /// An enjoined merchant posted a listing matching the order's marks after service: the order
    /// covers it, so it comes down at once and the merchant is known to have relisted (§4.3).
    /// </summary>
    public static void Relisting(EngineSession s, Order order, Clause clause, int? defendantNo, string merchant, Listing listing,
        MarkMatch match, DateTimeOffset at) =>
        Relisting(s, order, clause, defendantNo, merchant, listing, new JsonObject
        {
            ["mark"] = match.Mark, ["field"] = Words<ListingField>.Of(match.Field), ["start"] = match.Start, ["length"] = match.Length,
        }, Found(match), at);

    /// <summary>A relisting found by other evidence (a near-duplicate of a taken-down listing's photo, §4.5).</summary>
    public static void Relisting(EngineSession s, Order order, Clause clause, int? defendantNo, string merchant, Listing listing,
        JsonObject evidence, string found, DateTimeOffset at)
    {
        var cause = new JsonObject { ["listing"] = listing.Id, ["order"] = order.Id };
        foreach (var (key, value) in evidence) cause[key] = value?.DeepClone();
        s.RecordCause(at, "relisting_detected", merchant, cause);
        TakeDown(s, order, clause, defendantNo ?? 0, merchant, listing.Id, found, at, "relisting");
        s.OpenFact(KnowledgeCode.RelistedAfterOrder, merchant, null,
            Basis.OfClause(order, clause) with { Defendant = defendantNo }, order.Id, at);
    }

    // ---- changes and ends ------------------------------------------------------------------

    /// <summary>§4.1.4: a modification strikes clauses, dismisses and adds defendants, extends; a dissolution ends every clause.</summary>
    static void ApplyChange(EngineSession s, Order change, DateTimeOffset at)
    {
        var input = OrderInput.Parse(change.Id, change.Document);
        var target = s.Store.GetOrder(change.Modifies!)!;
        s.RecordCause(at, change.Kind == OrderKind.Dissolution ? "order_dissolved" : "order_modified", target.Id, new JsonObject
        {
            ["order"] = target.Id, ["change"] = change.Id, ["kind"] = Words<OrderKind>.Of(change.Kind), ["served"] = EventTime.Format(at),
        });
        var basis = new Basis { Order = target.Id, Case = target.Case, Kind = change.Kind, Modification = change.Id };
        var affected = new HashSet<string>(StringComparer.Ordinal);
        var clauses = s.Store.Clauses(target.Id);

        if (change.Kind == OrderKind.Dissolution)
        {
            EndClauses(s, target, clauses.Where(c => c.Status == ClauseStatus.Active).ToList(), ClauseStatus.Dissolved, at, $"dissolved by {change.Id}", affected);
            Reconcile(s, affected, at, basis with { Reason = "order dissolved" });
            return;
        }

        var struck = clauses.Where(c => c.Status == ClauseStatus.Active && input.StrikeClauses.Contains(c.Ref)).ToList();
        EndClauses(s, target, struck, ClauseStatus.Struck, at, $"struck by {change.Id}", affected);

        foreach (var no in input.DismissDefendants)
        {
            var defendant = s.Store.Defendants(target.Id).Single(d => d.No == no);
            if (defendant.Dismissed) continue;
            s.Store.UpdateDefendant(defendant with { DismissedAt = at });
            s.Record(at, "defendant_dismissed", target.Id, new JsonObject { ["order"] = target.Id, ["no"] = no, ["by"] = change.Id });
            var dismissal = basis with { Defendant = no, Reason = "defendant dismissed" };
            var released = new HashSet<string>(StringComparer.Ordinal);
            foreach (var merchant in defendant.Merchants.Select(m => m.Merchant))
            {
                EndEnjoinment(s, target, merchant, at, $"defendant {no} dismissed by {change.Id}");
                foreach (var action in OpenActions(s, target.Id).Where(a => a.Merchant == merchant)) s.Cancel(action, at, dismissal);
                released.Add(merchant);
            }
            // The release names the dismissal itself, so the record shows which defendant it was for.
            Reconcile(s, released, at, dismissal);
            foreach (var item in s.Store.ReviewItemsOfOrder(target.Id).Where(i => i.Defendant == no && i.Status == ReviewStatus.Open))
                s.CloseReview(item, ReviewStatus.Moot, at, "enjoin", $"defendant {no} dismissed by {change.Id}");
        }

        if (change.Expires is { } expires)
        {
            target = target with { Expires = expires };
            s.Store.UpdateOrder(target);
            s.Schedule(DeadlineKind.OrderExpiry, target.Id, expires);
            s.Record(at, "order_extended", target.Id, new JsonObject { ["order"] = target.Id, ["expires"] = EventTime.Format(expires), ["by"] = change.Id });
        }

        Reconcile(s, affected, at, basis);

        clauses = s.Store.Clauses(target.Id);
        foreach (var row in input.AddDefendants)
        {
            var added = AddDefendant(s, target, row, at);
            s.Record(at, "defendant_added", target.Id, new JsonObject
            {
                ["order"] = target.Id, ["no"] = row.No, ["by"] = change.Id, ["merchants"] = new JsonArray([.. added.Merchants.Select(m => JsonValue.Create(m))]),
            });
            if (target.InForce)
                foreach (var merchant in added.Merchants) EnforceAgainst(s, target, clauses, row.No, merchant, at);
        }
    }

    /// <summary>The TRO's own end (§4.1.4), unless a PI took over first or a modification moved it.</summary>
    public static void Expire(EngineSession s, string orderId, DateTimeOffset due)
    {
        var order = s.Store.GetOrder(orderId);
        if (order is null || !order.InForce || order.Expires != due) return;
        var active = s.Store.Clauses(orderId).Where(c => c.Status == ClauseStatus.Active).ToList();
        if (active.Count == 0) return;
        s.RecordCause(due, "order_expired", orderId, new JsonObject { ["order"] = orderId, ["expires"] = EventTime.Format(due) });
        var affected = new HashSet<string>(StringComparer.Ordinal);
        EndClauses(s, order, active, ClauseStatus.Expired, due, "order expired", affected);
        Reconcile(s, affected, due, Basis.OfOrder(order) with { Reason = "order expired" });
    }

    /// <summary>
    /// Clauses stop being enforced from this time: their pending actions are cancelled and legal's
    /// open questions about them are moot; nothing already done is silently undone.
    /// </summary>
    static void EndClauses(EngineSession s, Order order, IReadOnlyList<Clause> ending, ClauseStatus status, DateTimeOffset at, string reason,
        HashSet<string> affected)
    {
        if (ending.Count == 0) return;
        foreach (var clause in ending)
        {
            s.Store.UpdateClause(clause with { Status = status, Since = at });
            s.Record(at, "clause_ended", order.Id, new JsonObject
            {
                ["order"] = order.Id, ["clause"] = clause.Ref, ["kind"] = Words<ClauseKind>.Of(clause.Kind),
                ["status"] = Words<ClauseStatus>.Of(status), ["reason"] = reason,
            });
            var basis = Basis.OfClause(order, clause) with { Reason = reason };
            foreach (var action in OpenActions(s, order.Id).Where(a => a.ClauseOrdinal == clause.Ordinal)) s.Cancel(action, at, basis);
            if (clause.Kind == ClauseKind.DisableStorefront)
                foreach (var item in s.Store.ReviewItemsOfOrder(order.Id).Where(i => i.Kind == ReviewKind.DisableStorefront && i.Status == ReviewStatus.Open))
                    s.CloseReview(item, ReviewStatus.Moot, at, "enjoin", $"clause {clause.Ref} {reason}");
        }

        var merchants = s.Store.Defendants(order.Id).SelectMany(d => d.Merchants).Select(m => m.Merchant).Distinct().ToList();
        affected.UnionWith(merchants);
        var remaining = s.Store.Clauses(order.Id).Where(c => c.Status == ClauseStatus.Active).ToList();
        if (!remaining.Any(c => c.Kind == ClauseKind.CeaseInfringement))
            foreach (var merchant in merchants) EndEnjoinment(s, order, merchant, at, reason);
        // An order with nothing left in force has no open questions: whom it names no longer matters.
        if (remaining.Count == 0)
            foreach (var item in s.Store.ReviewItemsOfOrder(order.Id).Where(i => i.Status == ReviewStatus.Open))
                s.CloseReview(item, ReviewStatus.Moot, at, "enjoin", $"order {order.Id} no longer in force: {reason}");
    }

    static void EndEnjoinment(EngineSession s, Order order, string merchant, DateTimeOffset at, string reason)
    {
        s.CloseFact(KnowledgeCode.EnjoinedDefendant, merchant, null, order.Id, at, reason);
        s.CloseFact(KnowledgeCode.RelistedAfterOrder, merchant, null, order.Id, at, reason);
    }

    static IEnumerable<EnforcementAction> OpenActions(EngineSession s, string orderId) =>
        s.Store.Actions(ActionStatus.Pending).Concat(s.Store.Actions(ActionStatus.Sent)).Where(a => a.Order == orderId).ToList();

    /// <summary>
    /// A hold stays while any order in force still restrains the merchant; when none does, it is
    /// released by an explicit action that names why (§4.1.4).
    /// </summary>
    static void Reconcile(EngineSession s, IEnumerable<string> merchants, DateTimeOffset at, Basis basis)
    {
        foreach (var merchant in merchants)
        {
            var standing = s.Store.GetMerchant(merchant)!.Standing;
            if (standing.PayoutsHeld && !Covered(s, merchant, ClauseKind.RestrainAssets))
                s.Issue(ActionKind.ReleasePayouts, merchant, null, basis, at);
            if (standing.RecordsHeld && !Covered(s, merchant, ClauseKind.PreserveRecords))
                s.Issue(ActionKind.ReleaseRecordsHold, merchant, null, basis, at);
        }
    }

    static bool Covered(EngineSession s, string merchant, ClauseKind kind)
    {
        foreach (var (orderId, no) in s.Store.DefendantsOfMerchant(merchant))
        {
            if (s.Store.GetOrder(orderId) is not { InForce: true }) continue;
            if (s.Store.Defendants(orderId).FirstOrDefault(d => d.No == no) is not { Dismissed: false }) continue;
            if (s.Store.Clauses(orderId).Any(c => c.Kind == kind && c.Status == ClauseStatus.Active)) return true;
        }
        return false;
    }

    /// <summary>A reviewer's resolution or a confirmed alias: the merchant is treated as the defendant from now on.</summary>
    public static void ConfirmMerchant(EngineSession s, string orderId, int no, string merchant, ResolutionMethod method, DateTimeOffset at, long review)
    {
        var order = s.Store.GetOrder(orderId)!;
        var defendant = s.Store.Defendants(orderId).Single(d => d.No == no);
        s.Store.AddDefendantMerchant(orderId, no, new DefendantMerchant(merchant, method, at));
        if (defendant.Status == DefendantStatus.Unresolved) s.Store.UpdateDefendant(defendant with { Status = DefendantStatus.Resolved });
        s.RecordCause(at, "defendant_resolved", orderId, new JsonObject
        {
            ["order"] = orderId, ["no"] = no, ["merchant"] = merchant, ["method"] = Words<ResolutionMethod>.Of(method), ["review"] = review,
        });
        if (order.InForce && !defendant.Dismissed)
            EnforceAgainst(s, order, s.Store.Clauses(orderId), no, merchant, at);
    }
}
