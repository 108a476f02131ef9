using Enjoin.Accounts;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Gate;
using Enjoin.Knowledge;
using Enjoin.Ledger;
using Enjoin.Listings;
using Enjoin.Marks;
using Enjoin.Merchants;
using Enjoin.Notices;
using Enjoin.Orders;
using Enjoin.Promotions;
using Enjoin.Review;
using Enjoin.Screening.Images;

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

    // Built from the store on first use, then only added to (engine calls are serialized); started afresh when an
    // ingest fails, since it may have followed facts of a transaction that was rolled back.
    TakenDownImages _takenDownImages = new();

    public IEnjoinStore Store => store;

    EngineSession Open(string actor) => new(store.Begin(), Policy, actor);

    EngineSession OpenReadOnly(string actor) => new(store.Begin(readOnly: true), Policy, actor);

    DateTimeOffset Now => EventTime.Normalize(_wallClock.GetUtcNow());

    /// <summary>The event time reached so far, or the wall clock before anything was recorded.</summary>
    public DateTimeOffset Clock
    {
        get
        {
            using var session = OpenReadOnly("query");
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

    /// <summary>
    /// <c>listings ingest</c>. <paramref name="directory"/> is the listings file's directory when it is a file on disk:
    /// <c>image_files</c> are read from there (relative paths); without it, records may name only absolute paths.
    /// </summary>
    public IngestSummary IngestListings(string file, IEnumerable<InputLine> lines, DateTimeOffset? at = null, string actor = "cli",
        IProgress<int>? progress = null, string? directory = null)
    {
        var errors = new List<InputError>();
        var read = 0;
        var accepted = 0;
        var actions = 0;
        // A batch at a time, so a file of millions of lines streams; the next batch is parsed and hashed on the
        // other core while this one is applied (the store's half is sequential, the pure half need not wait).
        var batches = Pipeline.PrepareAhead(lines.Chunk(IngestBatchSize), chunk =>
        {
            var chunkErrors = new List<InputError>();
            var chunkRead = 0;
            var prepared = ListingIngest.Prepare(file, chunk, at, Now, chunkErrors, ref chunkRead, directory);
            return (Records: prepared, Errors: chunkErrors, Read: chunkRead);
        });
        var knownMerchants = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var (batch, parseErrors, chunkRead) in batches)
            {
                read += chunkRead;
                errors.AddRange(parseErrors);
                using var session = Open(actor);
                var rejected = new ListingIngest(session, knownMerchants, _takenDownImages).Apply(file, batch);
                errors.AddRange(rejected);
                accepted += batch.Count - rejected.Count;
                actions += session.ActionsIssued;
                session.Commit();
                progress?.Report(read);
            }
        }
        catch
        {
            _takenDownImages = new TakenDownImages();
            throw;
        }
        return Summary(read, accepted, errors, actions);
    }

    /// <summary>
    /// <c>promotions ingest</c> (DESIGN §4.4, §5.3): each promotion event is judged at its own time by the
    /// gate's policy; those it would have denied are recorded as exposures and reported.
    /// </summary>
    public PromotionIngestSummary IngestPromotions(string file, IEnumerable<InputLine> lines, DateTimeOffset? at = null, string actor = "cli")
    {
        var errors = new List<InputError>();
        var read = 0;
        var accepted = 0;
        var actions = 0;
        var exposures = new List<Exposure>();
        foreach (var chunk in lines.Chunk(IngestBatchSize))
        {
            var parsed = Jsonl.Parse<Promotion>(file, chunk, PromotionRecord.Read, errors, ref read);
            var batch = new List<(int Line, Promotion Promotion)>(parsed.Count);
            foreach (var (line, promotion, recordAt) in parsed)
            {
                // Judged at its own time: a promotion without one cannot be audited (the command's --at may give it).
                if ((at ?? recordAt) is { } when) batch.Add((line, promotion with { At = when }));
                else errors.Add(new InputError(file, line, "at", "required: a promotion is judged at its own time"));
            }
            using var session = Open(actor);
            var (rejected, found) = PromotionAudit.Apply(session, file, batch);
            errors.AddRange(rejected);
            exposures.AddRange(found);
            accepted += batch.Count - rejected.Count;
            actions += session.ActionsIssued;
            session.Commit();
        }
        var summary = Summary(read, accepted, errors, actions);
        return new PromotionIngestSummary(summary.Read, summary.Accepted, summary.Rejected, summary.Actions,
            exposures.OrderBy(e => e.At).ThenBy(e => e.Promotion, StringComparer.Ordinal).Select(ExposureItem.Of).ToList()) { Errors = summary.Errors };
    }

    /// <summary>Recorded exposures, optionally of one merchant, in time order (<c>enjoin exposures</c>).</summary>
    public IReadOnlyList<ExposureView> Exposures(string? merchant = null)
    {
        using var session = Open("query");
        return session.Store.Exposures(merchant).Select(ExposureView.Of).ToList();
    }

    /// <summary>
    /// The exposures of an order's defendants that came after knowledge based on the order (or an order it
    /// supersedes), grouped by defendant and surface; null when there is no such order.
    /// </summary>
    public OrderExposures? ExposuresOfOrder(string orderId)
    {
        using var session = Open("query");
        var store = session.Store;
        if (store.GetOrder(orderId) is not { } order) return null;
        var chain = new List<string> { order.Id };
        for (var o = order; o.Supersedes is { } previous && !chain.Contains(previous) && store.GetOrder(previous) is { } next; o = next)
            chain.Add(next.Id);
        return OrderExposures.Of(order.Id, chain, store.Defendants(order.Id), m => store.Exposures(m));
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

    /// <summary>How many notices of a file are read ahead together (<see cref="IStoreTransaction.Preload"/>).</summary>
    const int ReadAheadNotices = 64;

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
        session.Store.PreloadNotices([.. parsed.Records.Select(r => r.Record.Id)]);
        var ordered = NoticeProcess.InPriorityOrder(session.Store, parsed.Records, r => r.Record);
        for (var i = 0; i < ordered.Count; i++)
        {
            // Read ahead for the next notices together: their writes then wait and go to the database in fewer, larger statements.
            if (i % ReadAheadNotices == 0)
                NoticeProcess.ReadAhead(session, [.. ordered.Skip(i).Take(ReadAheadNotices).Select(n => n.Record)]);
            var (notice, reject) = ordered[i];
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
        using var session = OpenReadOnly("query");
        return session.Store.Notifiers();
    }

    /// <summary>The marketplace confirms (or reports failure of) an action taken through the outbox.</summary>
    public ActionView ConfirmAction(long id, DateTimeOffset? at = null, bool failed = false, string? reason = null, string actor = "cli")
    {
        using var session = Open(actor);
        var done = Confirm(session, id, at, failed, reason, actor);
        session.Commit();
        return ActionView.Of(done);
    }

    EnforcementAction Confirm(EngineSession session, long id, DateTimeOffset? at, bool failed, string? reason, string actor)
    {
        var action = session.Store.GetAction(id) ?? throw new InputRejectedException(new InputError("actions", 0, "id", $"no action {id}"));
        if (!action.IsOpen) throw new InputRejectedException(new InputError("actions", 0, "id", $"action {id} is already {Words<ActionStatus>.Of(action.Status)}"));
        var when = at ?? session.Clock ?? Now;
        if (when < action.At) throw new InputRejectedException(new InputError("actions", 0, "at", $"an action cannot be confirmed before it was issued ({EventTime.Format(action.At)})"));
        session.ReachTime(when);
        return session.Confirm(action, when, actor, failed, reason);
    }

    /// <summary>
    /// A confirmation the marketplace signed (<see cref="WebhookSignature"/>): applied as <see cref="ConfirmAction"/>
    /// unless its signature was used before — a replay, refused and recorded (<c>confirmation_refused</c>), changing nothing else.
    /// </summary>
    public ConfirmationOutcome ConfirmSignedAction(long id, string signature, DateTimeOffset signedAt, DateTimeOffset? at = null, bool failed = false,
        string? reason = null, string actor = "marketplace")
    {
        using var session = Open(actor);
        if (!session.Store.UseSignature(signature, id, signedAt, Now))
        {
            const string Replayed = "replayed: this signature was already used";
            RecordRefusal(session, id, Replayed, null);
            session.Commit();
            return new ConfirmationOutcome(null, Replayed);
        }
        var done = Confirm(session, id, at, failed, reason, actor);
        session.Commit();
        return new ConfirmationOutcome(ActionView.Of(done), null);
    }

    /// <summary>Records a confirmation that was refused (forged, stale or replayed) — nothing else changes.</summary>
    public void RefuseConfirmation(long id, string reason, string actor, System.Text.Json.Nodes.JsonObject? details = null)
    {
        using var session = Open(actor);
        RecordRefusal(session, id, reason, details);
        session.Commit();
    }

    void RecordRefusal(EngineSession session, long id, string reason, System.Text.Json.Nodes.JsonObject? details)
    {
        var action = session.Store.GetAction(id);
        var data = new System.Text.Json.Nodes.JsonObject { ["action"] = id, ["reason"] = reason, ["by"] = session.Actor };
        foreach (var (key, value) in details ?? []) data[key] = value?.DeepClone();
        session.Record(session.Clock is { } clock && clock > Now ? clock : Now, "confirmation_refused", action?.Merchant ?? "actions", data);
    }

    // ---- the webhook adapter: the dispatcher moves actions through their statuses only through these ----

    /// <summary>Actions to deliver: pending, or sent and not answered (after a restart too), oldest first.</summary>
    public IReadOnlyList<PendingDelivery> PendingDeliveries(int limit = 500) => Read(store => store.UndeliveredActions(limit));

    /// <summary>An action's delivery state; null when there is no such action.</summary>
    public ActionDeliveryView? Delivery(long id) => Read(store =>
        store.GetAction(id) is { } action ? ActionDeliveryView.Of(action, store.GetDelivery(id)) : null);

    /// <summary>
    /// Before the first attempt a pending action becomes <c>sent</c> (ledger <c>action_sent</c>). An action
    /// already sent is left as it is (a redelivery). Null when the action is no longer open (confirmed,
    /// failed, or cancelled meanwhile): there is nothing to deliver.
    /// </summary>
    public PendingDelivery? MarkSent(long id, DateTimeOffset at, string destination, string actor = "dispatcher")
    {
        using var session = Open(actor);
        var action = session.Store.GetAction(id) ?? throw new InputRejectedException(new InputError("actions", 0, "id", $"no action {id}"));
        if (!action.IsOpen) return null;
        var delivery = session.Store.GetDelivery(id);
        if (action.Status == ActionStatus.Pending || delivery is null)
        {
            var when = Later(at, action.At);
            session.ReachTime(when);
            // A deadline that fired on the way may have cancelled it.
            action = session.Store.GetAction(id)!;
            if (!action.IsOpen)
            {
                session.Commit();
                return null;
            }
            action = action with { Status = ActionStatus.Sent };
            session.Store.UpdateAction(action);
            delivery ??= new ActionDelivery(id, destination, 0, when, null, null, null, when, null);
            session.Store.UpsertDelivery(delivery);
            session.Record(when, "action_sent", action.Merchant, new System.Text.Json.Nodes.JsonObject
            {
                ["action"] = id, ["adapter"] = Words<ActionAdapter>.Of(ActionAdapter.Webhook), ["to"] = destination, ["idempotency_key"] = IdempotencyKey(id),
            });
            session.Commit();
        }
        return new PendingDelivery(action, delivery);
    }

    /// <summary>The Idempotency-Key of every attempt to deliver an action: the receiver deduplicates on it.</summary>
    public static string IdempotencyKey(long action) => action.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Records one delivery attempt (ledger <c>action_delivery_attempt</c>) and what follows from it, in one
    /// transaction: confirmed → the action is confirmed (as <see cref="ConfirmAction"/>); failed → it fails with
    /// the reason; accepted → it stays sent, answered, until the marketplace confirms; retry → the next attempt is due then.
    /// An action closed meanwhile (cancelled, confirmed through the API) keeps its status.
    /// </summary>
    public ActionDelivery RecordDeliveryAttempt(long id, DeliveryAttempt attempt, string actor = "dispatcher")
    {
        using var session = Open(actor);
        var action = session.Store.GetAction(id) ?? throw new InputRejectedException(new InputError("actions", 0, "id", $"no action {id}"));
        var delivery = session.Store.GetDelivery(id) ?? throw new InputRejectedException(new InputError("actions", 0, "id", $"action {id} was never sent"));
        var when = Later(attempt.At, action.At);
        session.ReachTime(when);
        action = session.Store.GetAction(id)!;
        var answered = attempt.Outcome != DeliveryOutcome.Retry;
        delivery = delivery with
        {
            Attempts = delivery.Attempts + 1, LastAttemptAt = when, LastStatus = attempt.HttpStatus, LastError = attempt.Error,
            NextAttemptAt = answered ? null : attempt.NextAttemptAt ?? when, AnsweredAt = answered ? when : null,
        };
        session.Store.UpsertDelivery(delivery);
        session.Record(when, "action_delivery_attempt", action.Merchant, new System.Text.Json.Nodes.JsonObject
        {
            ["action"] = id, ["attempt"] = delivery.Attempts, ["http_status"] = attempt.HttpStatus,
            ["outcome"] = Words<DeliveryOutcome>.Of(attempt.Outcome), ["error"] = attempt.Error,
            ["next_attempt_at"] = delivery.NextAttemptAt is { } next ? EventTime.Format(next) : null,
        });
        if (action.IsOpen && attempt.Outcome is DeliveryOutcome.Confirmed or DeliveryOutcome.Failed)
            session.Confirm(action, when, actor, failed: attempt.Outcome == DeliveryOutcome.Failed, reason: attempt.Error);
        session.Commit();
        return delivery;
    }

    /// <summary>An action that could not be delivered fails, with the reason; a failed takedown leaves the listing up (§4.3 SLA).</summary>
    public ActionView FailAction(long id, DateTimeOffset at, string reason, string actor = "dispatcher")
    {
        using var session = Open(actor);
        var action = session.Store.GetAction(id) ?? throw new InputRejectedException(new InputError("actions", 0, "id", $"no action {id}"));
        if (!action.IsOpen) return ActionView.Of(action);
        var done = Confirm(session, id, Later(at, action.At), failed: true, reason, actor);
        if (session.Store.GetDelivery(id) is { } delivery)
            session.Store.UpsertDelivery(delivery with { NextAttemptAt = null, AnsweredAt = done.ConfirmedAt ?? Later(at, action.At) });
        session.Commit();
        return ActionView.Of(done);
    }

    static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => EventTime.Normalize(a > b ? a : b);

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
        using var session = OpenReadOnly("gate");
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
        using var session = OpenReadOnly("query");
        return KnowledgeView.Of(merchant, session.Store.FactsOfMerchant(merchant), at);
    }

    public bool MerchantExists(string merchant)
    {
        using var session = OpenReadOnly("query");
        return session.Store.GetMerchant(merchant) is not null;
    }

    public IReadOnlyList<ActionView> Actions(ActionStatus? status = null)
    {
        using var session = OpenReadOnly("query");
        return session.Store.Actions(status).Select(ActionView.Of).ToList();
    }

    public IReadOnlyList<ReviewView> ReviewQueue(ReviewStatus? status = null)
    {
        using var session = OpenReadOnly("query");
        return session.Store.ReviewItems(status).Select(ReviewView.Of).ToList();
    }

    public ReviewView Decide(ReviewDecision decision, DateTimeOffset? at = null)
    {
        using var session = Open(decision.By);
        var item = ReviewDecisions.Decide(session, decision, at ?? session.Clock ?? Now);
        session.Commit();
        return ReviewView.Of(item);
    }

    /// <summary>
    /// Adds counted suppressions (denials marketplace systems asked for) to the store, with their ledger event, in one
    /// transaction. Recorded at the latest day counted; nothing is recorded for no counts.
    /// </summary>
    public void RecordSuppressions(IReadOnlyList<Suppression> counts, string actor = "gate")
    {
        if (counts.Count == 0) return;
        using var session = Open(actor);
        session.Store.AddSuppressions(counts);
        session.Record(session.Clock ?? Now, "promotions_suppressed", "gate", System.Text.Json.JsonSerializer.SerializeToNode(counts, Json.Options));
        session.Commit();
    }

    public IReadOnlyList<Suppression> Suppressions(string? merchant = null)
    {
        using var session = OpenReadOnly("query");
        return session.Store.Suppressions(merchant);
    }

    /// <summary>A rights holder's mark, screened for from now on (review items, never automatic takedowns).</summary>
    public RegisteredMark RegisterMark(string mark, string owner, string? registration, string actor = "cli", DateTimeOffset? at = null)
    {
        using var session = Open(actor);
        var registered = MarkRegistry.Register(session, mark, owner, registration, at ?? session.Clock ?? Now);
        session.Commit();
        return registered;
    }

    /// <summary>A reviewer allows an honest phrase for a mark: its hits inside the phrase are not raised.</summary>
    public AllowedPhrase AllowPhrase(string mark, string phrase, string reason, string by, DateTimeOffset? at = null)
    {
        using var session = Open(by);
        var allowed = MarkRegistry.Allow(session, mark, phrase, reason, by, at ?? session.Clock ?? Now);
        session.Commit();
        return allowed;
    }

    public IReadOnlyList<MarkRegistry.MarkView> Marks()
    {
        using var session = OpenReadOnly("query");
        return MarkRegistry.List(session);
    }

    public IReadOnlyList<Order> Orders()
    {
        using var session = OpenReadOnly("query");
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
        using var session = OpenReadOnly("query");
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
        using var session = OpenReadOnly("audit");
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

    /// <summary>
    /// The compliance report of an order (DESIGN §5.5) as of <paramref name="at"/> (default: the event time reached);
    /// null when there is no such order.
    /// </summary>
    public Reports.ComplianceReport? Report(string orderId, DateTimeOffset? at = null)
    {
        using var session = OpenReadOnly("report");
        return Reports.ComplianceReports.Build(session.Store, Policy, orderId, at ?? session.Clock ?? Now);
    }

    /// <summary>
    /// A person retries a failed action (the UI's "retry"): the same instruction is issued again as a new action, with
    /// the same basis and a reason naming the failed one, which stays failed in the record. An action whose clause is
    /// no longer active is not retried: the order no longer asks for it (DESIGN §4.1.4).
    /// </summary>
    public ActionView RetryAction(long id, string actor, DateTimeOffset? at = null)
    {
        using var session = Open(actor);
        InputRejectedException Reject(string message) => new(new InputError("actions", 0, "id", message));
        var failed = session.Store.GetAction(id) ?? throw Reject($"no action {id}");
        if (failed.Status != ActionStatus.Failed) throw Reject($"action {id} is {Words<ActionStatus>.Of(failed.Status)}, not failed");
        if (failed.Order is { } order && failed.ClauseOrdinal is { } ordinal &&
            session.Store.Clauses(order).FirstOrDefault(c => c.Ordinal == ordinal) is { Status: not ClauseStatus.Active } clause)
            throw Reject($"clause {clause.Ref} of {order} is {Words<ClauseStatus>.Of(clause.Status)}: the action is no longer asked for");
        var when = at ?? session.Clock ?? Now;
        session.ReachTime(when);
        var retry = session.Issue(failed.Kind, failed.Merchant, failed.Listing,
            failed.Basis with { Reason = failed.Basis.Reason is { } why ? $"{why}; retry of action {id}" : $"retry of action {id}" },
            when, failed.Order, failed.ClauseOrdinal);
        session.Commit();
        return ActionView.Of(retry);
    }
}
