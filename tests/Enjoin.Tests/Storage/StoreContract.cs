using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Ledger;
using Enjoin.Merchants;
using Enjoin.Storage.Sqlite;

namespace Enjoin.Tests.Storage;

/// <summary>
/// The one storage contract (DESIGN §6.1): every test here runs against SQLite and PostgreSQL
/// through <see cref="SqliteStoreContract"/> and <see cref="PostgresStoreContract"/>, each on a
/// fresh, empty database. This part: migrations, the ledger, transactions.
/// </summary>
public abstract partial class StoreContract(StoreFixture fixture) : IDisposable
{
    protected StoreFixture Fixture { get; } = fixture;

    IEnjoinStore Store => Fixture.Store;

    public void Dispose()
    {
        Fixture.Dispose();
        GC.SuppressFinalize(this);
    }

    // ---- helpers ---------------------------------------------------------------------------

    static readonly string[] Tables =
    [
        "meta", "ledger", "merchants", "listings", "orders", "clauses", "defendants", "defendant_merchants",
        "actions", "review_items", "knowledge", "strikes", "deadlines", "action_deliveries", "confirmation_signatures",
    ];

    /// <summary>An exact instant from ISO-8601 text (microseconds and all).</summary>
    static DateTimeOffset At(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    void Commit(Action<IStoreTransaction> work)
    {
        using var tx = Store.Begin();
        work(tx);
        tx.Commit();
    }

    T Commit<T>(Func<IStoreTransaction, T> work)
    {
        using var tx = Store.Begin();
        var result = work(tx);
        tx.Commit();
        return result;
    }

    T Read<T>(Func<IStoreTransaction, T> query)
    {
        using var tx = Store.Begin();
        return query(tx);
    }

    /// <summary>Same value, compared through the product's JSON (times to the microsecond, decimals with their scale).</summary>
    static void Same<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, Json.Options), JsonSerializer.Serialize(actual, Json.Options));

    /// <summary>DESIGN §6.3, computed here without the product's code.</summary>
    static string ExpectedHash(string previousHex, string payload)
    {
        var bytes = Convert.FromHexString(previousHex).Concat(Encoding.UTF8.GetBytes(payload)).ToArray();
        return Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
    }

    static readonly string Genesis = new('0', 64);

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    int[] EmbeddedMigrationVersions() =>
        typeof(SqliteStore).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Fixture.MigrationPrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => int.Parse(n[Fixture.MigrationPrefix.Length..].Split('_')[0], CultureInfo.InvariantCulture))
            .Order()
            .ToArray();

    List<(long Version, string Name)> AppliedMigrations() =>
        Fixture.Rows("SELECT version, name FROM schema_migrations ORDER BY version")
            .Select(r => (Convert.ToInt64(r[0], CultureInfo.InvariantCulture), (string)r[1]!))
            .ToList();

    // ---- migrations ------------------------------------------------------------------------

    [SkippableFact]
    public void Migrations_apply_on_an_empty_database()
    {
        var versions = EmbeddedMigrationVersions();
        Assert.NotEmpty(versions);
        _ = Store;

        Assert.Equal(versions.Select(v => (long)v), AppliedMigrations().Select(m => m.Version));
        foreach (var table in Tables) Assert.Equal(0, Fixture.Count($"SELECT COUNT(*) FROM {table}"));
        Assert.Equal(0, Read(tx => tx.LedgerHead));
        Assert.Null(Read(tx => tx.Clock));
        Assert.Empty(Read(tx => tx.ReadLedger().ToList()));
    }

    [SkippableFact]
    public void A_read_does_not_wait_for_another_process_writing_and_sees_only_what_it_committed()
    {
        var writerStore = Fixture.Open();
        var readerStore = Fixture.Open();
        using (var tx = writerStore.Begin())
        {
            tx.UpsertMerchant(new Merchant("M-1", "Committed", null, null, null, null, null, false));
            tx.Commit();
        }
        using var writing = writerStore.Begin();
        writing.UpsertMerchant(new Merchant("M-2", "Not yet committed", null, null, null, null, null, false));

        // The writer holds its lock; a question from another connection still answers at once.
        var read = Task.Run(() =>
        {
            using var tx = readerStore.Begin(readOnly: true);
            return (tx.GetMerchant("M-1")?.StoreName, tx.GetMerchant("M-2"));
        });
        Assert.True(read.Wait(TimeSpan.FromSeconds(10)), "the read waited for the writer");
        Assert.Equal("Committed", read.Result.Item1);
        Assert.Null(read.Result.Item2);
    }

    [SkippableFact]
    public void Reopening_an_existing_database_does_not_reapply_migrations()
    {
        var first = Fixture.Open();
        LedgerEntry appended;
        using (var tx = first.Begin())
        {
            tx.UpsertMerchant(new Merchant("M-1", "Kept Store", null, null, null, null, null, false));
            appended = tx.Append(At("2024-01-01T00:00:00Z"), "merchants_ingested", "test", "merchants", "{}");
            tx.Commit();
        }
        first.Dispose();
        var applied = AppliedMigrations();

        // Twice: re-opening is what every command does at start.
        for (var i = 0; i < 2; i++)
        {
            using var again = Fixture.Open();
            Assert.Equal(applied, AppliedMigrations());
            using var tx = again.Begin();
            Assert.Equal("Kept Store", tx.GetMerchant("M-1")?.StoreName);
            Assert.Equal(1, tx.LedgerHead);
            Assert.Equal([appended], tx.ReadLedger());
        }
        Assert.Equal(applied.Count, Fixture.Count("SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal(1, Fixture.Count("SELECT COUNT(*) FROM merchants"));
    }

    // ---- ledger ----------------------------------------------------------------------------

    [SkippableFact]
    public void Ledger_appends_seq_1_2_3_hash_linked_from_32_zero_bytes()
    {
        // recorded_at is the wall clock, kept to the microsecond like every time.
        var clock = new FixedClock(At("2024-05-06T07:08:09.1234567Z"));
        using var store = Fixture.Open(clock);
        var events = new (string Kind, DateTimeOffset At, string Actor, string Subject, string Data)[]
        {
            ("merchants_ingested", At("2022-12-28T15:00:00.000001Z"), "cli", "merchants", """{"count":1,"records":[{"id":"M-1"}]}"""),
            ("order_served", At("2022-12-28T15:00:00.999999Z"), "server", "kt-tro", """{"marks":["SQUISHMALLOWS"],"note":"ünïcödé ✓ \"quoted\""}"""),
            ("action_confirmed", At("2023-01-02T03:04:05.5Z"), "marketplace", "action:1", "{}"),
            ("advanced", At("2023-01-03T00:00:00Z"), "cli", "clock", "null"),
            ("listing_relisted", At("2023-02-01T09:00:00.000100Z"), "cli", "L-1", """[1,2.5,true]"""),
        };

        var returned = new List<LedgerEntry>();
        using (var tx = store.Begin())
        {
            Assert.Equal(0, tx.LedgerHead);
            foreach (var e in events.Take(3)) returned.Add(tx.Append(e.At, e.Kind, e.Actor, e.Subject, e.Data));
            Assert.Equal(3, tx.LedgerHead);
            tx.Commit();
        }
        using (var tx = store.Begin())
        {
            Assert.Equal(3, tx.LedgerHead);
            foreach (var e in events.Skip(3)) returned.Add(tx.Append(e.At, e.Kind, e.Actor, e.Subject, e.Data));
            tx.Commit();
        }

        using var read = store.Begin();
        Assert.Equal(5, read.LedgerHead);
        var ledger = read.ReadLedger().ToList();
        Assert.Equal(returned, ledger);
        Assert.Equal([1L, 2, 3, 4, 5], ledger.Select(e => e.Seq));
        var previous = Genesis;
        for (var i = 0; i < ledger.Count; i++)
        {
            var (entry, e) = (ledger[i], events[i]);
            Assert.Equal(e.At, entry.At);
            Assert.Equal(TimeSpan.Zero, entry.At.Offset);
            Assert.Equal(At("2024-05-06T07:08:09.123456Z"), entry.RecordedAt);
            Assert.Equal((e.Kind, e.Actor, e.Subject), (entry.Kind, entry.Actor, entry.Subject));
            // The payload carries the columns and the data (canonical, byte for byte).
            using (var payload = JsonDocument.Parse(entry.Payload))
            {
                var root = payload.RootElement;
                Assert.Equal(e.Kind, root.GetProperty("kind").GetString());
                Assert.Equal(e.Actor, root.GetProperty("actor").GetString());
                Assert.Equal(e.Subject, root.GetProperty("subject").GetString());
                Assert.Equal(e.At, At(root.GetProperty("at").GetString()!));
                Assert.Equal(e.Data, root.GetProperty("data").GetRawText());
            }
            Assert.Matches("^[0-9a-f]{64}$", entry.Hash);
            Assert.Equal(ExpectedHash(previous, entry.Payload), entry.Hash);
            previous = entry.Hash;
        }
        Assert.Equal([4L, 5], read.ReadLedger(fromSeq: 4).Select(e => e.Seq));
        Assert.Empty(read.ReadLedger(fromSeq: 6));
        Assert.Null(LedgerChain.Verify(ledger));

        // What an auditor reading the table directly sees is the same.
        var rows = Fixture.Rows("SELECT seq, kind, actor, subject, payload, hash FROM ledger ORDER BY seq");
        Assert.Equal(ledger.Select(e => $"{e.Seq}|{e.Kind}|{e.Actor}|{e.Subject}|{e.Payload}|{e.Hash}"),
            rows.Select(r => string.Join('|', r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))));
    }

    [SkippableFact]
    public void Ledger_event_times_finer_than_a_microsecond_still_verify()
    {
        var times = new[] { At("1999-12-31T23:59:59.9999995Z"), At("2024-01-01T00:00:00.0000009Z"), At("1960-01-01T00:00:00.0000001Z") };
        Commit(tx =>
        {
            foreach (var at in times) tx.Append(at, "x", "test", "s", "{}");
        });
        var ledger = Read(tx => tx.ReadLedger().ToList());
        Assert.Equal(times.Select(EventTime.Normalize), ledger.Select(e => e.At));
        Assert.Null(LedgerChain.Verify(ledger));
    }

    [SkippableFact]
    public void Ledger_reads_across_its_pages()
    {
        const int count = 5_003; // the store reads 5,000 rows a page
        // Written by hand, many rows a statement (appending through the store row by row takes
        // seconds on PostgreSQL), with the chain computed here.
        var at = At("2024-01-01T00:00:00Z");
        var previous = Genesis;
        const int rowsPerStatement = 250;
        _ = Store; // migrated
        using (var connection = Fixture.Connect())
        using (var transaction = connection.BeginTransaction())
        {
            for (var start = 1; start <= count; start += rowsPerStatement)
            {
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                var values = new List<string>();
                for (var seq = start; seq < start + rowsPerStatement && seq <= count; seq++)
                {
                    var time = at.AddTicks(seq * 10);
                    var payload = LedgerChain.Payload("tick", time, "test", "clock", $"{{\"n\":{seq}}}");
                    previous = ExpectedHash(previous, payload);
                    values.Add($"({seq}, @t{seq}, @t{seq}, 'tick', 'test', 'clock', @p{seq}, '{previous}')");
                    foreach (var (name, value) in new[] { ($"@t{seq}", Fixture.TimeValue(time)), ($"@p{seq}", (object)payload) })
                    {
                        var parameter = insert.CreateParameter();
                        parameter.ParameterName = name;
                        parameter.Value = value;
                        insert.Parameters.Add(parameter);
                    }
                }
                insert.CommandText = "INSERT INTO ledger (seq, at, recorded_at, kind, actor, subject, payload, hash) VALUES " + string.Join(", ", values);
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        Assert.Equal(count, Read(tx => tx.LedgerHead));
        var ledger = Read(tx => tx.ReadLedger().ToList());
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), ledger.Select(e => e.Seq));
        Assert.Null(LedgerChain.Verify(ledger));
        Assert.Equal([4_999L, 5_000, 5_001, 5_002, 5_003], Read(tx => tx.ReadLedger(4_999).Select(e => e.Seq).ToList()));
        // And the next append continues the chain.
        var next = Commit(tx => tx.Append(at, "tick", "test", "clock", "{}"));
        Assert.Equal(count + 1, next.Seq);
        Assert.Equal(ExpectedHash(previous, next.Payload), next.Hash);
    }

    [SkippableFact]
    public void Ledger_refuses_update_and_delete_through_plain_sql()
    {
        Commit(tx =>
        {
            tx.Append(At("2024-01-01T00:00:00Z"), "a", "test", "s", "{}");
            tx.Append(At("2024-01-02T00:00:00Z"), "b", "test", "s", "{}");
        });
        var before = Fixture.Rows("SELECT seq, kind, payload, hash FROM ledger ORDER BY seq");

        foreach (var sql in new[]
                 {
                     "UPDATE ledger SET kind = 'forged' WHERE seq = 2",
                     "UPDATE ledger SET payload = replace(payload, '\"b\"', '\"c\"')",
                     "DELETE FROM ledger WHERE seq = 2",
                     "DELETE FROM ledger",
                 })
        {
            var refused = Assert.ThrowsAny<DbException>(() => Fixture.Execute(sql));
            Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, Fixture.Rows("SELECT seq, kind, payload, hash FROM ledger ORDER BY seq"));
        // Appending is still allowed, by hand too (it is only history that cannot change).
        Assert.Equal(1, Fixture.Execute(
            "INSERT INTO ledger (seq, at, recorded_at, kind, actor, subject, payload, hash) VALUES (3, @at, @at, 'x', 'x', 'x', '{}', 'x')",
            ("@at", Fixture.TimeValue(At("2024-01-03T00:00:00Z")))));
    }

    [SkippableFact]
    public async Task Concurrent_writers_keep_the_chain_linear()
    {
        const int perWriter = 25;
        var stores = new[] { Fixture.Open(), Fixture.Open() };
        await Task.WhenAll(stores.Select((store, w) => Task.Run(() =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                using var tx = store.Begin();
                tx.Append(At("2024-01-01T00:00:00Z").AddSeconds(i), "write", $"writer-{w}", "s", $"{{\"i\":{i}}}");
                tx.Commit();
            }
        })));

        var ledger = Read(tx => tx.ReadLedger().ToList());
        Assert.Equal(Enumerable.Range(1, 2 * perWriter).Select(i => (long)i), ledger.Select(e => e.Seq));
        Assert.Null(LedgerChain.Verify(ledger));
        Assert.Equal(perWriter, ledger.Count(e => e.Actor == "writer-0"));
    }

    // ---- transactions ----------------------------------------------------------------------

    [SkippableFact]
    public void A_transaction_disposed_without_commit_leaves_nothing_behind()
    {
        var first = Commit(tx =>
        {
            tx.UpsertMerchant(new Merchant("M-1", "One", null, null, null, null, null, false));
            return tx.Append(At("2024-01-01T00:00:00Z"), "merchants_ingested", "test", "merchants", "{}");
        });

        using (var tx = Store.Begin())
        {
            tx.UpsertMerchant(new Merchant("M-2", "Two", null, null, null, null, null, false));
            tx.SetStanding("M-1", new MerchantStanding(AccountStatus.Terminated, true, true, true));
            tx.SetClock(At("2024-02-01T00:00:00Z"));
            var second = tx.Append(At("2024-02-01T00:00:00Z"), "merchant_terminated", "test", "M-1", "{}");
            Assert.Equal(2, second.Seq);
            Assert.Equal(2, tx.LedgerHead);
            Assert.NotNull(tx.GetMerchant("M-2")); // visible inside,
            // not outside, before commit.
            Assert.Equal(1, Fixture.Count("SELECT COUNT(*) FROM ledger"));
            Assert.Equal(1, Fixture.Count("SELECT COUNT(*) FROM merchants"));
            // no Commit
        }

        using (var tx = Store.Begin())
        {
            Assert.Null(tx.GetMerchant("M-2"));
            Assert.Equal(MerchantStanding.Clear, tx.GetMerchant("M-1")?.Standing);
            Assert.Null(tx.Clock);
            Assert.Equal(1, tx.LedgerHead);
            Assert.Equal([first], tx.ReadLedger());
        }
        Assert.Equal(1, Fixture.Count("SELECT COUNT(*) FROM ledger"));
        Assert.Equal(1, Fixture.Count("SELECT COUNT(*) FROM merchants"));

        // The next event chains from the last committed one, as if the other had never been.
        var next = Commit(tx => tx.Append(At("2024-03-01T00:00:00Z"), "x", "test", "s", "{}"));
        Assert.Equal(2, next.Seq);
        Assert.Equal(ExpectedHash(first.Hash, next.Payload), next.Hash);
    }

    [SkippableFact]
    public void A_failure_inside_a_transaction_rolls_back_the_state_change_and_its_ledger_event()
    {
        void FailingCommand()
        {
            using var tx = Store.Begin();
            tx.UpsertMerchant(new Merchant("M-1", "One", null, null, null, null, null, false));
            tx.Append(At("2024-01-01T00:00:00Z"), "merchants_ingested", "test", "merchants", "{}");
            throw new InvalidOperationException("the command failed half way");
        }
        Assert.Throws<InvalidOperationException>(FailingCommand);

        foreach (var table in Tables) Assert.Equal(0, Fixture.Count($"SELECT COUNT(*) FROM {table}"));
        var entry = Commit(tx => tx.Append(At("2024-01-01T00:00:00Z"), "x", "test", "s", "{}"));
        Assert.Equal(1, entry.Seq);
        Assert.Equal(ExpectedHash(Genesis, entry.Payload), entry.Hash);
    }

    [SkippableFact]
    public void A_committed_state_change_and_its_ledger_event_are_seen_together_by_a_new_store()
    {
        Commit(tx =>
        {
            tx.UpsertMerchant(new Merchant("M-1", "One", null, null, null, null, null, false));
            tx.Append(At("2024-01-01T00:00:00Z"), "merchants_ingested", "test", "merchants", "{}");
        });
        using var other = Fixture.Open();
        using var read = other.Begin();
        Assert.NotNull(read.GetMerchant("M-1"));
        Assert.Equal(1, read.LedgerHead);
    }
}
