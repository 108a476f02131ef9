using System.Text.Json;
using System.Text.Json.Nodes;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Knowledge;
using Enjoin.Ledger;
using Enjoin.Listings;
using Enjoin.Merchants;
using Enjoin.Notices;
using Enjoin.Orders;
using Enjoin.Review;
using Enjoin.Strikes;

namespace Enjoin.Engine;

/// <summary>
/// One unit of work: every state change goes through here so that it and its ledger event land in
/// the same transaction, and deadlines fire as event time moves.
/// </summary>
public sealed class EngineSession : IDisposable
{
    public EngineSession(IStoreTransaction store, Policy policy, string actor)
    {
        Store = store;
        Policy = policy;
        Actor = actor;
    }

    public IStoreTransaction Store { get; }
    public Policy Policy { get; }
    public string Actor { get; }

    /// <summary>Actions issued in this session, for the summaries commands print.</summary>
    public int ActionsIssued { get; private set; }

    /// <summary>Bumped whenever an order's enforcement starts or ends, so cached views of it are rebuilt.</summary>
    public int EnforcementVersion { get; private set; }

    /// <summary>Sequence number of the ledger event that actions issued now follow from.</summary>
    long _cause;

    DateTimeOffset? _clock;
    bool _clockLoaded;
    bool _clockChanged;
    DateTimeOffset? _nextDue;
    bool _nextDueLoaded;

    // Ingested records are ledgered in batch events of up to BatchEventSize records, flushed
    // before any other event so the ledger keeps the order in which things happened.
    const int BatchEventSize = 500;
    string? _batchKind;
    readonly List<string> _batchRecords = [];
    DateTimeOffset _batchAt;

    public void Commit()
    {
        FlushBatch();
        if (_clockChanged && _clock is { } clock) Store.SetClock(clock);
        Store.Commit();
    }

    public void Dispose() => Store.Dispose();

    // ---- ledger ----------------------------------------------------------------------------

    public LedgerEntry Record(DateTimeOffset at, string kind, string subject, JsonNode? data)
    {
        FlushBatch();
        return Store.Append(at, kind, Actor, subject, Json.Canonical(data));
    }

    /// <summary>Adds one ingested record (canonical JSON) to the current batch event of its kind.</summary>
    public void RecordInBatch(string kind, string canonicalRecord, DateTimeOffset at)
    {
        if (_batchKind != kind) FlushBatch();
        _batchKind = kind;
        _batchRecords.Add(canonicalRecord);
        if (at > _batchAt || _batchRecords.Count == 1) _batchAt = at;
        if (_batchRecords.Count >= BatchEventSize) FlushBatch();
    }

    void FlushBatch()
    {
        if (_batchKind is null || _batchRecords.Count == 0) return;
        var data = new System.Text.StringBuilder(_batchRecords.Sum(r => r.Length + 1) + 32);
        data.Append("{\"count\":").Append(_batchRecords.Count).Append(",\"records\":[");
        for (var i = 0; i < _batchRecords.Count; i++)
        {
            if (i > 0) data.Append(',');
            data.Append(_batchRecords[i]);
        }
        data.Append("]}");
        var kind = _batchKind;
        _batchKind = null;
        _batchRecords.Clear();
        Store.Append(_batchAt, kind, Actor, kind.Split('_')[0], data.ToString());
    }

    /// <summary>Records an event that later actions follow from (an order served, a listing relisted).</summary>
    public LedgerEntry RecordCause(DateTimeOffset at, string kind, string subject, JsonNode? data)
    {
        var entry = Record(at, kind, subject, data);
        _cause = entry.Seq;
        return entry;
    }

    static JsonNode? Node<T>(T value) => JsonSerializer.SerializeToNode(value, Json.Options);

    // ---- time ------------------------------------------------------------------------------

    /// <summary>
    /// Moves event time to <paramref name="at"/>, firing every deadline due on the way in due order
    /// (DESIGN §4.6). Time never moves back: an older record is applied at its own time, but the
    /// deadlines it passes have already fired.
    /// </summary>
    public void ReachTime(DateTimeOffset at)
    {
        if (!_policyChecked) RecordPolicyIfChanged(at);
        if (!_nextDueLoaded)
        {
            _nextDue = Store.NextDue(DateTimeOffset.MaxValue)?.Due;
            _nextDueLoaded = true;
        }
        while (_nextDue is { } due && due <= at && Store.NextDue(at) is { } deadline)
        {
            Store.MarkFired(deadline.Id, deadline.Due);
            _nextDueLoaded = false;
            switch (deadline.Kind)
            {
                case DeadlineKind.OrderService: OrderEnforcement.TakeEffect(this, deadline.Subject, deadline.Due); break;
                case DeadlineKind.OrderExpiry: OrderEnforcement.Expire(this, deadline.Subject, deadline.Due); break;
                case DeadlineKind.StrikeExpiry: StrikePolicy.Recount(this, deadline.Subject, deadline.Due); break;
                case DeadlineKind.TakedownSla: TakedownSla.Check(this, deadline.Subject, deadline.Due); break;
                case DeadlineKind.CounterNoticeRestore: CounterNotices.Restore(this, deadline.Subject, deadline.Due); break;
            }
            _nextDue = Store.NextDue(DateTimeOffset.MaxValue)?.Due;
            _nextDueLoaded = true;
        }
        if (Clock is not { } clock || at > clock)
        {
            _clock = at;
            _clockChanged = true;
        }
    }

    bool _policyChecked;

    /// <summary>The policy in force is itself evidence: recorded whenever it differs from the last one recorded.</summary>
    void RecordPolicyIfChanged(DateTimeOffset at)
    {
        _policyChecked = true;
        var canonical = Policy.Canonical();
        if (Store.GetMeta("policy") == canonical) return;
        Store.SetMeta("policy", canonical);
        Record(at, "policy_in_force", "policy", Policy.ToJson());
    }

    /// <summary>The event time reached so far, null before anything happened.</summary>
    public DateTimeOffset? Clock
    {
        get
        {
            if (!_clockLoaded)
            {
                _clock = Store.Clock;
                _clockLoaded = true;
            }
            return _clock;
        }
    }

    public void Schedule(DeadlineKind kind, string subject, DateTimeOffset due)
    {
        Store.InsertDeadline(new Deadline(0, due, kind, subject));
        if (_nextDue is null || due < _nextDue) _nextDue = due;
    }

    // ---- actions ---------------------------------------------------------------------------

    /// <summary>
    /// Issues an action into the outbox. The built-in mirror adapter applies it to Enjoin's own copy
    /// of the marketplace and confirms it at the action's event time.
    /// </summary>
    public EnforcementAction Issue(ActionKind kind, string merchant, string? listing, Basis basis, DateTimeOffset at,
        string? order = null, int? clauseOrdinal = null)
    {
        var action = new EnforcementAction(0, kind, merchant, listing, ActionStatus.Pending, basis, at, null, _cause)
        { Order = order, ClauseOrdinal = clauseOrdinal };
        action = action with { Id = Store.InsertAction(action) };
        Record(at, "action_issued", merchant, Node(ActionView.Of(action)));
        ActionsIssued++;
        UpdateStanding(action);
        if (Policy.ActionAdapter == ActionAdapter.Mirror) return Confirm(action, action.At, "mirror");
        // Outbox and webhook: the action stays pending until the marketplace answers (or delivery fails).
        // §4.3 active_despite_notice: a listing still up takedown_sla after knowledge is known to be.
        // (The mirror confirms at once, so under it there is nothing to wait for.)
        if (kind == ActionKind.TakedownListing && listing is not null) Schedule(DeadlineKind.TakedownSla, listing, at + Policy.TakedownSla);
        return action;
    }

    /// <summary>The standing records what Enjoin has instructed, so holds are issued and released once.</summary>
    void UpdateStanding(EnforcementAction action)
    {
        if (Store.GetMerchant(action.Merchant) is not { } merchant) return;
        var s = merchant.Standing;
        var next = action.Kind switch
        {
            ActionKind.HoldPayouts => s with { PayoutsHeld = true },
            ActionKind.ReleasePayouts => s with { PayoutsHeld = false },
            ActionKind.PreserveRecords => s with { RecordsHeld = true },
            ActionKind.ReleaseRecordsHold => s with { RecordsHeld = false },
            ActionKind.SuspendAccount => s with { Account = AccountStatus.Suspended },
            ActionKind.TerminateAccount => s with { Account = AccountStatus.Terminated },
            ActionKind.DisableStorefront => s with { StorefrontDisabled = true },
            _ => s,
        };
        if (next != s) Store.SetStanding(action.Merchant, next);
    }

    /// <summary>
    /// The marketplace (or the built-in mirror) confirms an action: Enjoin's copy of the listing
    /// follows it. A failed action changes nothing but its status.
    /// </summary>
    public EnforcementAction Confirm(EnforcementAction action, DateTimeOffset at, string by, bool failed = false, string? reason = null)
    {
        if (!action.IsOpen) return action;
        if (!failed && action.Listing is { } listingId && Store.GetListing(listingId) is { } listing)
        {
            var status = action.Kind switch
            {
                ActionKind.TakedownListing => ListingStatus.Removed,
                ActionKind.RestoreListing => ListingStatus.Active,
                _ => listing.Status,
            };
            if (status != listing.Status)
            {
                Store.SetListingStatus(listing.Id, status);
                if (status != ListingStatus.Active) ListingWentDown(listing.Merchant, listing.Id, at);
            }
        }
        var done = action with { Status = failed ? ActionStatus.Failed : ActionStatus.Confirmed, ConfirmedAt = failed ? null : at };
        Store.UpdateAction(done);
        Record(at, failed ? "action_failed" : "action_confirmed", action.Merchant, new JsonObject { ["action"] = action.Id, ["by"] = by, ["reason"] = reason });
        return done;
    }

    /// <summary>A listing is down: whatever was known about it staying up despite notice ends now.</summary>
    public void ListingWentDown(string merchant, string listing, DateTimeOffset at) =>
        CloseFact(KnowledgeCode.ActiveDespiteNotice, merchant, listing, null, at, "listing down");

    public void Cancel(EnforcementAction action, DateTimeOffset at, Basis basis)
    {
        if (!action.IsOpen) return;
        Store.UpdateAction(action with { Status = ActionStatus.Cancelled });
        Record(at, "action_cancelled", action.Merchant, new JsonObject { ["action"] = action.Id, ["basis"] = Node(basis) });
    }

    // ---- knowledge -------------------------------------------------------------------------

    /// <summary>Opens a fact unless the same one is already open; returns whether it opened.</summary>
    public bool OpenFact(KnowledgeCode code, string merchant, string? listing, Basis basis, string? basisId, DateTimeOffset at)
    {
        var key = new FactKey(code, merchant, listing, basisId);
        if (Store.OpenFact(key) is not null) return false;
        var fact = new KnowledgeFact(0, code, merchant, listing, basis, at, null, key.ToString());
        fact = fact with { Id = Store.InsertFact(fact) };
        Record(at, "knowledge_opened", merchant, Node(KnowledgeView.FactOf(fact)));
        if (code == KnowledgeCode.EnjoinedDefendant) EnforcementVersion++;
        return true;
    }

    public bool CloseFact(KnowledgeCode code, string merchant, string? listing, string? basisId, DateTimeOffset at, string reason)
    {
        if (!Store.CloseFact(new FactKey(code, merchant, listing, basisId), at)) return false;
        Record(at, "knowledge_closed", merchant, new JsonObject
        {
            ["code"] = Words<KnowledgeCode>.Of(code), ["listing"] = listing, ["basis"] = basisId, ["until"] = EventTime.Format(at), ["reason"] = reason,
        });
        if (code == KnowledgeCode.EnjoinedDefendant) EnforcementVersion++;
        return true;
    }

    // ---- review ----------------------------------------------------------------------------

    public ReviewItem OpenReview(ReviewKind kind, string? merchant, string? listing, string? order, int? defendant, JsonObject evidence, DateTimeOffset at)
    {
        var item = new ReviewItem(0, kind, ReviewStatus.Open, merchant, listing, order, defendant, evidence, at);
        item = item with { Id = Store.InsertReviewItem(item) };
        Record(at, "review_opened", merchant ?? order ?? listing ?? "review", Node(ReviewView.Of(item)));
        return item;
    }

    public ReviewItem CloseReview(ReviewItem item, ReviewStatus status, DateTimeOffset at, string by, string reason)
    {
        var decided = item with { Status = status, DecidedAt = at, DecidedBy = by, Reason = reason };
        Store.UpdateReviewItem(decided);
        var kind = status == ReviewStatus.Moot ? "review_moot" : "review_decided";
        var subject = item.Merchant ?? item.Order ?? "review";
        var data = new JsonObject
        {
            ["review"] = item.Id, ["kind"] = Words<ReviewKind>.Of(item.Kind), ["status"] = Words<ReviewStatus>.Of(status),
            ["merchant"] = decided.Merchant, ["by"] = by, ["reason"] = reason,
        };
        // An acceptance is what the actions that follow it rest on.
        if (status == ReviewStatus.Accepted) RecordCause(at, kind, subject, data);
        else Record(at, kind, subject, data);
        return decided;
    }
}
