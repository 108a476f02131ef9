using System.Data.Common;
using System.Globalization;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Enjoin.Storage.Sqlite;

/// <summary>The embedded default: one SQLite file in WAL mode.</summary>
public sealed class SqliteStore : IEnjoinStore
{
    readonly SqliteConnection _connection;
    readonly TimeProvider _clock;

    public SqliteStore(string path, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        Location = $"sqlite:{path}";
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 };
        _connection = new SqliteConnection(builder.ConnectionString);
        _connection.Open();
        // WAL with NORMAL sync is durable across a crash of the process; a larger page cache keeps the indexes of a busy day in memory.
        foreach (var pragma in new[] { "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 30000", "PRAGMA cache_size = -65536", "PRAGMA temp_store = MEMORY" })
        {
            using var command = _connection.CreateCommand();
            command.CommandText = pragma;
            command.ExecuteNonQuery();
        }
        Migrations.Apply(_connection, SqliteDialect.Instance);
    }

    public string Location { get; }

    public IStoreTransaction Begin(bool readOnly = false) => new RelationalTransaction(_connection, SqliteDialect.Instance, _clock, readOnly);

    public void Dispose() => _connection.Dispose();
}

sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public override string Name => "sqlite";

    public override string MigrationPrefix => "Enjoin.Storage.Sqlite.Migrations.";

    // Fixed width, six fractional digits: times compare correctly as text.
    public override object Time(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => EventTime.Parse(reader.GetString(ordinal));

    // BEGIN IMMEDIATE: the write lock is taken at the start, so two writers never interleave appends.
    public override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    // Without statistics SQLite takes "listing IS NULL" for a selective equality and reads every merchant-level fact.
    public override string Through(string table, string index) => $"{table} INDEXED BY {index}";

    public override string InIds(string parameter) => $"IN (SELECT value FROM json_each({parameter}))";

    public override object IdListValue(IReadOnlyCollection<string> ids) => System.Text.Json.JsonSerializer.Serialize(ids);

    // A deferred transaction reads a consistent snapshot (WAL) without taking the write lock.
    public override DbTransaction BeginRead(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);
}
