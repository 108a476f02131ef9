using System.Text.Json.Nodes;
using Enjoin.Accounts;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Knowledge;
using Enjoin.Ledger;
using Enjoin.Listings;
using Enjoin.Merchants;
using Enjoin.Notices;
using Enjoin.Orders;
using Enjoin.Promotions;
using Enjoin.Review;
using Enjoin.Strikes;

namespace Enjoin.Engine;

/// <summary>A database Enjoin keeps its state and ledger in (SQLite embedded, PostgreSQL in production).</summary>
public interface IEnjoinStore : IDisposable
{
    /// <summary>
    /// Opens a unit of work; writers are serialized so the ledger chain stays linear. A read-only
    /// one takes no write lock, so questions (the gate above all) never wait behind a long ingest.
    /// </summary>
    IStoreTransaction Begin(bool readOnly = false);

    /// <summary>Where it is, for messages: <c>sqlite:./enjoin.db</c>.</summary>
    string Location { get; }
}

/// <summary>
/// Everything a command reads and writes, inside one transaction: state changes and the ledger
/// events that record them commit together or not at all.
/// </summary>
public interface IStoreTransaction : IDisposable
{
    void Commit();

    // Event time reached so far: deadlines up to it have fired.
    DateTimeOffset? Clock { get; }
    void SetClock(DateTimeOffset at);

    // Ledger (append only).
    /// <summary>Appends one event; <paramref name="canonicalData"/> is canonical JSON (<see cref="Common.Json.Canonical(JsonNode?)"/>).</summary>
    LedgerEntry Append(DateTimeOffset at, string kind, string actor, string subject, string canonicalData);
    IEnumerable<LedgerEntry> ReadLedger(long fromSeq = 1);
    long LedgerHead { get; }

    // Merchants.
    Merchant? GetMerchant(string id);
    /// <summary>Which of <paramref name="ids"/> are known merchants: one lookup for a whole ingest batch.</summary>
    IReadOnlySet<string> ExistingMerchants(IReadOnlyCollection<string> ids);
    void UpsertMerchant(Merchant merchant);
    void SetStanding(string merchant, MerchantStanding standing);
    IReadOnlyList<string> MerchantsWithUrlKey(string urlKey);
    IReadOnlyList<string> MerchantsWithNameKey(string nameKey);
    /// <summary>Other merchants sharing this one's payout account, email or phone.</summary>
    IReadOnlyList<MerchantLink> LinkedMerchants(Merchant merchant);

    // Listings.
    Listing? GetListing(string id);
    /// <summary>Hash of the last listing event applied to each listing, so the same event twice changes nothing.</summary>
    IReadOnlyDictionary<string, string> ListingEventHashes(IReadOnlyCollection<string> ids);
    void UpsertListing(Listing listing, string eventHash);
    IReadOnlyDictionary<string, Listing> GetListings(IReadOnlyCollection<string> ids);
    void UpsertListing(Listing listing);
    /// <summary>Only the status changes: what an action's confirmation does to a listing.</summary>
    void SetListingStatus(string listing, ListingStatus status);
    IReadOnlyList<Listing> ListingsOfMerchant(string merchant);
    /// <summary>Up to <paramref name="limit"/> active listings with ids after <paramref name="after"/>, in id order (keyset paging).</summary>
    IReadOnlyList<Listing> ActiveListingsAfter(string? after, int limit);

    // Promotions the gate suppressed, per merchant, surface and day.
    void AddSuppressions(IReadOnlyList<Gate.Suppression> counts);
    IReadOnlyList<Gate.Suppression> Suppressions(string? merchant);

    // Marks registered outside orders, and the phrases allowed per mark.
    IReadOnlyList<Marks.RegisteredMark> RegisteredMarks();
    void InsertRegisteredMark(Marks.RegisteredMark mark);
    IReadOnlyList<Marks.AllowedPhrase> AllowedPhrases();
    void InsertAllowedPhrase(Marks.AllowedPhrase phrase);

    // Orders.
    Order? GetOrder(string id);
    IReadOnlyList<Order> Orders();
    void InsertOrder(Order order);
    void UpdateOrder(Order order);
    IReadOnlyList<Clause> Clauses(string order);
    void InsertClause(Clause clause);
    void UpdateClause(Clause clause);
    IReadOnlyList<Defendant> Defendants(string order);
    void InsertDefendant(Defendant defendant);
    void UpdateDefendant(Defendant defendant);
    void AddDefendantMerchant(string order, int no, DefendantMerchant merchant);
    /// <summary>(order, defendant no) pairs whose resolved merchants include this one.</summary>
    IReadOnlyList<(string Order, int No)> DefendantsOfMerchant(string merchant);

    // Actions (the outbox).
    long InsertAction(EnforcementAction action);
    void UpdateAction(EnforcementAction action);
    EnforcementAction? GetAction(long id);
    IReadOnlyList<EnforcementAction> Actions(ActionStatus? status = null);
    IReadOnlyList<EnforcementAction> ActionsOfMerchant(string merchant);

    // Webhook delivery of actions.
    ActionDelivery? GetDelivery(long action);
    void UpsertDelivery(ActionDelivery delivery);
    /// <summary>Open actions (pending, or sent and not answered), oldest first, with their delivery state.</summary>
    IReadOnlyList<PendingDelivery> UndeliveredActions(int limit);
    /// <summary>Keeps a confirmation's signature as used; false if it was used before (a replay).</summary>
    bool UseSignature(string signature, long action, DateTimeOffset signedAt, DateTimeOffset usedAt);

    // Review queue.
    long InsertReviewItem(ReviewItem item);
    void UpdateReviewItem(ReviewItem item);
    ReviewItem? GetReviewItem(long id);
    IReadOnlyList<ReviewItem> ReviewItems(ReviewStatus? status = null);
    IReadOnlyList<ReviewItem> ReviewItemsOfMerchant(string merchant);
    IReadOnlyList<ReviewItem> ReviewItemsOfOrder(string order);

    // Knowledge.
    long InsertFact(KnowledgeFact fact);
    /// <summary>Closes the open fact with this key at the given time; false if none was open.</summary>
    bool CloseFact(FactKey key, DateTimeOffset until);
    KnowledgeFact? OpenFact(FactKey key);
    IReadOnlyList<KnowledgeFact> FactsOfMerchant(string merchant);
    IReadOnlyList<KnowledgeFact> FactsOfListing(string listing);
    IReadOnlyList<KnowledgeFact> OpenFacts(KnowledgeCode code);
    /// <summary>Up to <paramref name="limit"/> facts of the code opened after fact <paramref name="after"/>, in id order.</summary>
    IReadOnlyList<KnowledgeFact> FactsAfter(long after, KnowledgeCode code, int limit);

    // Strikes.
    long InsertStrike(Strike strike);
    void UpdateStrike(Strike strike);
    IReadOnlyList<Strike> StrikesOf(string merchant);

    // Reading ahead. Hints for speed only: what a command is about to work on is read in one go,
    // and later reads of it are answered within the transaction without asking the database again.
    /// <summary>These listings, their merchants, and the facts open about either (a listing's listing_noticed facts excepted).</summary>
    void Preload(IReadOnlyCollection<string> listings);
    /// <summary>The open facts with these keys (the absent ones as absent), and these merchants' strikes and linked accounts.</summary>
    void Preload(IReadOnlyCollection<FactKey> facts, IReadOnlyCollection<string> strikesOf, IReadOnlyCollection<string> linksOf);
    /// <summary>Which of these notices were received before.</summary>
    void PreloadNotices(IReadOnlyCollection<string> ids);

    // Notices, counter-notices, notifiers.
    NoticeRecord? GetNotice(string id);
    IReadOnlyList<NoticeRecord> Notices();
    void InsertNotice(NoticeRecord notice, IReadOnlyList<NoticeListing> listings);
    IReadOnlyList<NoticeListing> NoticeListings(string notice);
    /// <summary>The accepted notices that named this listing.</summary>
    IReadOnlyList<NoticeListing> NoticesOfListing(string listing);
    CounterNoticeRecord? GetCounterNotice(string id);
    void InsertCounterNotice(CounterNoticeRecord record);
    void UpdateCounterNotice(CounterNoticeRecord record);
    IReadOnlyList<CounterNoticeRecord> CounterNoticesOf(string notice);
    Notifier? GetNotifier(string email);
    void UpsertNotifier(Notifier notifier);
    IReadOnlyList<Notifier> Notifiers();

    // Promotion events and exposures (DESIGN §4.4).
    /// <summary>The canonical record of each of <paramref name="ids"/> already recorded: the same event twice changes nothing.</summary>
    IReadOnlyDictionary<string, string> PromotionRecords(IReadOnlyCollection<string> ids);
    void InsertPromotion(Promotion promotion, string canonicalRecord);
    long InsertExposure(Exposure exposure);
    /// <summary>Exposures in time order, of one merchant or (null) of all.</summary>
    IReadOnlyList<Exposure> Exposures(string? merchant = null);
    IReadOnlyList<Exposure> ExposuresOfPromotions(IReadOnlyCollection<string> promotions);

    // Accounts.
    User? GetUser(string name);
    void UpsertUser(User user);
    IReadOnlyList<User> Users();
    ApiKey? GetApiKey(string id);
    void InsertApiKey(ApiKey key);

    // Who submitted what, for rights holders' ownership.
    void SetOwner(string table, string id, string owner);
    string? OwnerOf(string table, string id);

    // Small named values (policy in force).
    string? GetMeta(string key);
    void SetMeta(string key, string value);

    // Deadlines.
    void InsertDeadline(Deadline deadline);
    /// <summary>The earliest unfired deadline due at or before the time, or null.</summary>
    Deadline? NextDue(DateTimeOffset at);
    void MarkFired(long deadline, DateTimeOffset at);

    // Reports (DESIGN §5.5, §6.3): the ledger rows about one subject of one kind (the subject is indexed), and one row.
    /// <summary>Ledger rows with this subject and kind, in sequence order.</summary>
    IReadOnlyList<LedgerEntry> LedgerOf(string subject, string kind);
    /// <summary>The ledger row with this sequence number, or null.</summary>
    LedgerEntry? LedgerEntryAt(long seq);

    // The ledger of one subject (an order, a merchant), for the UI's timelines and the audit browser.
    /// <summary>Up to <paramref name="limit"/> ledger events of the subject with seq at least <paramref name="fromSeq"/>, in seq order.</summary>
    IReadOnlyList<LedgerEntry> LedgerOfSubject(string subject, long fromSeq, int limit);
}
