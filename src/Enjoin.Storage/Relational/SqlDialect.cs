using System.Data.Common;

namespace Enjoin.Storage.Relational;

/// <summary>The few places SQLite and PostgreSQL differ; every statement is otherwise shared.</summary>
public abstract class SqlDialect
{
    public abstract string Name { get; }

    /// <summary>Embedded-resource prefix of this database's numbered migration files.</summary>
    public abstract string MigrationPrefix { get; }

    public abstract object Time(DateTimeOffset at);

    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>Serializes writers so that the ledger chain is appended by one transaction at a time.</summary>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>A consistent read that takes no write lock.</summary>
    public abstract DbTransaction BeginRead(DbConnection connection);

    /// <summary>What follows a column to test it against the ids in <paramref name="parameter"/>: <c>IN (…)</c> or its equal.</summary>
    public abstract string InIds(string parameter);

    /// <summary>The value of an <see cref="InIds"/> parameter.</summary>
    public abstract object IdListValue(IReadOnlyCollection<string> ids);

    /// <summary>Whether writes whose results are not needed may wait and travel in one batch with the next read.</summary>
    public virtual bool PipelinesWrites => false;

    /// <summary>The table, read through this index where the dialect lets a statement name its index.</summary>
    public virtual string Through(string table, string index) => table;

    /// <summary>Creates the migrations table if needed.</summary>
    public virtual string MigrationsTable =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)";
}
