using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enjoin.Accounts;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;
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
using Enjoin.Strikes;

namespace Enjoin.Storage.Relational;

/// <summary>
/// The one implementation of <see cref="IStoreTransaction"/> over ADO.NET, shared by SQLite and
/// PostgreSQL: plain SQL, parameters always, statements prepared once per transaction and reused.
/// </summary>
public sealed class RelationalTransaction : IStoreTransaction
{
    readonly DbConnection _connection;
    readonly DbTransaction _transaction;
    readonly SqlDialect _dialect;
    readonly TimeProvider _clock;
    readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    (long Seq, string Hash)? _head;
    bool _done;

    public RelationalTransaction(DbConnection connection, SqlDialect dialect, TimeProvider clock, bool readOnly = false)
    {
        _connection = connection;
        _dialect = dialect;
        _clock = clock;
        _transaction = readOnly ? dialect.BeginRead(connection) : dialect.BeginWrite(connection);
    }

    public void Commit()
    {
        // Flushed alone (no read behind it), so the result rows of setval are never taken for a read's.
        if (_dialect.PipelinesWrites) AdvanceSequences();
        Flush();
        Settle();
        _transaction.Commit();
        _done = true;
    }

    public void Dispose()
    {
        // A write still in flight when the transaction is abandoned: its outcome no longer matters, the rollback undoes it.
        try { Settle(); }
        catch (DbException) { }
        foreach (var command in _commands.Values) command.Dispose();
        if (!_done) _transaction.Rollback();
        _transaction.Dispose();
    }

    // ---- plumbing ------------------------------------------------------------------------

    DbCommand Command(string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        Settle();
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = sql;
            foreach (var (name, _) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }
            _commands[sql] = command;
        }
        for (var i = 0; i < parameters.Length; i++)
            command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
        return command;
    }

    /// <summary>A statement whose answer is needed now: the writes queued before it go first.</summary>
    int Execute(string sql, params ReadOnlySpan<(string, object?)> parameters)
    {
        Flush();
        return Command(sql, parameters).ExecuteNonQuery();
    }

    long Insert(string sql, params ReadOnlySpan<(string, object?)> parameters)
    {
        Flush();
        return Convert.ToInt64(Command(sql, parameters).ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    List<T> Query<T>(string sql, Func<DbDataReader, T> map, params ReadOnlySpan<(string, object?)> parameters)
    {
        using var batch = WithPending(sql, parameters);
        using var reader = batch is null ? Command(sql, parameters).ExecuteReader() : batch.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(map(reader));
        return rows;
    }

    T? One<T>(string sql, Func<DbDataReader, T> map, params ReadOnlySpan<(string, object?)> parameters) where T : class
    {
        using var batch = WithPending(sql, parameters);
        using var reader = batch is null ? Command(sql, parameters).ExecuteReader() : batch.ExecuteReader();
        return reader.Read() ? map(reader) : null;
    }

    // ---- pipelined writes ------------------------------------------------------------------
    // Over a network every statement costs a round trip. Where the dialect allows, a write whose
    // answer nobody needs waits in a queue and travels with the next read (one batch, one round
    // trip) or at commit. Reads still see every earlier write: they go to the server after it.

    readonly record struct PendingWrite(string Sql, string[] Names, object?[] Values);

    const int MaxPendingWrites = 2000;
    readonly List<PendingWrite> _pending = [];
    readonly Dictionary<string, string[]> _parameterNames = new(StringComparer.Ordinal);

    /// <summary>A statement whose result is not needed: queued where the dialect pipelines, else run now.</summary>
    void Write(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (!_dialect.PipelinesWrites)
        {
            Command(sql, parameters).ExecuteNonQuery();
            return;
        }
        if (!_parameterNames.TryGetValue(sql, out var names))
        {
            names = new string[parameters.Length];
            for (var i = 0; i < names.Length; i++) names[i] = parameters[i].Name;
            _parameterNames[sql] = names;
        }
        var values = new object?[parameters.Length];
        for (var i = 0; i < values.Length; i++) values[i] = parameters[i].Value;
        _pending.Add(new PendingWrite(sql, names, values));
        Queued();
    }

    void Flush()
    {
        if (_pending.Count == 0 && _queuedRows == 0) return;
        using var batch = PendingBatch();
        batch.ExecuteNonQuery();
    }

    // ---- writes sent ahead -----------------------------------------------------------------
    // When many writes are queued and no read is coming to carry them, they are sent on their own
    // and the engine goes on working while the server runs them: the two cores overlap instead of
    // taking turns. Every later use of the connection (a read, another write, the commit) waits for
    // them first, so the order the server sees is unchanged, and a refused write fails that use —
    // and with it the transaction — as a queued one would.

    const int SendAheadWrites = 512;
    Task? _inFlight;
    DbBatch? _inFlightBatch;

    void Queued()
    {
        var queued = _pending.Count + _queuedRows;
        if (queued >= MaxPendingWrites) Flush();
        else if (queued >= SendAheadWrites && _inFlight is null)
        {
            _inFlightBatch = PendingBatch();
            _inFlight = _inFlightBatch.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Waits for the writes sent ahead, if any; their error, if the server refused one, is thrown here.</summary>
    void Settle()
    {
        if (_inFlight is not { } sent) return;
        try { sent.GetAwaiter().GetResult(); }
        finally
        {
            _inFlight = null;
            _inFlightBatch!.Dispose();
            _inFlightBatch = null;
        }
    }

    /// <summary>The queued writes followed by this read, or null when nothing is queued.</summary>
    DbBatch? WithPending(string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (_pending.Count == 0 && _queuedRows == 0) return null;
        var batch = PendingBatch();
        AddToBatch(batch, sql, parameters);
        return batch;
    }

    DbBatch NewBatch()
    {
        Settle();
        var batch = _connection.CreateBatch();
        batch.Transaction = _transaction;
        return batch;
    }

    DbBatch PendingBatch()
    {
        var batch = NewBatch();
        // Queued rows first: no other write depends on their absence (see InsertLater).
        foreach (var queue in _rowQueues) AddRows(batch, queue);
        _queuedRows = 0;
        foreach (var write in _pending)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = write.Sql;
            for (var i = 0; i < write.Names.Length; i++) command.Parameters.Add(Parameter(command, write.Names[i], write.Values[i]));
            batch.BatchCommands.Add(command);
        }
        _pending.Clear();
        return batch;
    }

    // ---- rows inserted together ------------------------------------------------------------
    // The ledger, actions, knowledge, strikes, deadlines, review items and notices only ever gain
    // rows, no foreign key points from them to a row queued behind them, and later statements about
    // their rows name them by id or key. So their new rows can go ahead of the other queued writes,
    // many rows to a statement: the server then runs a few statements instead of one a row.

    sealed class RowQueue(string table, string columns, int width)
    {
        public string Table { get; } = table;
        public string Columns { get; } = columns;
        public int Width { get; } = width;
        public List<object?> Values { get; } = [];
    }

    readonly List<RowQueue> _rowQueues = [];
    int _queuedRows;
    readonly Dictionary<(string Table, int Rows), string> _rowsSql = [];
    static readonly string[] ParameterNames = [.. Enumerable.Range(0, 16).Select(i => $"@p{i}")];

    void InsertLater(string table, string columns, params ReadOnlySpan<object?> values)
    {
        if (!_dialect.PipelinesWrites)
        {
            var named = new (string, object?)[values.Length];
            for (var i = 0; i < values.Length; i++) named[i] = (ParameterNames[i], values[i]);
            Command(RowsSql(table, columns, values.Length, 1, named: true), named).ExecuteNonQuery();
            return;
        }
        RowQueue? queue = null;
        foreach (var q in _rowQueues)
            if (q.Table == table) queue = q;
        if (queue is null) _rowQueues.Add(queue = new RowQueue(table, columns, values.Length));
        foreach (var value in values) queue.Values.Add(value);
        _queuedRows++;
        Queued();
    }

    // Statements of 128, 64, … 2 and 1 rows, at most one of each below 128: few shapes, so the server keeps each prepared.
    void AddRows(DbBatch batch, RowQueue queue)
    {
        var rows = queue.Values.Count / queue.Width;
        var done = 0;
        foreach (var size in (ReadOnlySpan<int>)[128, 64, 32, 16, 8, 4, 2, 1])
        {
            for (; rows - done >= size; done += size)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = RowsSql(queue.Table, queue.Columns, queue.Width, size, named: false);
                for (var i = done * queue.Width; i < (done + size) * queue.Width; i++) command.Parameters.Add(Parameter(command, "", queue.Values[i]));
                batch.BatchCommands.Add(command);
            }
        }
        queue.Values.Clear();
    }

    string RowsSql(string table, string columns, int width, int rows, bool named)
    {
        if (_rowsSql.TryGetValue((table, named ? -rows : rows), out var sql)) return sql;
        var text = new System.Text.StringBuilder($"INSERT INTO {table} ({columns}) VALUES ");
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < width; c++)
            {
                if (c > 0) text.Append(", ");
                text.Append(named ? ParameterNames[c] : $"${r * width + c + 1}");
            }
            text.Append(')');
        }
        return _rowsSql[(table, named ? -rows : rows)] = text.ToString();
    }

    static void AddToBatch(DbBatch batch, string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.Add(Parameter(command, name, value));
        batch.BatchCommands.Add(command);
    }

    static DbParameter Parameter(DbBatchCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }

    /// <summary>
    /// Inserts a row with a generated id (<paramref name="columns"/> start with <c>id</c>; the first
    /// value is ignored). Where writes are pipelined the transaction gives the id itself, so the row
    /// can wait in the queue; elsewhere the database assigns it.
    /// </summary>
    long InsertRow(string table, string columns, params ReadOnlySpan<object?> values)
    {
        var row = values.ToArray();
        if (!_dialect.PipelinesWrites)
        {
            var named = new (string, object?)[row.Length];
            named[0] = (ParameterNames[0], null);
            for (var i = 1; i < row.Length; i++) named[i] = (ParameterNames[i], row[i]);
            return Insert(RowsSql(table, columns, row.Length, 1, named: true) + " RETURNING id", named);
        }
        row[0] = NextId(table);
        InsertLater(table, columns, row);
        return (long)row[0]!;
    }

    // The writer holds the database's write lock from the start of its transaction, so the ids after
    // each table's largest are its own to give: the same ids, in the same order, as SQLite gives.
    readonly Dictionary<string, long> _lastIds = new(StringComparer.Ordinal);

    long NextId(string table)
    {
        if (!_lastIds.TryGetValue(table, out var last))
            last = Query($"SELECT COALESCE(MAX(id), 0) FROM {table}", r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture))[0];
        _lastIds[table] = ++last;
        return last;
    }

    /// <summary>The tables' own sequences catch up with the ids given, for any insert that leaves the id to the database.</summary>
    void AdvanceSequences()
    {
        foreach (var (table, last) in _lastIds)
            Write($"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last.ToString(CultureInfo.InvariantCulture)})");
    }

    /// <summary>
    /// <c>… WHERE id IN ({ids})</c> over many ids. The ids travel as one parameter (the dialect's list), so the
    /// statement has one shape and binds one value, not one per id.
    /// </summary>
    List<T> QueryIn<T>(string sql, IReadOnlyCollection<string> ids, Func<DbDataReader, T> map) =>
        ids.Count == 0 ? [] : Query(sql.Replace("IN ({ids})", _dialect.InIds("@ids"), StringComparison.Ordinal), map, ("@ids", _dialect.IdListValue(ids)));

    // ---- read cache ------------------------------------------------------------------------
    // A writing transaction holds the database's write lock from its start, and a reading one
    // sees one snapshot, so nothing else changes what this transaction has read. Each write here
    // keeps its cache entry true or forgets it. Null entries record what is known to be absent.

    readonly Dictionary<string, Merchant?> _merchants = new(StringComparer.Ordinal);
    readonly Dictionary<string, Listing?> _listings = new(StringComparer.Ordinal);
    readonly Dictionary<string, KnowledgeFact?> _openFacts = new(StringComparer.Ordinal);
    readonly HashSet<string> _factsReadForListing = new(StringComparer.Ordinal);
    readonly HashSet<string> _factsReadForMerchant = new(StringComparer.Ordinal);
    readonly Dictionary<string, List<Strike>> _strikes = new(StringComparer.Ordinal);
    readonly Dictionary<string, NoticeRecord?> _notices = new(StringComparer.Ordinal);
    readonly Dictionary<string, Notifier?> _notifiers = new(StringComparer.Ordinal);
    // A merchant's links, with the contact details they were found for: any merchant written here forgets them all.
    readonly Dictionary<string, (string? Payout, string? Email, string? Phone, List<MerchantLink> Links)> _links = new(StringComparer.Ordinal);

    // Forgetting is always safe: a long command's cache starts afresh rather than grow without end.
    const int MaxCachedListings = 200_000;

    void Forget()
    {
        _merchants.Clear();
        _listings.Clear();
        _openFacts.Clear();
        _factsReadForListing.Clear();
        _factsReadForMerchant.Clear();
        _strikes.Clear();
        _links.Clear();
    }

    public void Preload(IReadOnlyCollection<string> listings)
    {
        if (_listings.Count > MaxCachedListings) Forget();
        var inIds = _dialect.InIds("@ids");
        var unread = listings.Where(id => !_listings.ContainsKey(id)).ToHashSet(StringComparer.Ordinal);
        if (unread.Count > 0)
        {
            var ids = _dialect.IdListValue(unread);
            ReadTogether(
                ($"SELECT {ListingColumns} FROM listings WHERE id {inIds}", ids, r => { var l = ReadListing(r); _listings[l.Id] = l; }),
                // The partial index's condition spelled out, so that a plan made once for any id list uses it. Not the
                // listing_noticed facts: one per notice, they pile up on a listing noticed again and again, and each is
                // asked for by its own key (see the other Preload).
                ($"SELECT {FactColumns} FROM {_dialect.Through("knowledge", "knowledge_open_listing_but_noticed")} WHERE until IS NULL AND listing IS NOT NULL AND code <> 'listing_noticed' AND listing {inIds}", ids,
                    r => { var f = ReadFact(r); _openFacts[f.Key] = f; }));
            foreach (var id in unread) _listings.TryAdd(id, null);
            _factsReadForListing.UnionWith(unread);
        }

        var merchants = listings.Select(id => _listings[id]?.Merchant).OfType<string>()
            .Where(m => !_merchants.ContainsKey(m) || !_factsReadForMerchant.Contains(m))
            .ToHashSet(StringComparer.Ordinal);
        if (merchants.Count == 0) return;
        var owners = _dialect.IdListValue(merchants);
        ReadTogether(
            ($"SELECT {MerchantColumns} FROM merchants WHERE id {inIds}", owners, r => { var m = ReadMerchant(r); _merchants[m.Id] = m; }),
            ($"SELECT {FactColumns} FROM {MerchantLevelOpenFacts} WHERE until IS NULL AND listing IS NULL AND merchant {inIds}", owners,
                r => { var f = ReadFact(r); _openFacts[f.Key] = f; }));
        _factsReadForMerchant.UnionWith(merchants);
    }

    public void Preload(IReadOnlyCollection<FactKey> facts, IReadOnlyCollection<string> strikesOf, IReadOnlyCollection<string> linksOf)
    {
        var keys = facts.Select(k => k.ToString()).Where(k => !_openFacts.ContainsKey(k)).ToHashSet(StringComparer.Ordinal);
        var strikes = strikesOf.Where(m => !_strikes.ContainsKey(m)).ToHashSet(StringComparer.Ordinal);
        var links = linksOf.Where(m => _merchants.GetValueOrDefault(m) is { } known && !LinksKnown(known))
            .ToDictionary(m => m, _ => new List<MerchantLink>(), StringComparer.Ordinal);
        var inIds = _dialect.InIds("@ids");
        var reads = new List<(string Sql, object Ids, Action<DbDataReader> Row)>(3);
        if (keys.Count > 0)
            reads.Add(($"SELECT {FactColumns} FROM {_dialect.Through("knowledge", "knowledge_open_key")} WHERE until IS NULL AND key {inIds}",
                _dialect.IdListValue(keys), r => { var f = ReadFact(r); _openFacts[f.Key] = f; }));
        if (strikes.Count > 0)
        {
            foreach (var m in strikes) _strikes[m] = [];
            reads.Add(($"SELECT {StrikeColumns} FROM strikes WHERE merchant {inIds} ORDER BY issued, id", _dialect.IdListValue(strikes),
                r => { var x = ReadStrike(r); _strikes[x.Merchant].Add(x); }));
        }
        if (links.Count > 0)
        {
            // One pass over merchants for the three kinds of link together, sorted out here: whichever detail of
            // the other merchant equals the same detail of one asked for links the two.
            var asked = links.Keys.Select(id => _merchants[id]!).ToList();
            var byPayout = asked.Where(m => m.PayoutAccount is not null).ToLookup(m => m.PayoutAccount!, StringComparer.Ordinal);
            var byEmail = asked.Where(m => m.Email is not null).ToLookup(m => m.Email!, StringComparer.Ordinal);
            var byPhone = asked.Where(m => m.Phone is not null).ToLookup(m => m.Phone!, StringComparer.Ordinal);
            void Link(ILookup<string, Merchant> by, string? value, string other, string via)
            {
                if (value is null) return;
                foreach (var m in by[value])
                    if (m.Id != other) links[m.Id].Add(new MerchantLink(other, via, value));
            }
            var values = byPayout.Select(g => g.Key).Concat(byEmail.Select(g => g.Key)).Concat(byPhone.Select(g => g.Key)).ToHashSet(StringComparer.Ordinal);
            if (values.Count > 0)
                reads.Add(($"SELECT id, payout_account, email, phone FROM merchants WHERE payout_account {inIds} OR email {inIds} OR phone {inIds}",
                    _dialect.IdListValue(values), r =>
                    {
                        var other = r.GetString(0);
                        Link(byPayout, Text(r, 1), other, "payout_account");
                        Link(byEmail, Text(r, 2), other, "email");
                        Link(byPhone, Text(r, 3), other, "phone");
                    }));
        }
        if (reads.Count > 0) ReadTogether([.. reads]);
        foreach (var key in keys) _openFacts.TryAdd(key, null);
        foreach (var (id, found) in links)
        {
            var m = _merchants[id]!;
            // In the order LinkedMerchants reads them from the database.
            found.Sort(static (a, b) => a.Merchant != b.Merchant ? string.CompareOrdinal(a.Merchant, b.Merchant) : string.CompareOrdinal(a.Via, b.Via));
            _links[id] = (m.PayoutAccount, m.Email, m.Phone, found);
        }
    }

    /// <summary>
    /// Runs the reads in order, each over the id list <c>@ids</c>, handing it its rows: in one round trip behind the
    /// queued writes where the dialect batches, else one statement after another (in-process, each costs nothing).
    /// </summary>
    void ReadTogether(params ReadOnlySpan<(string Sql, object Ids, Action<DbDataReader> Row)> reads)
    {
        if (!_dialect.PipelinesWrites)
        {
            foreach (var (sql, ids, row) in reads)
            {
                using var each = Command(sql, [("@ids", ids)]).ExecuteReader();
                while (each.Read()) row(each);
            }
            return;
        }
        using var batch = _pending.Count == 0 && _queuedRows == 0 ? NewBatch() : PendingBatch();
        foreach (var (sql, ids, _) in reads) AddToBatch(batch, sql, [("@ids", ids)]);
        using var reader = batch.ExecuteReader();
        for (var i = 0; i < reads.Length; i++)
        {
            if (i > 0) reader.NextResult();
            while (reader.Read()) reads[i].Row(reader);
        }
    }

    object T(DateTimeOffset at) => _dialect.Time(at);
    object? T(DateTimeOffset? at) => at is { } value ? _dialect.Time(value) : null;
    DateTimeOffset Time(DbDataReader r, int i) => _dialect.ReadTime(r, i);
    DateTimeOffset? MaybeTime(DbDataReader r, int i) => r.IsDBNull(i) ? null : _dialect.ReadTime(r, i);
    static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    static int? MaybeInt(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt32(r.GetValue(i), CultureInfo.InvariantCulture);
    static string W<TEnum>(TEnum value) where TEnum : struct, Enum => Words<TEnum>.Of(value);
    static TEnum E<TEnum>(DbDataReader r, int i) where TEnum : struct, Enum => Words<TEnum>.Parse(r.GetString(i));
    static string J<TValue>(TValue value) => JsonSerializer.Serialize(value, Json.Options);
    static TValue FromJson<TValue>(DbDataReader r, int i) => JsonSerializer.Deserialize<TValue>(r.GetString(i), Json.Options)!;

    // ---- clock -----------------------------------------------------------------------------

    public DateTimeOffset? Clock
    {
        get
        {
            var value = One("SELECT value FROM meta WHERE key = 'clock'", r => r.GetString(0));
            return value is null ? null : EventTime.Parse(value);
        }
    }

    public void SetClock(DateTimeOffset at) =>
        Write("INSERT INTO meta (key, value) VALUES ('clock', @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            ("@v", EventTime.Format(at)));

    // ---- ledger ----------------------------------------------------------------------------

    (long Seq, string Hash) Head()
    {
        _head ??= One("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1",
                     r => new Tuple<long, string>(r.GetInt64(0), r.GetString(1))) is { } row
            ? (row.Item1, row.Item2)
            : (0, LedgerChain.GenesisHash);
        return _head.Value;
    }

    public long LedgerHead => Head().Seq;

    public LedgerEntry Append(DateTimeOffset at, string kind, string actor, string subject, string canonicalData)
    {
        var (seq, previous) = Head();
        var payload = LedgerChain.Payload(kind, at, actor, subject, canonicalData);
        var entry = new LedgerEntry(seq + 1, at, EventTime.Normalize(_clock.GetUtcNow()), kind, actor, subject, payload,
            LedgerChain.Hash(previous, payload));
        InsertLater("ledger", "seq, at, recorded_at, kind, actor, subject, payload, hash",
            entry.Seq, T(entry.At), T(entry.RecordedAt), kind, actor, subject, payload, entry.Hash);
        _head = (entry.Seq, entry.Hash);
        return entry;
    }

    public IEnumerable<LedgerEntry> ReadLedger(long fromSeq = 1)
    {
        // Streamed in pages so that verifying a long ledger does not hold it all in memory.
        const int page = 5000;
        var next = fromSeq;
        while (true)
        {
            var rows = Query("SELECT seq, at, recorded_at, kind, actor, subject, payload, hash FROM ledger WHERE seq >= @from ORDER BY seq LIMIT @n",
                r => new LedgerEntry(r.GetInt64(0), Time(r, 1), Time(r, 2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7)),
                ("@from", next), ("@n", page));
            foreach (var row in rows) yield return row;
            if (rows.Count < page) yield break;
            next = rows[^1].Seq + 1;
        }
    }

    // ---- merchants -------------------------------------------------------------------------

    const string MerchantColumns = "id, store_name, store_url, payout_account, email, phone, address, premium, account, payouts_held, records_held, storefront_disabled";

    static Merchant ReadMerchant(DbDataReader r) =>
        new(r.GetString(0), Text(r, 1), Text(r, 2), Text(r, 3), Text(r, 4), Text(r, 5), Text(r, 6), r.GetBoolean(7))
        {
            Standing = new MerchantStanding(E<AccountStatus>(r, 8), r.GetBoolean(9), r.GetBoolean(10), r.GetBoolean(11)),
        };

    public Merchant? GetMerchant(string id)
    {
        if (_merchants.TryGetValue(id, out var known)) return known;
        return _merchants[id] = One($"SELECT {MerchantColumns} FROM merchants WHERE id = @id", ReadMerchant, ("@id", id));
    }

    public IReadOnlySet<string> ExistingMerchants(IReadOnlyCollection<string> ids)
    {
        var found = new HashSet<string>(ids.Count, StringComparer.Ordinal);
        foreach (var id in QueryIn("SELECT id FROM merchants WHERE id IN ({ids})", ids, r => r.GetString(0))) found.Add(id);
        return found;
    }

    public void UpsertMerchant(Merchant m)
    {
        _merchants.Remove(m.Id);
        _links.Clear();
        Write("""
            INSERT INTO merchants (id, store_name, store_url, payout_account, email, phone, address, premium, name_key, url_key)
            VALUES (@id, @name, @url, @payout, @email, @phone, @address, @premium, @name_key, @url_key)
            ON CONFLICT (id) DO UPDATE SET store_name = excluded.store_name, store_url = excluded.store_url,
                payout_account = excluded.payout_account, email = excluded.email, phone = excluded.phone,
                address = excluded.address, premium = excluded.premium, name_key = excluded.name_key, url_key = excluded.url_key
            """,
            ("@id", m.Id), ("@name", m.StoreName), ("@url", m.StoreUrl), ("@payout", m.PayoutAccount), ("@email", m.Email),
            ("@phone", m.Phone), ("@address", m.Address), ("@premium", m.Premium),
            ("@name_key", StoreIdentity.NameKey(m.StoreName)), ("@url_key", StoreIdentity.UrlKey(m.StoreUrl)));
    }

    public void SetStanding(string merchant, MerchantStanding s)
    {
        if (_merchants.TryGetValue(merchant, out var known) && known is not null) _merchants[merchant] = known with { Standing = s };
        Write("UPDATE merchants SET account = @account, payouts_held = @payouts, records_held = @records, storefront_disabled = @storefront WHERE id = @id",
            ("@account", W(s.Account)), ("@payouts", s.PayoutsHeld), ("@records", s.RecordsHeld), ("@storefront", s.StorefrontDisabled), ("@id", merchant));
    }

    public IReadOnlyList<string> MerchantsWithUrlKey(string urlKey) =>
        Query("SELECT id FROM merchants WHERE url_key = @k ORDER BY id", r => r.GetString(0), ("@k", urlKey));

    public IReadOnlyList<string> MerchantsWithNameKey(string nameKey) =>
        Query("SELECT id FROM merchants WHERE name_key = @k ORDER BY id", r => r.GetString(0), ("@k", nameKey));

    // Links read ahead hold while the merchant's own details are those they were found for.
    bool LinksKnown(Merchant m) =>
        _links.TryGetValue(m.Id, out var known) && (known.Payout, known.Email, known.Phone) == (m.PayoutAccount, m.Email, m.Phone);

    public IReadOnlyList<MerchantLink> LinkedMerchants(Merchant m) =>
        LinksKnown(m)
            ? _links[m.Id].Links
            : Query("""
            SELECT id, 'payout_account', payout_account FROM merchants WHERE payout_account = @payout AND id <> @id
            UNION ALL SELECT id, 'email', email FROM merchants WHERE email = @email AND id <> @id
            UNION ALL SELECT id, 'phone', phone FROM merchants WHERE phone = @phone AND id <> @id
            ORDER BY 1, 2
            """,
            r => new MerchantLink(r.GetString(0), r.GetString(1), r.GetString(2)),
            ("@payout", m.PayoutAccount), ("@id", m.Id), ("@email", m.Email), ("@phone", m.Phone));

    // ---- listings --------------------------------------------------------------------------

    const string ListingColumns = "id, merchant, title, description, brand, images, price, currency, status";

    static Listing ReadListing(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), Text(r, 2), Text(r, 3), Text(r, 4), FromJson<string[]>(r, 5),
            r.IsDBNull(6) ? null : decimal.Parse(Convert.ToString(r.GetValue(6), CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture),
            Text(r, 7), E<ListingStatus>(r, 8));

    public Listing? GetListing(string id)
    {
        if (_listings.TryGetValue(id, out var known)) return known;
        return _listings[id] = One($"SELECT {ListingColumns} FROM listings WHERE id = @id", ReadListing, ("@id", id));
    }

    public IReadOnlyDictionary<string, Listing> GetListings(IReadOnlyCollection<string> ids)
    {
        var unread = ids.Where(id => !_listings.ContainsKey(id)).ToHashSet(StringComparer.Ordinal);
        foreach (var listing in QueryIn($"SELECT {ListingColumns} FROM listings WHERE id IN ({{ids}})", unread, ReadListing)) _listings[listing.Id] = listing;
        foreach (var id in unread) _listings.TryAdd(id, null);
        var found = new Dictionary<string, Listing>(ids.Count, StringComparer.Ordinal);
        foreach (var id in ids)
            if (_listings[id] is { } listing) found[id] = listing;
        return found;
    }

    public IReadOnlyDictionary<string, string> ListingEventHashes(IReadOnlyCollection<string> ids)
    {
        var found = new Dictionary<string, string>(ids.Count, StringComparer.Ordinal);
        foreach (var (id, hash) in QueryIn("SELECT id, event_hash FROM listings WHERE id IN ({ids}) AND event_hash IS NOT NULL", ids,
                     r => (r.GetString(0), r.GetString(1))))
            found[id] = hash;
        return found;
    }

    public void UpsertListing(Listing l, string eventHash)
    {
        _listings.Remove(l.Id);
        Write("""
            INSERT INTO listings (id, merchant, title, description, brand, images, price, currency, status, event_hash)
            VALUES (@id, @merchant, @title, @description, @brand, @images, @price, @currency, @status, @hash)
            ON CONFLICT (id) DO UPDATE SET merchant = excluded.merchant, title = excluded.title,
                description = excluded.description, brand = excluded.brand, images = excluded.images,
                price = excluded.price, currency = excluded.currency, status = excluded.status, event_hash = excluded.event_hash
            """,
            ("@id", l.Id), ("@merchant", l.Merchant), ("@title", l.Title), ("@description", l.Description), ("@brand", l.Brand),
            ("@images", J(l.Images)), ("@price", l.Price), ("@currency", l.Currency), ("@status", W(l.Status)), ("@hash", eventHash));
    }

    public void UpsertListing(Listing l)
    {
        _listings.Remove(l.Id);
        Write("""
            INSERT INTO listings (id, merchant, title, description, brand, images, price, currency, status)
            VALUES (@id, @merchant, @title, @description, @brand, @images, @price, @currency, @status)
            ON CONFLICT (id) DO UPDATE SET merchant = excluded.merchant, title = excluded.title,
                description = excluded.description, brand = excluded.brand, images = excluded.images,
                price = excluded.price, currency = excluded.currency, status = excluded.status
            """,
            ("@id", l.Id), ("@merchant", l.Merchant), ("@title", l.Title), ("@description", l.Description), ("@brand", l.Brand),
            ("@images", J(l.Images)), ("@price", l.Price), ("@currency", l.Currency), ("@status", W(l.Status)));
    }

    public void SetListingStatus(string listing, ListingStatus status)
    {
        if (_listings.TryGetValue(listing, out var known) && known is not null) _listings[listing] = known with { Status = status };
        Write("UPDATE listings SET status = @status WHERE id = @id", ("@status", W(status)), ("@id", listing));
    }

    public IReadOnlyList<Listing> ActiveListingsAfter(string? after, int limit) => after is null
        ? Query($"SELECT {ListingColumns} FROM listings WHERE status = 'active' ORDER BY id LIMIT @limit", ReadListing, ("@limit", limit))
        : Query($"SELECT {ListingColumns} FROM listings WHERE status = 'active' AND id > @after ORDER BY id LIMIT @limit", ReadListing,
            ("@after", after), ("@limit", limit));

    public IReadOnlyList<Listing> ListingsOfMerchant(string merchant) =>
        Query($"SELECT {ListingColumns} FROM listings WHERE merchant = @m ORDER BY id", ReadListing, ("@m", merchant));

    // ---- promotions suppressed --------------------------------------------------------------

    public void AddSuppressions(IReadOnlyList<Suppression> counts)
    {
        foreach (var c in counts)
            Write("""
                INSERT INTO promotions_suppressed (merchant, surface, day, count) VALUES (@m, @surface, @day, @count)
                ON CONFLICT (merchant, surface, day) DO UPDATE SET count = promotions_suppressed.count + excluded.count
                """,
                ("@m", c.Merchant), ("@surface", W(c.Surface)), ("@day", c.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("@count", c.Count));
    }

    public IReadOnlyList<Suppression> Suppressions(string? merchant)
    {
        static Suppression Read(DbDataReader r) =>
            new(r.GetString(0), E<Surface>(r, 1), DateOnly.ParseExact(r.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture), r.GetInt64(3));
        const string Columns = "merchant, surface, day, count";
        return merchant is null
            ? Query($"SELECT {Columns} FROM promotions_suppressed ORDER BY day, merchant, surface", Read)
            : Query($"SELECT {Columns} FROM promotions_suppressed WHERE merchant = @m ORDER BY day, surface", Read, ("@m", merchant));
    }

    // ---- marks -----------------------------------------------------------------------------

    public IReadOnlyList<RegisteredMark> RegisteredMarks() =>
        Query("SELECT mark, owner, registration, at FROM marks ORDER BY mark", r => new RegisteredMark(r.GetString(0), r.GetString(1), Text(r, 2), Time(r, 3)));

    public void InsertRegisteredMark(RegisteredMark m) =>
        Write("INSERT INTO marks (mark, owner, registration, at) VALUES (@mark, @owner, @registration, @at)",
            ("@mark", m.Mark), ("@owner", m.Owner), ("@registration", m.Registration), ("@at", T(m.At)));

    public IReadOnlyList<AllowedPhrase> AllowedPhrases() =>
        Query("SELECT mark, phrase, added_by, reason, at FROM mark_allowed_phrases ORDER BY mark, phrase",
            r => new AllowedPhrase(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Time(r, 4)));

    public void InsertAllowedPhrase(AllowedPhrase p) =>
        Write("INSERT INTO mark_allowed_phrases (mark, phrase, added_by, reason, at) VALUES (@mark, @phrase, @by, @reason, @at)",
            ("@mark", p.Mark), ("@phrase", p.Phrase), ("@by", p.By), ("@reason", p.Reason), ("@at", T(p.At)));

    // ---- orders ----------------------------------------------------------------------------

    const string OrderColumns = "id, kind, case_number, court, plaintiff, issued, served, expires, supersedes, modifies, marks, covers_aliases, in_force, document";

    Order ReadOrder(DbDataReader r) =>
        new(r.GetString(0), E<OrderKind>(r, 1), Text(r, 2), Text(r, 3), Text(r, 4),
            Text(r, 5) is { } issued ? DateOnly.ParseExact(issued, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            Time(r, 6), MaybeTime(r, 7), Text(r, 8), Text(r, 9), FromJson<string[]>(r, 10), r.GetBoolean(11))
        {
            InForce = r.GetBoolean(12),
            Document = r.GetString(13),
        };

    public Order? GetOrder(string id) => One($"SELECT {OrderColumns} FROM orders WHERE id = @id", ReadOrder, ("@id", id));

    public IReadOnlyList<Order> Orders() => Query($"SELECT {OrderColumns} FROM orders ORDER BY served, id", ReadOrder);

    public void InsertOrder(Order o) =>
        Write($"INSERT INTO orders ({OrderColumns}) VALUES (@id, @kind, @case, @court, @plaintiff, @issued, @served, @expires, @supersedes, @modifies, @marks, @aliases, @in_force, @document)",
            ("@id", o.Id), ("@kind", W(o.Kind)), ("@case", o.Case), ("@court", o.Court), ("@plaintiff", o.Plaintiff),
            ("@issued", o.Issued?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("@served", T(o.Served)), ("@expires", T(o.Expires)),
            ("@supersedes", o.Supersedes), ("@modifies", o.Modifies), ("@marks", J(o.Marks)), ("@aliases", o.CoversAliases),
            ("@in_force", o.InForce), ("@document", o.Document));

    public void UpdateOrder(Order o) =>
        Write("UPDATE orders SET expires = @expires, in_force = @in_force WHERE id = @id",
            ("@expires", T(o.Expires)), ("@in_force", o.InForce), ("@id", o.Id));

    Clause ReadClause(DbDataReader r) =>
        new(r.GetString(0), Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture), r.GetString(2), E<ClauseKind>(r, 3), E<ClauseStatus>(r, 4), MaybeTime(r, 5));

    public IReadOnlyList<Clause> Clauses(string order) =>
        Query("SELECT order_id, ordinal, ref, kind, status, since FROM clauses WHERE order_id = @o ORDER BY ordinal", ReadClause, ("@o", order));

    public void InsertClause(Clause c) =>
        Write("INSERT INTO clauses (order_id, ordinal, ref, kind, status, since) VALUES (@o, @n, @ref, @kind, @status, @since)",
            ("@o", c.Order), ("@n", c.Ordinal), ("@ref", c.Ref), ("@kind", W(c.Kind)), ("@status", W(c.Status)), ("@since", T(c.Since)));

    public void UpdateClause(Clause c) =>
        Write("UPDATE clauses SET status = @status, since = @since WHERE order_id = @o AND ordinal = @n",
            ("@status", W(c.Status)), ("@since", T(c.Since)), ("@o", c.Order), ("@n", c.Ordinal));

    public IReadOnlyList<Defendant> Defendants(string order)
    {
        var merchants = Query("SELECT no, merchant, method, at FROM defendant_merchants WHERE order_id = @o ORDER BY no, at, merchant",
                r => (No: Convert.ToInt32(r.GetValue(0), CultureInfo.InvariantCulture), Merchant: new DefendantMerchant(r.GetString(1), E<ResolutionMethod>(r, 2), Time(r, 3))),
                ("@o", order))
            .ToLookup(x => x.No, x => x.Merchant);
        return Query("SELECT order_id, no, name, seller_id, store_url, status, dismissed_at FROM defendants WHERE order_id = @o ORDER BY no",
            r => new Defendant(r.GetString(0), Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture), Text(r, 2), Text(r, 3), Text(r, 4),
                E<DefendantStatus>(r, 5), MaybeTime(r, 6)),
            ("@o", order))
            .Select(d => d with { Merchants = merchants[d.No].ToArray() })
            .ToList();
    }

    public void InsertDefendant(Defendant d)
    {
        Write("INSERT INTO defendants (order_id, no, name, seller_id, store_url, status, dismissed_at) VALUES (@o, @no, @name, @seller, @url, @status, @dismissed)",
            ("@o", d.Order), ("@no", d.No), ("@name", d.Name), ("@seller", d.SellerId), ("@url", d.StoreUrl), ("@status", W(d.Status)), ("@dismissed", T(d.DismissedAt)));
        foreach (var m in d.Merchants) AddDefendantMerchant(d.Order, d.No, m);
    }

    public void UpdateDefendant(Defendant d) =>
        Write("UPDATE defendants SET status = @status, dismissed_at = @dismissed WHERE order_id = @o AND no = @no",
            ("@status", W(d.Status)), ("@dismissed", T(d.DismissedAt)), ("@o", d.Order), ("@no", d.No));

    public void AddDefendantMerchant(string order, int no, DefendantMerchant m) =>
        Write("INSERT INTO defendant_merchants (order_id, no, merchant, method, at) VALUES (@o, @no, @m, @method, @at) ON CONFLICT DO NOTHING",
            ("@o", order), ("@no", no), ("@m", m.Merchant), ("@method", W(m.Method)), ("@at", T(m.At)));

    public IReadOnlyList<(string Order, int No)> DefendantsOfMerchant(string merchant) =>
        Query("SELECT order_id, no FROM defendant_merchants WHERE merchant = @m ORDER BY order_id, no",
            r => (r.GetString(0), Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture)), ("@m", merchant));

    // ---- actions ---------------------------------------------------------------------------

    const string ActionColumns = "id, kind, merchant, listing, status, basis, at, confirmed_at, cause_seq, order_id, clause_ordinal";

    EnforcementAction ReadAction(DbDataReader r) =>
        new(r.GetInt64(0), E<ActionKind>(r, 1), r.GetString(2), Text(r, 3), E<ActionStatus>(r, 4), FromJson<Basis>(r, 5),
            Time(r, 6), MaybeTime(r, 7), r.GetInt64(8))
        { Order = Text(r, 9), ClauseOrdinal = MaybeInt(r, 10) };

    public long InsertAction(EnforcementAction a) =>
        InsertRow("actions", "id, kind, merchant, listing, status, basis, at, confirmed_at, cause_seq, order_id, clause_ordinal",
            null, W(a.Kind), a.Merchant, a.Listing, W(a.Status), J(a.Basis), T(a.At), T(a.ConfirmedAt), a.CauseSeq, a.Order, a.ClauseOrdinal);

    public void UpdateAction(EnforcementAction a) =>
        Write("UPDATE actions SET status = @status, confirmed_at = @confirmed WHERE id = @id",
            ("@status", W(a.Status)), ("@confirmed", T(a.ConfirmedAt)), ("@id", a.Id));

    public EnforcementAction? GetAction(long id) => One($"SELECT {ActionColumns} FROM actions WHERE id = @id", ReadAction, ("@id", id));

    public IReadOnlyList<EnforcementAction> Actions(ActionStatus? status = null) => status is { } s
        ? Query($"SELECT {ActionColumns} FROM actions WHERE status = @s ORDER BY id", ReadAction, ("@s", W(s)))
        : Query($"SELECT {ActionColumns} FROM actions ORDER BY id", ReadAction);

    public IReadOnlyList<EnforcementAction> ActionsOfMerchant(string merchant) =>
        Query($"SELECT {ActionColumns} FROM actions WHERE merchant = @m ORDER BY id", ReadAction, ("@m", merchant));

    // ---- webhook delivery ------------------------------------------------------------------

    const string DeliveryColumns = "action_id, destination, attempts, sent_at, last_attempt_at, last_status, last_error, next_attempt_at, answered_at";

    ActionDelivery ReadDelivery(DbDataReader r, int o) =>
        new(r.GetInt64(o), r.GetString(o + 1), Convert.ToInt32(r.GetValue(o + 2), CultureInfo.InvariantCulture), Time(r, o + 3), MaybeTime(r, o + 4),
            MaybeInt(r, o + 5), Text(r, o + 6), MaybeTime(r, o + 7), MaybeTime(r, o + 8));

    public ActionDelivery? GetDelivery(long action) =>
        One($"SELECT {DeliveryColumns} FROM action_deliveries WHERE action_id = @a", r => ReadDelivery(r, 0), ("@a", action));

    public void UpsertDelivery(ActionDelivery d) =>
        Write($"""
            INSERT INTO action_deliveries ({DeliveryColumns}) VALUES (@a, @dest, @attempts, @sent, @last, @status, @error, @next, @answered)
            ON CONFLICT (action_id) DO UPDATE SET destination = excluded.destination, attempts = excluded.attempts,
                last_attempt_at = excluded.last_attempt_at, last_status = excluded.last_status, last_error = excluded.last_error,
                next_attempt_at = excluded.next_attempt_at, answered_at = excluded.answered_at
            """,
            ("@a", d.Action), ("@dest", d.Destination), ("@attempts", d.Attempts), ("@sent", T(d.SentAt)), ("@last", T(d.LastAttemptAt)),
            ("@status", d.LastStatus), ("@error", d.LastError), ("@next", T(d.NextAttemptAt)), ("@answered", T(d.AnsweredAt)));

    public IReadOnlyList<PendingDelivery> UndeliveredActions(int limit) =>
        Query($"""
            SELECT a.id, a.kind, a.merchant, a.listing, a.status, a.basis, a.at, a.confirmed_at, a.cause_seq, a.order_id, a.clause_ordinal,
                   d.action_id, d.destination, d.attempts, d.sent_at, d.last_attempt_at, d.last_status, d.last_error, d.next_attempt_at, d.answered_at
            FROM actions a LEFT JOIN action_deliveries d ON d.action_id = a.id
            WHERE a.status IN ('pending', 'sent') AND d.answered_at IS NULL
            ORDER BY a.id LIMIT @n
            """,
            r => new PendingDelivery(ReadAction(r), r.IsDBNull(11) ? null : ReadDelivery(r, 11)), ("@n", limit));

    public bool UseSignature(string signature, long action, DateTimeOffset signedAt, DateTimeOffset usedAt) =>
        Execute("INSERT INTO confirmation_signatures (signature, action_id, signed_at, used_at) VALUES (@s, @a, @signed, @used) ON CONFLICT (signature) DO NOTHING",
            ("@s", signature), ("@a", action), ("@signed", T(signedAt)), ("@used", T(usedAt))) == 1;

    // ---- review ----------------------------------------------------------------------------

    const string ReviewColumns = "id, kind, status, merchant, listing, order_id, defendant, evidence, created, decided_at, decided_by, reason";

    ReviewItem ReadReview(DbDataReader r) =>
        new(r.GetInt64(0), E<ReviewKind>(r, 1), E<ReviewStatus>(r, 2), Text(r, 3), Text(r, 4), Text(r, 5), MaybeInt(r, 6),
            (JsonNode.Parse(r.GetString(7)) as JsonObject) ?? [], Time(r, 8))
        { DecidedAt = MaybeTime(r, 9), DecidedBy = Text(r, 10), Reason = Text(r, 11) };

    public long InsertReviewItem(ReviewItem i) =>
        InsertRow("review_items", "id, kind, status, merchant, listing, order_id, defendant, evidence, created",
            null, W(i.Kind), W(i.Status), i.Merchant, i.Listing, i.Order, i.Defendant, Json.Canonical(i.Evidence), T(i.Created));

    public void UpdateReviewItem(ReviewItem i) =>
        Write("UPDATE review_items SET status = @status, merchant = @m, decided_at = @at, decided_by = @by, reason = @reason WHERE id = @id",
            ("@status", W(i.Status)), ("@m", i.Merchant), ("@at", T(i.DecidedAt)), ("@by", i.DecidedBy), ("@reason", i.Reason), ("@id", i.Id));

    public ReviewItem? GetReviewItem(long id) => One($"SELECT {ReviewColumns} FROM review_items WHERE id = @id", ReadReview, ("@id", id));

    public IReadOnlyList<ReviewItem> ReviewItems(ReviewStatus? status = null) => status is { } s
        ? Query($"SELECT {ReviewColumns} FROM review_items WHERE status = @s ORDER BY id", ReadReview, ("@s", W(s)))
        : Query($"SELECT {ReviewColumns} FROM review_items ORDER BY id", ReadReview);

    public IReadOnlyList<ReviewItem> ReviewItemsOfMerchant(string merchant) =>
        Query($"SELECT {ReviewColumns} FROM review_items WHERE merchant = @m ORDER BY id", ReadReview, ("@m", merchant));

    public IReadOnlyList<ReviewItem> ReviewItemsOfOrder(string order) =>
        Query($"SELECT {ReviewColumns} FROM review_items WHERE order_id = @o ORDER BY id", ReadReview, ("@o", order));

    // ---- knowledge -------------------------------------------------------------------------

    const string FactColumns = "id, code, merchant, listing, basis, since, until, key";

    string MerchantLevelOpenFacts => _dialect.Through("knowledge", "knowledge_open_merchant");

    KnowledgeFact ReadFact(DbDataReader r) =>
        new(r.GetInt64(0), E<KnowledgeCode>(r, 1), r.GetString(2), Text(r, 3), FromJson<Basis>(r, 4), Time(r, 5), MaybeTime(r, 6), r.GetString(7));

    public long InsertFact(KnowledgeFact f)
    {
        var id = InsertRow("knowledge", "id, code, merchant, listing, basis, since, until, key",
            null, W(f.Code), f.Merchant, f.Listing, J(f.Basis), T(f.Since), T(f.Until), f.Key);
        if (f.Until is null) _openFacts[f.Key] = f with { Id = id, Since = EventTime.Normalize(f.Since) };
        return id;
    }

    public bool CloseFact(FactKey key, DateTimeOffset until)
    {
        if (OpenFact(key) is not { } open) return false;
        Write("UPDATE knowledge SET until = @until WHERE id = @id", ("@until", T(until)), ("@id", open.Id));
        _openFacts[key.ToString()] = null;
        return true;
    }

    public KnowledgeFact? OpenFact(FactKey key)
    {
        var text = key.ToString();
        if (_openFacts.TryGetValue(text, out var known)) return known;
        // Everything open about a preloaded listing (but its listing_noticed facts) or, for merchant-level facts, merchant is in the cache.
        var preloaded = key.Listing is { } listing
            ? key.Code != KnowledgeCode.ListingNoticed && _factsReadForListing.Contains(listing)
            : _factsReadForMerchant.Contains(key.Merchant);
        if (preloaded) return null;
        return _openFacts[text] = One($"SELECT {FactColumns} FROM knowledge WHERE key = @key AND until IS NULL", ReadFact, ("@key", text));
    }

    public IReadOnlyList<KnowledgeFact> FactsOfMerchant(string merchant) =>
        Query($"SELECT {FactColumns} FROM knowledge WHERE merchant = @m ORDER BY since, id", ReadFact, ("@m", merchant));

    public IReadOnlyList<KnowledgeFact> FactsOfListing(string listing) =>
        Query($"SELECT {FactColumns} FROM knowledge WHERE listing = @l ORDER BY since, id", ReadFact, ("@l", listing));

    public IReadOnlyList<KnowledgeFact> FactsAfter(long after, KnowledgeCode code, int limit) =>
        Query($"SELECT {FactColumns} FROM knowledge WHERE id > @after AND code = @code ORDER BY id LIMIT @limit", ReadFact,
            ("@after", after), ("@code", W(code)), ("@limit", limit));

    public IReadOnlyList<KnowledgeFact> OpenFacts(KnowledgeCode code) =>
        Query($"SELECT {FactColumns} FROM knowledge WHERE code = @code AND until IS NULL ORDER BY id", ReadFact, ("@code", W(code)));

    // ---- strikes ---------------------------------------------------------------------------

    public long InsertStrike(Strike s)
    {
        var id = InsertRow("strikes", "id, merchant, source, source_id, issued, expires, withdrawn_at",
            null, s.Merchant, W(s.Source), s.SourceId, T(s.Issued), T(s.Expires), T(s.WithdrawnAt));
        if (_strikes.TryGetValue(s.Merchant, out var known))
        {
            known.Add(Stored(s with { Id = id }));
            known.Sort(static (a, b) => a.Issued != b.Issued ? a.Issued.CompareTo(b.Issued) : a.Id.CompareTo(b.Id));
        }
        return id;
    }

    public void UpdateStrike(Strike s)
    {
        Write("UPDATE strikes SET withdrawn_at = @withdrawn WHERE id = @id", ("@withdrawn", T(s.WithdrawnAt)), ("@id", s.Id));
        if (_strikes.TryGetValue(s.Merchant, out var known) && known.FindIndex(x => x.Id == s.Id) is var i and >= 0)
            known[i] = known[i] with { WithdrawnAt = s.WithdrawnAt is { } w ? EventTime.Normalize(w) : null };
    }

    // As the database gives it back: times to the microsecond.
    static Strike Stored(Strike s) => s with
    {
        Issued = EventTime.Normalize(s.Issued), Expires = EventTime.Normalize(s.Expires),
        WithdrawnAt = s.WithdrawnAt is { } w ? EventTime.Normalize(w) : null,
    };

    const string StrikeColumns = "id, merchant, source, source_id, issued, expires, withdrawn_at";

    Strike ReadStrike(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), E<StrikeSource>(r, 2), r.GetString(3), Time(r, 4), Time(r, 5), MaybeTime(r, 6));

    public IReadOnlyList<Strike> StrikesOf(string merchant)
    {
        if (!_strikes.TryGetValue(merchant, out var known))
            _strikes[merchant] = known = Query($"SELECT {StrikeColumns} FROM strikes WHERE merchant = @m ORDER BY issued, id", ReadStrike, ("@m", merchant));
        return [.. known];
    }

    // ---- notices ---------------------------------------------------------------------------

    const string NoticeColumns = "id, at, notifier_name, notifier_email, notifier_role, document, received, sequence, receipt";

    NoticeRecord ReadNotice(DbDataReader r) =>
        new(r.GetString(0), Time(r, 1), r.GetString(2), r.GetString(3), E<NotifierRole>(r, 4), r.GetString(5), Time(r, 6), r.GetInt64(7),
            FromJson<Receipt>(r, 8));

    public NoticeRecord? GetNotice(string id)
    {
        if (_notices.TryGetValue(id, out var known)) return known;
        return _notices[id] = One($"SELECT {NoticeColumns} FROM notices WHERE id = @id", ReadNotice, ("@id", id));
    }

    public void PreloadNotices(IReadOnlyCollection<string> ids)
    {
        var unread = ids.Where(id => !_notices.ContainsKey(id)).ToHashSet(StringComparer.Ordinal);
        foreach (var notice in QueryIn($"SELECT {NoticeColumns} FROM notices WHERE id IN ({{ids}})", unread, ReadNotice)) _notices[notice.Id] = notice;
        foreach (var id in unread) _notices.TryAdd(id, null);
    }

    public IReadOnlyList<NoticeRecord> Notices() => Query($"SELECT {NoticeColumns} FROM notices ORDER BY received, id", ReadNotice);

    public void InsertNotice(NoticeRecord n, IReadOnlyList<NoticeListing> listings)
    {
        _notices.Remove(n.Id);
        // Queued ahead too: notices only gain rows, and their queue, made first, is written before the listings' that point at it.
        InsertLater("notices", NoticeColumns, n.Id, T(n.At), n.NotifierName, n.NotifierEmail, W(n.Role), n.Document, T(n.Received), n.Sequence, J(n.Receipt));
        foreach (var l in listings)
            InsertLater("notice_listings", "notice, listing, merchant, accepted, reason", l.Notice, l.Listing, l.Merchant, l.Accepted, l.Reason);
    }

    static NoticeListing ReadNoticeListing(DbDataReader r) => new(r.GetString(0), r.GetString(1), Text(r, 2), r.GetBoolean(3), Text(r, 4));

    public IReadOnlyList<NoticeListing> NoticeListings(string notice) =>
        Query("SELECT notice, listing, merchant, accepted, reason FROM notice_listings WHERE notice = @n ORDER BY listing", ReadNoticeListing, ("@n", notice));

    public IReadOnlyList<NoticeListing> NoticesOfListing(string listing) =>
        Query("SELECT notice, listing, merchant, accepted, reason FROM notice_listings WHERE listing = @l AND accepted = @yes ORDER BY notice", ReadNoticeListing,
            ("@l", listing), ("@yes", true));

    const string CounterNoticeColumns = "id, at, notice, listing, merchant, document, restore_at, status, resolved_at";

    CounterNoticeRecord ReadCounterNotice(DbDataReader r)
    {
        var document = JsonDocument.Parse(r.GetString(5)).RootElement;
        var statement = document.TryGetProperty("statement", out var st) ? st.GetString() ?? "" : "";
        var signature = document.TryGetProperty("signature", out var sg) ? sg.GetString() ?? "" : "";
        return new CounterNoticeRecord(
            new CounterNotice(r.GetString(0), Time(r, 1), r.GetString(2), r.GetString(3), r.GetString(4), statement, signature) { Document = r.GetString(5) },
            MaybeTime(r, 6), E<CounterNoticeStatus>(r, 7), MaybeTime(r, 8));
    }

    public CounterNoticeRecord? GetCounterNotice(string id) =>
        One($"SELECT {CounterNoticeColumns} FROM counter_notices WHERE id = @id", ReadCounterNotice, ("@id", id));

    public void InsertCounterNotice(CounterNoticeRecord c) =>
        Write($"INSERT INTO counter_notices ({CounterNoticeColumns}) VALUES (@id, @at, @notice, @listing, @merchant, @document, @restore, @status, @resolved)",
            ("@id", c.CounterNotice.Id), ("@at", T(c.CounterNotice.At)), ("@notice", c.CounterNotice.Notice), ("@listing", c.CounterNotice.Listing),
            ("@merchant", c.CounterNotice.Merchant), ("@document", c.CounterNotice.Document), ("@restore", T(c.RestoreAt)),
            ("@status", W(c.Status)), ("@resolved", T(c.ResolvedAt)));

    public void UpdateCounterNotice(CounterNoticeRecord c) =>
        Write("UPDATE counter_notices SET status = @status, resolved_at = @resolved WHERE id = @id",
            ("@status", W(c.Status)), ("@resolved", T(c.ResolvedAt)), ("@id", c.CounterNotice.Id));

    public IReadOnlyList<CounterNoticeRecord> CounterNoticesOf(string notice) =>
        Query($"SELECT {CounterNoticeColumns} FROM counter_notices WHERE notice = @n ORDER BY at, id", ReadCounterNotice, ("@n", notice));

    const string NotifierColumns = "email, name, role, notices, listings_accepted, listings_rejected, counter_noticed, restored, warned_at, warning";

    Notifier ReadNotifier(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), E<NotifierRole>(r, 2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7),
            MaybeTime(r, 8), Text(r, 9));

    public Notifier? GetNotifier(string email)
    {
        if (_notifiers.TryGetValue(email, out var known)) return known;
        return _notifiers[email] = One($"SELECT {NotifierColumns} FROM notifiers WHERE email = @e", ReadNotifier, ("@e", email));
    }

    public IReadOnlyList<Notifier> Notifiers() => Query($"SELECT {NotifierColumns} FROM notifiers ORDER BY email", ReadNotifier);

    public void UpsertNotifier(Notifier n)
    {
        _notifiers[n.Email] = n with { WarnedAt = n.WarnedAt is { } w ? EventTime.Normalize(w) : null };
        Write($"""
            INSERT INTO notifiers ({NotifierColumns}) VALUES (@e, @name, @role, @notices, @accepted, @rejected, @counter, @restored, @warned, @warning)
            ON CONFLICT (email) DO UPDATE SET name = excluded.name, role = excluded.role, notices = excluded.notices,
                listings_accepted = excluded.listings_accepted, listings_rejected = excluded.listings_rejected,
                counter_noticed = excluded.counter_noticed, restored = excluded.restored, warned_at = excluded.warned_at, warning = excluded.warning
            """,
            ("@e", n.Email), ("@name", n.Name), ("@role", W(n.Role)), ("@notices", n.Notices), ("@accepted", n.ListingsAccepted),
            ("@rejected", n.ListingsRejected), ("@counter", n.CounterNoticed), ("@restored", n.Restored), ("@warned", T(n.WarnedAt)), ("@warning", n.Warning));
    }

    // ---- promotions and exposures ---------------------------------------------------------

    public IReadOnlyDictionary<string, string> PromotionRecords(IReadOnlyCollection<string> ids)
    {
        var found = new Dictionary<string, string>(ids.Count, StringComparer.Ordinal);
        foreach (var (id, record) in QueryIn("SELECT id, record FROM promotions WHERE id IN ({ids})", ids, r => (r.GetString(0), r.GetString(1))))
            found[id] = record;
        return found;
    }

    public void InsertPromotion(Promotion p, string canonicalRecord) =>
        Write("INSERT INTO promotions (id, surface, merchant, listing, at, audience, record) VALUES (@id, @surface, @m, @l, @at, @audience, @record)",
            ("@id", p.Id), ("@surface", W(p.Surface)), ("@m", p.Merchant), ("@l", p.Listing), ("@at", T(p.At)), ("@audience", p.Audience),
            ("@record", canonicalRecord));

    const string ExposureColumns = "id, promotion, surface, merchant, listing, at, reasons, seq";

    Exposure ReadExposure(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), E<Surface>(r, 2), r.GetString(3), Text(r, 4), Time(r, 5), FromJson<GateReason[]>(r, 6), r.GetInt64(7));

    public long InsertExposure(Exposure e) =>
        // Not queued ahead with the rows of InsertLater: it points at its promotion, written just before.
        Insert("INSERT INTO exposures (promotion, surface, merchant, listing, at, codes, reasons, seq) VALUES (@p, @surface, @m, @l, @at, @codes, @reasons, @seq) RETURNING id",
            ("@p", e.Promotion), ("@surface", W(e.Surface)), ("@m", e.Merchant), ("@l", e.Listing), ("@at", T(e.At)), ("@codes", J(e.Codes)),
            ("@reasons", J(e.Reasons)), ("@seq", e.Seq));

    public IReadOnlyList<Exposure> Exposures(string? merchant = null) => merchant is null
        ? Query($"SELECT {ExposureColumns} FROM exposures ORDER BY at, id", ReadExposure)
        : Query($"SELECT {ExposureColumns} FROM exposures WHERE merchant = @m ORDER BY at, id", ReadExposure, ("@m", merchant));

    public IReadOnlyList<Exposure> ExposuresOfPromotions(IReadOnlyCollection<string> promotions) =>
        QueryIn($"SELECT {ExposureColumns} FROM exposures WHERE promotion IN ({{ids}}) ORDER BY at, id", promotions, ReadExposure);

    // ---- accounts --------------------------------------------------------------------------

    const string UserColumns = "name, role, owner, password_hash, created";

    User ReadUser(DbDataReader r) => new(r.GetString(0), E<Role>(r, 1), Text(r, 2), r.GetString(3), Time(r, 4));

    public User? GetUser(string name) => One($"SELECT {UserColumns} FROM users WHERE name = @n", ReadUser, ("@n", name));

    public IReadOnlyList<User> Users() => Query($"SELECT {UserColumns} FROM users ORDER BY name", ReadUser);

    public void UpsertUser(User u) =>
        Write($"INSERT INTO users ({UserColumns}) VALUES (@n, @role, @owner, @hash, @created) ON CONFLICT (name) DO UPDATE SET role = excluded.role, owner = excluded.owner, password_hash = excluded.password_hash",
            ("@n", u.Name), ("@role", W(u.Role)), ("@owner", u.Owner), ("@hash", u.PasswordHash), ("@created", T(u.Created)));

    public ApiKey? GetApiKey(string id) =>
        One("SELECT id, secret_sha, role, owner, created, revoked_at FROM api_keys WHERE id = @id",
            r => new ApiKey(r.GetString(0), r.GetString(1), E<Role>(r, 2), Text(r, 3), Time(r, 4), MaybeTime(r, 5)), ("@id", id));

    public void InsertApiKey(ApiKey k) =>
        Write("INSERT INTO api_keys (id, secret_sha, role, owner, created, revoked_at) VALUES (@id, @sha, @role, @owner, @created, @revoked)",
            ("@id", k.Id), ("@sha", k.SecretSha), ("@role", W(k.Role)), ("@owner", k.Owner), ("@created", T(k.Created)), ("@revoked", T(k.RevokedAt)));

    static string OwnedTable(string table) => table is "notices" or "orders" ? table : throw new ArgumentException($"no owner on {table}", nameof(table));

    public void SetOwner(string table, string id, string owner) =>
        Write($"UPDATE {OwnedTable(table)} SET owner = @owner WHERE id = @id", ("@owner", owner), ("@id", id));

    public string? OwnerOf(string table, string id) =>
        One($"SELECT owner FROM {OwnedTable(table)} WHERE id = @id AND owner IS NOT NULL", r => r.GetString(0), ("@id", id));

    public string? GetMeta(string key) => One("SELECT value FROM meta WHERE key = @k", r => r.GetString(0), ("@k", key));

    public void SetMeta(string key, string value) =>
        Write("INSERT INTO meta (key, value) VALUES (@k, @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value", ("@k", key), ("@v", value));

    // ---- deadlines -------------------------------------------------------------------------

    public void InsertDeadline(Deadline d) => InsertLater("deadlines", "due, kind, subject", T(d.Due), W(d.Kind), d.Subject);

    public Deadline? NextDue(DateTimeOffset at) =>
        One("SELECT id, due, kind, subject FROM deadlines WHERE fired_at IS NULL AND due <= @at ORDER BY due, id LIMIT 1",
            r => new Deadline(r.GetInt64(0), Time(r, 1), E<DeadlineKind>(r, 2), r.GetString(3)), ("@at", T(at)));

    public void MarkFired(long deadline, DateTimeOffset at) =>
        Write("UPDATE deadlines SET fired_at = @at WHERE id = @id", ("@at", T(at)), ("@id", deadline));

    // ---- reports ---------------------------------------------------------------------------

    const string LedgerColumns = "seq, at, recorded_at, kind, actor, subject, payload, hash";

    LedgerEntry ReadLedgerEntry(DbDataReader r) =>
        new(r.GetInt64(0), Time(r, 1), Time(r, 2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7));

    public IReadOnlyList<LedgerEntry> LedgerOf(string subject, string kind) =>
        Query($"SELECT {LedgerColumns} FROM ledger WHERE subject = @s AND kind = @k ORDER BY seq", ReadLedgerEntry, ("@s", subject), ("@k", kind));

    public LedgerEntry? LedgerEntryAt(long seq) =>
        One($"SELECT {LedgerColumns} FROM ledger WHERE seq = @seq", ReadLedgerEntry, ("@seq", seq));

    // ---- the ledger of one subject (UI timelines, the audit browser) -----------------------

    public IReadOnlyList<LedgerEntry> LedgerOfSubject(string subject, long fromSeq, int limit) =>
        Query("SELECT seq, at, recorded_at, kind, actor, subject, payload, hash FROM ledger WHERE subject = @s AND seq >= @from ORDER BY seq LIMIT @n",
            r => new LedgerEntry(r.GetInt64(0), Time(r, 1), Time(r, 2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7)),
            ("@s", subject), ("@from", fromSeq), ("@n", limit));
}
