using System.Data.Common;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Storage.Relational;
using Npgsql;

namespace Enjoin.Storage.Postgres;

/// <summary>The production store: PostgreSQL through Npgsql.</summary>
public sealed class PostgresStore : IEnjoinStore
{
    readonly NpgsqlConnection _connection;
    readonly TimeProvider _clock;

    public PostgresStore(string connectionString, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // The same few statements run thousands of times a command: prepared on the server, they
        // are parsed and planned once per connection instead of every time (unless the caller chose).
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 128;
        // A prepared statement's generic plan is made once, from the table as it was then: one command
        // can grow a table from nothing to millions of rows in one transaction, which no statistics see.
        // Planning each execution for its own values costs microseconds and never reads a whole table.
        if (!connectionString.Contains("plan_cache_mode", StringComparison.OrdinalIgnoreCase))
            builder.Options = $"{builder.Options} -c plan_cache_mode=force_custom_plan".Trim();
        Location = $"postgres:{builder.Host}:{builder.Port}/{builder.Database}";
        _connection = new NpgsqlConnection(builder.ConnectionString);
        _connection.Open();
        Migrations.Apply(_connection, PostgresDialect.Instance);
    }

    public string Location { get; }

    public IStoreTransaction Begin(bool readOnly = false) => new RelationalTransaction(_connection, PostgresDialect.Instance, _clock, readOnly);

    public void Dispose() => _connection.Dispose();
}

sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    // Any number of Enjoin processes may share one database; this key serializes their writers.
    const long WriterLock = 0x456E6A6F696E; // "Enjoin"

    public override string Name => "postgres";

    public override string MigrationPrefix => "Enjoin.Storage.Postgres.Migrations.";

    // Cut to the microsecond here, as SQLite's text and the ledger payload do. Npgsql cuts toward
    // 2000-01-01 instead, so before 2000 a time with a fraction of a microsecond was stored one
    // microsecond later (1999-12-31T23:59:59.9999995Z became 2000-01-01T00:00:00Z) and the ledger
    // row no longer matched its own payload.
    public override object Time(DateTimeOffset at) => EventTime.Normalize(at);

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind(reader.GetFieldValue<DateTime>(ordinal), DateTimeKind.Utc));

    // "= ANY(array)" rather than "IN (SELECT unnest(…))": a prepared statement's generic plan then always
    // probes the index once per id, where the subquery's plan, made while a table was small, could read it all.
    public override string InIds(string parameter) => $"= ANY({parameter}::text[])";

    public override object IdListValue(IReadOnlyCollection<string> ids) => ids as string[] ?? [.. ids];

    // Every statement is a round trip over the network: writes wait and go with the next read.
    public override bool PipelinesWrites => true;

    public override DbTransaction BeginRead(DbConnection connection) =>
        connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);

    public override DbTransaction BeginWrite(DbConnection connection)
    {
        var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT pg_advisory_xact_lock({WriterLock})";
        command.ExecuteNonQuery();
        return transaction;
    }
}
