using Enjoin.Accounts;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Gate;
using Enjoin.Knowledge;
using Enjoin.Ledger;
using Enjoin.Listings;
using Enjoin.Merchants;
using Enjoin.Notices;
using Enjoin.Orders;
using Enjoin.Review;

namespace Enjoin.Engine;

/// <summary>
/// The engine's front door, shared by the CLI and the server: each call is one transaction (ingest:
/// one per batch). Event time comes from the caller; the wall clock only stamps recorded_at.
/// </summary>
public sealed class EnjoinEngine(IEnjoinStore store, Policy? policy = null, TimeProvider? wallClock = null)
{
    public const int IngestBatchSize = 5000;

    public Policy Policy { get; } = policy ?? Policy.Default;
    readonly TimeProvider _wallClock = wallClock ?? TimeProvider.System;

    public IEnjoinStore Store => store;

    EngineSession Open(string actor) => new(store.Begin(), Policy, actor);

    DateTimeOffset Now => EventTime.Normalize(_wallClock.GetUtcNow());

    /// <summary>The event time reached so far, or the wall clock before anything was recorded.</summary>
    public DateTimeOffset Clock
    {
        get
        {
            using var session = Open("query");
            return session.Clock ?? Now;
        }
    }

    public IngestSummary IngestMerchants(string file, IEnumerable<InputLine> lines, DateTimeOffset? at = null, string actor = "cli")
    {
        var errors = new List<InputError>();
        var read = 0;
        var records = Jsonl.Parse<Merchant>(file, lines, MerchantRecord.Read, errors, ref read);
        var actions = 0;
        foreach (var batch in records.Chunk(IngestBatchSize))
        {
            using var session = Open(actor);
            foreach (var (_, merchant, recordAt) in batch) MerchantIngest.Apply(session, merchant, at ?? recordAt ?? Now);
            actions += session.ActionsIssued;
            session.Commit();
        }
        return Summary(read, records.Count, errors, actions);
    }

    public IngestSummary IngestListings(string file, IEnumerable<InputLine> lines, DateTimeOffset? at = null, string actor = "cli",
        IProgress<int>? progress = null)
    {
        var errors = new List<InputError>();
        var read = 0;
        var accepted = 0;
        var actions = 0;
        // Parsed and applied a batch at a time, so a file of millions of lines streams.
        foreach (var chunk in lines.Chunk(IngestBatchSize))
        {
            var parsed = Jsonl.Parse<Listing>(file, chunk, ListingRecord.Read, errors, ref read);
            var batch = parsed.Select(r => (r.Line, r.Record, at ?? r.At ?? Now)).ToList();
            using var session = Open(actor);
            var rejected = new ListingIngest(session).Apply(file, batch);
            errors.AddRange(rejected);
            accepted += batch.Count - rejected.Count;
            actions += session.ActionsIssued;
            session.Commit();
            progress?.Report(read);
        }
        return Summary(read, accepted, errors, actions);
    }

    static IngestSummary Summary(int read, int accepted, List<InputError> errors, int actions)
    {
        errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new IngestSummary(read, accepted, errors.Select(e => new IngestRejection(e.Line, e.Describe())).ToList(), actions) { Errors = errors };
    }

    /// <summary>Imports an order; its event time is <paramref name="at"/>, else its served time.</summary>
    public OrderImportResult ImportOrder(OrderInput input, DateTimeOffset? at = null, string actor = "cli")
    {
        using var session = Open(actor);
        var result = OrderEnforcement.Import(session, input, at ?? input.Order.Served);
        session.Commit();
        return result;
    }

    /// <summary>What a notices file produced: a receipt per accepted notice, and the notices refused.</summary>
    public sealed record NoticeSubmission(IReadOnlyList<Receipt> Receipts, IReadOnlyList<InputError> Errors, bool IsArray);

    /// <summary>
    /// Submits one notice or an array (DESIGN §4.2.1): each invalid notice is refused whole, the
    /// valid ones are processed — trusted flaggers first — and commit together.
    /// </summary>
    public NoticeSubmission SubmitNotices(string file, string text, DateTimeOffset? at = null, string actor = "cli")
    {
        var parsed = NoticeInput.Parse(file, text, (json, read, prefix) => Notice.Read(json, read, prefix));
        var errors = parsed.Errors.ToList();
        var receipts = new List<Receipt>();
        using var session = Open(actor);
        foreach (var (notice, reject) in NoticeProcess.InPriorityOrder(session.Store, parsed.Records, r => r.Record))
        {
            try { receipts.Add(NoticeProcess.Submit(session, notice, at ?? notice.At, reject)); }
            catch (InputRejectedException e) { errors.AddRange(e.Errors); }
        }
        session.Commit();
        return new NoticeSubmission(receipts, errors, parsed.IsArray);
    }

    public sealed record CounterNoticeSubmission(IReadOnlyList<CounterNoticeResult> Results, IReadOnlyList<InputError> Errors, bool IsArray);

    /// <summary>Counter-notices and suit reports (<c>{"kind":"suit_filed"}</c>), one or an array (DESIGN §4.2.4).</summary>
    public CounterNoticeSubmission SubmitCounterNotices(string file, string text, DateTimeOffset? at = null, string actor = "cli")
    {
        var parsed = NoticeInput.Parse<object>(file, text, (json, read, prefix) =>
            json.ValueKind == System.Text.Json.JsonValueKind.Object && json.TryGetProperty("kind", out var kind) && kind.ValueKind == System.Text.Json.JsonValueKind.String && kind.GetString() == "suit_filed"
                ? SuitFiled.Read(json, read, prefix)
                : CounterNotice.Read(json, read, prefix));
        var errors = parsed.Errors.ToList();
        var results = new List<CounterNoticeResult>();
        using var session = Open(actor);
        foreach (var (record, reject) in parsed.Records)
        {
            try
            {
                switch (record)
                {
                    case CounterNotice counter: results.Add(CounterNotices.Submit(session, counter, at ?? counter.At, reject)); break;
                    case SuitFiled suit: results.AddRange(CounterNotices.SuitFiled(session, at is { } t ? suit with { At = t } : suit, reject)); break;
                }
            }
            catch (InputRejectedException e) { errors.AddRange(e.Errors); }
        }
        session.Commit();
        return new CounterNoticeSubmission(results, errors, parsed.IsArray);
    }

    public IReadOnlyList<Notifier> Notifiers()
    {
        using var session = Open("query");
        return session.Store.Notifiers();
    }

    /// <summary>The marketplace confirms (or reports failure of) an action taken through the outbox.</summary>
    public ActionView ConfirmAction(long id, DateTimeOffset? at = null, bool failed = false, string? reason = null, string actor = "cli")
    {
        using var session = Open(actor);
        var action = session.Store.GetAction(id) ?? throw new InputRejectedException(new InputError("actions", 0, "id", $"no action {id}"));
        if (!action.IsOpen) throw new InputRejectedException(new InputError("actions", 0, "id", $"action {id} is already {Words<ActionStatus>.Of(action.Status)}"));
        var when = at ?? session.Clock ?? Now;
        if (when < action.At) throw new InputRejectedException(new InputError("actions", 0, "at", $"an action cannot be confirmed before it was issued ({EventTime.Format(action.At)})"));
        session.ReachTime(when);
        var done = session.Confirm(action, when, actor, failed, reason);
        session.Commit();
        return ActionView.Of(done);
    }

    /// <summary>A reviewer reinstates a terminated or suspended merchant — only with a recorded reason (no quiet reinstatements).</summary>
    public void Reinstate(string merchant, string reason, string by, DateTimeOffset? at = null)
    {
        using var session = Open(by);
        Strikes.StrikePolicy.Reinstate(session, merchant, reason, by, at ?? session.Clock ?? Now);
        session.Commit();
    }

    /// <summary>Moves event time forward, firing every deadline up to it (DESIGN §4.6).</summary>
    public (DateTimeOffset From, DateTimeOffset To, int Actions) Advance(DateTimeOffset to, string actor = "cli")
    {
        using var session = Open(actor);
        var from = session.Clock ?? to;
        if (to < from) throw new InputRejectedException(new InputError("advance", 1, "to", $"event time is already {EventTime.Format(from)}; it never moves back"));
        session.ReachTime(to);
        session.Record(to, "clock_advanced", "clock", new System.Text.Json.Nodes.JsonObject { ["from"] = EventTime.Format(from), ["to"] = EventTime.Format(to) });
        var actions = session.ActionsIssued;
        session.Commit();
        return (from, to, actions);
    }

    public GateDecision CheckGate(Surface surface, string merchant, string? listing, DateTimeOffset? at = null)
    {
        using var session = Open("gate");
        var t = at ?? session.Clock ?? Now;
        return GatePolicy.Decide(surface, merchant, listing, t, session.Store.FactsOfMerchant(merchant),
            listing is null ? [] : session.Store.FactsOfListing(listing));
    }

    /// <summary>
    /// The gate snapshot at the ledger head (DESIGN §6.2): built from every open fact, or — given the
    /// one in force — that one brought up to date by following the ledger since its sequence.
    /// </summary>
    public GateSnapshot SnapshotGate(GateSnapshot? current = null)
    {
        using var session = Open("gate");
        var at = session.Clock ?? Now;
        return current is null ? GateSnapshot.Build(session.Store, at, Now) : current.Refresh(session.Store, at, Now);
    }

    public KnowledgeView Knowledge(string merchant, DateTimeOffset? at = null)
    {
        using var session = Open("query");
        return KnowledgeView.Of(merchant, session.Store.FactsOfMerchant(merchant), at);
    }

    public bool MerchantExists(string merchant)
    {
        using var session = Open("query");
        return session.Store.GetMerchant(merchant) is not null;
    }

    public IReadOnlyList<ActionView> Actions(ActionStatus? status = null)
    {
        using var session = Open("query");
        return session.Store.Actions(status).Select(ActionView.Of).ToList();
    }

    public IReadOnlyList<ReviewView> ReviewQueue(ReviewStatus? status = null)
    {
        using var session = Open("query");
        return session.Store.ReviewItems(status).Select(ReviewView.Of).ToList();
    }

    public ReviewView Decide(ReviewDecision decision, DateTimeOffset? at = null)
    {
        using var session = Open(decision.By);
        var item = ReviewDecisions.Decide(session, decision, at ?? session.Clock ?? Now);
        session.Commit();
        return ReviewView.Of(item);
    }

    public IReadOnlyList<Order> Orders()
    {
        using var session = Open("query");
        return session.Store.Orders();
    }

    /// <summary>
    /// The scheduler's step: event time follows the wall clock and every deadline due fires, once —
    /// a deadline is marked fired in the same transaction as its effects, so a restart never repeats it.
    /// </summary>
    public int Tick(DateTimeOffset now)
    {
        using var session = Open("scheduler");
        if (session.Clock is { } clock && now <= clock) return 0;
        session.ReachTime(now);
        var actions = session.ActionsIssued;
        session.Commit();
        return actions;
    }

    /// <summary>A read-only question straight to the store, for hosts that need a view the engine has no method for.</summary>
    public T Read<T>(Func<IStoreTransaction, T> query)
    {
        using var session = Open("query");
        return query(session.Store);
    }

    public long LedgerHead => Read(store => store.LedgerHead);

    /// <summary>Records a security event (sign-in, key created, request denied) in the ledger.</summary>
    public void RecordSecurityEvent(string kind, string subject, System.Text.Json.Nodes.JsonObject data, string actor)
    {
        using var session = Open(actor);
        session.Record(session.Clock is { } clock && clock > Now ? clock : Now, kind, subject, data);
        session.Commit();
    }

    public void SaveUser(User user, string actor)
    {
        using var session = Open(actor);
        var existed = session.Store.GetUser(user.Name) is not null;
        session.Store.UpsertUser(user);
        session.Record(Now, existed ? "user_updated" : "user_added", user.Name, new System.Text.Json.Nodes.JsonObject
        {
            ["user"] = user.Name, ["role"] = Words<Role>.Of(user.Role), ["owner"] = user.Owner,
        });
        session.Commit();
    }

    public void SaveApiKey(ApiKey key, string actor)
    {
        using var session = Open(actor);
        session.Store.InsertApiKey(key);
        session.Record(Now, "api_key_created", key.Id, new System.Text.Json.Nodes.JsonObject
        {
            ["key"] = key.Id, ["role"] = Words<Role>.Of(key.Role), ["owner"] = key.Owner,
        });
        session.Commit();
    }

    /// <summary>Records who submitted a notice or served an order, so a rights holder sees only its own.</summary>
    public void SetOwner(string table, IEnumerable<string> ids, string owner)
    {
        using var session = Open("server");
        foreach (var id in ids) session.Store.SetOwner(table, id, owner);
        session.Commit();
    }

    /// <summary>Re-derives the ledger chain; null when every row holds.</summary>
    public (LedgerFault? Fault, long Rows) VerifyLedger()
    {
        using var session = Open("audit");
        var rows = 0L;
        var fault = LedgerChain.Verify(Count(session.Store.ReadLedger(), () => rows++));
        return (fault, rows);
    }

    static IEnumerable<T> Count<T>(IEnumerable<T> items, Action counted)
    {
        foreach (var item in items)
        {
            counted();
            yield return item;
        }
    }
}
