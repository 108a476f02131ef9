using System.Text.Json.Nodes;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Gate;
using Enjoin.Knowledge;
using Enjoin.Ledger;
using Enjoin.Listings;
using Enjoin.Notices;
using Enjoin.Orders;
using Enjoin.Promotions;
using Enjoin.Review;
using Enjoin.Storage.Sqlite;

namespace Enjoin.Tests.Support;

/// <summary>
/// An event-time history against a real SQLite file in its own temp directory, so a test reads like
/// the rule it holds: merchants and listings appear, orders are served, time advances, and the
/// gate, knowledge, actions and review queue are asked as of any time.
/// </summary>
public sealed class History : IDisposable
{
    /// <summary>Where a history starts when a record gives no time of its own.</summary>
    public const string Start = "2022-12-01T00:00:00Z";

    readonly string _dir;
    readonly SqliteStore _store;

    History(Policy? policy)
    {
        _dir = Directory.CreateTempSubdirectory("enjoin-history-").FullName;
        DbPath = Path.Combine(_dir, "enjoin.db");
        _store = new SqliteStore(DbPath);
        Engine = new EnjoinEngine(_store, policy);
    }

    public static History Create(Policy? policy = null) => new(policy);

    public EnjoinEngine Engine { get; private set; }
    public string DbPath { get; }

    /// <summary>From now on the engine runs under another policy (the same database), as after editing enjoin.json.</summary>
    public History UsePolicy(Policy policy)
    {
        Engine = new EnjoinEngine(_store, policy);
        return this;
    }

    public static DateTimeOffset T(string iso) => EventTime.Parse(iso);

    // ---- the marketplace ------------------------------------------------------------------

    public History Merchant(string id, string? name = null, string? url = null, string? payout = null, string? email = null,
        string? phone = null, string at = Start)
    {
        var record = new JsonObject
        {
            ["id"] = id, ["store_name"] = name, ["store_url"] = url, ["payout_account"] = payout,
            ["email"] = email, ["phone"] = phone, ["at"] = at,
        };
        var summary = Engine.IngestMerchants("merchants.jsonl", [new InputLine(1, record.ToJsonString())]);
        Assert.Empty(summary.Rejected);
        return this;
    }

    public History Listing(string id, string merchant, string title, string at, string status = "active", string[]? images = null)
    {
        var summary = IngestListing(id, merchant, title, at, status, images);
        Assert.Empty(summary.Rejected);
        return this;
    }

    public IngestSummary IngestListing(string id, string merchant, string title, string at, string status = "active", string[]? images = null)
    {
        var record = new JsonObject { ["id"] = id, ["merchant"] = merchant, ["title"] = title, ["status"] = status, ["at"] = at };
        if (images is not null) record["images"] = new JsonArray([.. images.Select(i => JsonValue.Create(i))]);
        return Engine.IngestListings("listings.jsonl", [new InputLine(1, record.ToJsonString())]);
    }

    // ---- orders and time ------------------------------------------------------------------

    /// <summary>Imports an order file; its event time is <paramref name="at"/>, else its served time.</summary>
    public History Order(string json, string? at = null) => Order(json, out _, at);

    public History Order(string json, out OrderImportResult result, string? at = null)
    {
        result = Import(json, at);
        return this;
    }

    public OrderImportResult Import(string json, string? at = null) =>
        Engine.ImportOrder(OrderInput.Parse("order.json", json), at is null ? null : T(at));

    public History Advance(string to)
    {
        Engine.Advance(T(to));
        return this;
    }

    // ---- notices, counter-notices, outbox ---------------------------------------------------

    /// <summary>Submits one valid notice (DESIGN §5.2) naming the listings; asserts it was accepted.</summary>
    public History Notice(string id, string at, string[] listings, string email = NoticeJson.Email, string role = "rights_holder") =>
        Notice(id, at, listings, out _, email, role);

    public History Notice(string id, string at, string[] listings, out Receipt receipt, string email = NoticeJson.Email, string role = "rights_holder")
    {
        var submission = SubmitNotices(NoticeJson.Of(id, at, listings, email, role).ToJsonString());
        Assert.Empty(submission.Errors);
        receipt = Assert.Single(submission.Receipts);
        return this;
    }

    public EnjoinEngine.NoticeSubmission SubmitNotices(string json, string? at = null) =>
        Engine.SubmitNotices("notice.json", json, at is null ? null : T(at));

    /// <summary>Submits one valid counter-notice (DESIGN §5.2); asserts it was received.</summary>
    public History CounterNotice(string id, string at, string notice, string listing, string merchant)
    {
        var submission = SubmitCounterNotices(NoticeJson.Counter(id, at, notice, listing, merchant).ToJsonString());
        Assert.Empty(submission.Errors);
        Assert.Single(submission.Results);
        return this;
    }

    /// <summary>The notifier reports that it filed suit over the notice.</summary>
    public History SuitFiled(string id, string notice, string at)
    {
        var submission = SubmitCounterNotices(new JsonObject { ["kind"] = "suit_filed", ["id"] = id, ["notice"] = notice, ["at"] = at }.ToJsonString());
        Assert.Empty(submission.Errors);
        return this;
    }

    public EnjoinEngine.CounterNoticeSubmission SubmitCounterNotices(string json) => Engine.SubmitCounterNotices("counter.json", json);

    /// <summary>The marketplace confirms an action through the outbox adapter.</summary>
    public History Confirm(long action, string at)
    {
        Engine.ConfirmAction(action, T(at));
        return this;
    }

    public History Reinstate(string merchant, string reason, string at, string by = "reviewer")
    {
        Engine.Reinstate(merchant, reason, by, T(at));
        return this;
    }

    public IReadOnlyList<Notifier> Notifiers() => Engine.Notifiers();

    // ---- promotions --------------------------------------------------------------------------

    /// <summary>A promotion event line (DESIGN §5.2).</summary>
    public static string PromotionLine(string id, string surface, string merchant, string at, string? listing = null, string? audience = null) =>
        new JsonObject { ["id"] = id, ["surface"] = surface, ["merchant"] = merchant, ["listing"] = listing, ["at"] = at, ["audience"] = audience }.ToJsonString();

    /// <summary>Ingests promotion event lines as one JSONL file (line numbers from 1).</summary>
    public PromotionIngestSummary Promotions(params string[] lines) =>
        Engine.IngestPromotions("promotions.jsonl", lines.Select((text, i) => new InputLine(i + 1, text)).ToList());

    /// <summary>Ingests one promotion event; asserts it was accepted and returns its exposure, if it is one.</summary>
    public ExposureItem? Promote(string id, Surface surface, string merchant, string at, string? listing = null)
    {
        var summary = Promotions(PromotionLine(id, Words<Surface>.Of(surface), merchant, at, listing));
        Assert.Empty(summary.Rejected);
        return summary.Exposures.SingleOrDefault(e => e.Promotion == id);
    }

    // ---- questions ------------------------------------------------------------------------

    public GateDecision Gate(string merchant, string at, string? listing = null, Surface surface = Surface.SponsoredSearch) =>
        Engine.CheckGate(surface, merchant, listing, T(at));

    /// <summary>Whether every surface denies the merchant (and listing) at the time.</summary>
    public bool Denies(string merchant, string at, string? listing = null) =>
        Enum.GetValues<Surface>().All(s => !Engine.CheckGate(s, merchant, listing, T(at)).Allow);

    /// <summary>Whether every surface allows the merchant (and listing) at the time.</summary>
    public bool Allows(string merchant, string at, string? listing = null) =>
        Enum.GetValues<Surface>().All(s => Engine.CheckGate(s, merchant, listing, T(at)).Allow);

    public KnowledgeView Knowledge(string merchant, string? at = null) => Engine.Knowledge(merchant, at is null ? null : T(at));

    public IReadOnlyList<KnowledgeView.Fact> Facts(string merchant, KnowledgeCode code) =>
        Knowledge(merchant).Facts.Where(f => f.Code == code).ToList();

    public IReadOnlyList<ActionView> Actions(ActionStatus? status = null) => Engine.Actions(status);

    public IReadOnlyList<ActionView> Actions(string merchant, ActionKind kind) =>
        Engine.Actions().Where(a => a.Merchant == merchant && a.Kind == kind).ToList();

    public IReadOnlyList<ReviewView> Review() => Engine.ReviewQueue();

    public IReadOnlyList<ReviewView> Review(ReviewKind kind) => Engine.ReviewQueue().Where(i => i.Kind == kind).ToList();

    public ReviewView Decide(long item, bool accept, string reason, string at, string? merchant = null, string by = "reviewer") =>
        Engine.Decide(new ReviewDecision(item, accept, reason, by, merchant), T(at));

    // ---- the store itself -----------------------------------------------------------------

    public long LedgerLength
    {
        get
        {
            using var tx = _store.Begin();
            return tx.LedgerHead;
        }
    }

    public IReadOnlyList<LedgerEntry> Ledger()
    {
        using var tx = _store.Begin();
        return tx.ReadLedger().ToList();
    }

    public Listing? StoredListing(string id)
    {
        using var tx = _store.Begin();
        return tx.GetListing(id);
    }

    public Order? StoredOrder(string id)
    {
        using var tx = _store.Begin();
        return tx.GetOrder(id);
    }

    public IReadOnlyList<global::Enjoin.Strikes.Strike> Strikes(string merchant)
    {
        using var tx = _store.Begin();
        return tx.StrikesOf(merchant);
    }

    public IReadOnlyList<Clause> Clauses(string order)
    {
        using var tx = _store.Begin();
        return tx.Clauses(order);
    }

    // ---- the command line against the same database --------------------------------------

    /// <summary>Writes a file into the history's directory and returns its path.</summary>
    public string File(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public (int Exit, string Out, string Err) Cli(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = global::Enjoin.Cli.Cli.Run([.. args, "--db", DbPath], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A Schedule A row for <see cref="OrderJson"/>.</summary>
public sealed record Def(int No, string? Name = null, string? SellerId = null, string? StoreUrl = null);

/// <summary>Order files (DESIGN §5.2) built from the parts a test cares about.</summary>
public static class OrderJson
{
    public const string Case = "22-CV-9384 (JMF)";

    /// <summary>
    /// An injunction; clause refs are given with their kinds ("1(a)=cease_infringement") or, for a
    /// bare kind, numbered 1(a), 1(b)… in order.
    /// </summary>
    public static string Injunction(string id, string served, Def[] defendants, string[] clauses, string kind = "temporary_restraining_order",
        string? expires = null, string? supersedes = null, bool coversAliases = false, string[]? marks = null, string @case = Case)
    {
        var clauseArray = new JsonArray();
        for (var i = 0; i < clauses.Length; i++)
        {
            var parts = clauses[i].Split('=');
            var (clauseRef, clauseKind) = parts.Length == 2 ? (parts[0], parts[1]) : ($"1({(char)('a' + i)})", parts[0]);
            clauseArray.Add(new JsonObject { ["ref"] = clauseRef, ["kind"] = clauseKind });
        }
        var order = new JsonObject
        {
            ["id"] = id, ["case"] = @case, ["court"] = "S.D.N.Y.", ["plaintiff"] = "Kelly Toys Holdings, LLC", ["kind"] = kind,
            ["issued"] = served[..10], ["served"] = served, ["expires"] = expires, ["supersedes"] = supersedes,
            ["marks"] = new JsonArray([.. (marks ?? ["SQUISHMALLOWS"]).Select(m => JsonValue.Create(m))]),
            ["covers_aliases"] = coversAliases, ["clauses"] = clauseArray, ["defendants"] = Defendants(defendants),
        };
        return order.ToJsonString();
    }

    public static string Tro(string id, string served, Def[] defendants, params string[] clauses) =>
        Injunction(id, served, defendants, clauses);

    public static string Modification(string id, string modifies, string served, string[]? strike = null, int[]? dismiss = null,
        Def[]? add = null, string? expires = null)
    {
        var order = new JsonObject
        {
            ["id"] = id, ["kind"] = "modification", ["modifies"] = modifies, ["issued"] = served[..10], ["served"] = served,
            ["strike_clauses"] = new JsonArray([.. (strike ?? []).Select(s => JsonValue.Create(s))]),
            ["dismiss_defendants"] = new JsonArray([.. (dismiss ?? []).Select(n => JsonValue.Create(n))]),
            ["add_defendants"] = Defendants(add ?? []), ["expires"] = expires,
        };
        return order.ToJsonString();
    }

    public static string Dissolution(string id, string modifies, string served) =>
        new JsonObject { ["id"] = id, ["kind"] = "dissolution", ["modifies"] = modifies, ["issued"] = served[..10], ["served"] = served }.ToJsonString();

    static JsonArray Defendants(Def[] defendants) =>
        new([.. defendants.Select(d => (JsonNode)new JsonObject { ["no"] = d.No, ["name"] = d.Name, ["seller_id"] = d.SellerId, ["store_url"] = d.StoreUrl })]);
}

/// <summary>Notice and counter-notice files (DESIGN §5.2) with every required element present.</summary>
public static class NoticeJson
{
    public const string Email = "legal@kellytoys.example";

    public static JsonObject Of(string id, string at, string[] listings, string email = Email, string role = "rights_holder") => new()
    {
        ["id"] = id, ["at"] = at,
        ["notifier"] = new JsonObject { ["name"] = "Kelly Toys Holdings, LLC", ["email"] = email, ["role"] = role },
        ["right"] = new JsonObject { ["kind"] = "trademark", ["mark"] = "SQUISHMALLOWS", ["registration"] = "US Reg. No. 0000000", ["jurisdiction"] = "US" },
        ["listings"] = new JsonArray([.. listings.Select(l => JsonValue.Create(l))]),
        ["explanation"] = "Counterfeit plush bearing the mark.",
        ["good_faith"] = true, ["accurate"] = true, ["signature"] = "/s/ A. Counsel",
    };

    public static JsonObject Counter(string id, string at, string notice, string listing, string merchant) => new()
    {
        ["id"] = id, ["at"] = at, ["notice"] = notice, ["listing"] = listing, ["merchant"] = merchant,
        ["statement"] = "The listing was removed by mistake: the goods are genuine.",
        ["consent_to_jurisdiction"] = true, ["signature"] = "/s/ Store Owner",
    };

    /// <summary>The JSON text of several records as an array, one element per line.</summary>
    public static string Array(params JsonObject[] records) => "[\n" + string.Join(",\n", records.Select(r => r.ToJsonString())) + "\n]";
}
