using System.Data.Common;
using System.Globalization;
using Enjoin.Engine;
using Enjoin.Storage.Postgres;
using Enjoin.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Enjoin.Tests.Storage;

/// <summary>
/// A fresh, empty database for one test, and what a test needs to reach it from outside the store:
/// a plain connection for "by hand" SQL, and the CLI options that name it. Everything it made is
/// removed on <see cref="Dispose"/>.
/// </summary>
public abstract class StoreFixture : IDisposable
{
    readonly List<IEnjoinStore> _opened = [];
    IEnjoinStore? _store;
    bool _disposed;

    protected StoreFixture() => Scratch = Directory.CreateTempSubdirectory("enjoin-contract-").FullName;

    /// <summary>A temporary folder for input files (and the SQLite database); deleted with the fixture.</summary>
    public string Scratch { get; }

    /// <summary>The store most tests use, opened on first use.</summary>
    public IEnjoinStore Store => _store ??= Open();

    /// <summary>Opens another store on the same database (migrations run again, as at every start).</summary>
    public IEnjoinStore Open(TimeProvider? clock = null)
    {
        var store = OpenStore(clock);
        _opened.Add(store);
        return store;
    }

    protected abstract IEnjoinStore OpenStore(TimeProvider? clock);

    /// <summary>Embedded-resource prefix of this database's numbered migration files.</summary>
    public abstract string MigrationPrefix { get; }

    /// <summary>An open plain connection to the database, as an auditor or an insider would have.</summary>
    public abstract DbConnection Connect();

    /// <summary><c>--db PATH</c> or <c>--postgres CONNSTRING</c>.</summary>
    public abstract string[] CliOptions { get; }

    /// <summary>The value plain SQL writes into a time column of this database.</summary>
    public abstract object TimeValue(DateTimeOffset at);

    /// <summary>What an insider does before rewriting history: gets the append-only triggers out of the way.</summary>
    public abstract void AllowLedgerChanges();

    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Connect();
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public long Count(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Connect();
        using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public List<object?[]> Rows(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Connect();
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    static DbCommand Command(DbConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>Drops the database (or schema) once every store on it is closed.</summary>
    protected abstract void DropDatabase();

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var store in _opened) store.Dispose();
        try
        {
            DropDatabase();
        }
        finally
        {
            try { Directory.Delete(Scratch, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>SQLite: a new database file in a temporary folder.</summary>
public sealed class SqliteStoreFixture : StoreFixture
{
    public string Path => System.IO.Path.Combine(Scratch, "enjoin.db");

    protected override IEnjoinStore OpenStore(TimeProvider? clock) => new SqliteStore(Path, clock);

    public override string MigrationPrefix => "Enjoin.Storage.Sqlite.Migrations.";

    public override DbConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            { DataSource = Path, Pooling = false, DefaultTimeout = 30 }.ConnectionString);
        connection.Open();
        return connection;
    }

    public override string[] CliOptions => ["--db", Path];

    // SQLite keeps times as fixed-width ISO-8601 UTC text with six fractional digits.
    public override object TimeValue(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public override void AllowLedgerChanges()
    {
        Execute("DROP TRIGGER ledger_no_update");
        Execute("DROP TRIGGER ledger_no_delete");
    }

    protected override void DropDatabase() { } // the file goes with the scratch folder
}

/// <summary>
/// PostgreSQL: a new schema per test in the database <c>ENJOIN_TEST_POSTGRES</c> names, reached
/// through <c>Search Path</c>, dropped afterwards. Schemas are cheap and private, so test classes
/// running in parallel (and other tests on the same server) never see one another's tables.
/// Pooling is off: every schema is its own connection string, and pooled idle connections of
/// dozens of them would exhaust the server's connection limit.
/// </summary>
public sealed class PostgresStoreFixture : StoreFixture
{
    public const string ServerVariable = "ENJOIN_TEST_POSTGRES";
    public const string RequireVariable = "ENJOIN_REQUIRE_POSTGRES";

    readonly string _server;

    public PostgresStoreFixture(string serverConnectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Pooling = false, SearchPath = null };
        _server = builder.ConnectionString;
        Schema = "enjoin_t_" + Guid.NewGuid().ToString("N");
        builder.SearchPath = Schema;
        ConnectionString = builder.ConnectionString;
        Maintenance($"CREATE SCHEMA {Schema}");
    }

    /// <summary>The server to test against, or null when the variable is not set.</summary>
    public static string? Server =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value ? value : null;

    /// <summary>True when PostgreSQL tests must run (CI): a missing server is then a failure, not a skip.</summary>
    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public string Schema { get; }

    /// <summary>The connection string of this test's schema (what <c>--postgres</c> gets).</summary>
    public string ConnectionString { get; }

    protected override IEnjoinStore OpenStore(TimeProvider? clock) => new PostgresStore(ConnectionString, clock);

    public override string MigrationPrefix => "Enjoin.Storage.Postgres.Migrations.";

    public override DbConnection Connect()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public override string[] CliOptions => ["--postgres", ConnectionString];

    public override object TimeValue(DateTimeOffset at) => at.ToUniversalTime();

    // One trigger guards UPDATE and DELETE; TRUNCATE has its own.
    public override void AllowLedgerChanges() => Execute("ALTER TABLE ledger DISABLE TRIGGER ledger_no_update");

    protected override void DropDatabase() => Maintenance($"DROP SCHEMA IF EXISTS {Schema} CASCADE");

    void Maintenance(string sql)
    {
        using var connection = new NpgsqlConnection(_server);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
