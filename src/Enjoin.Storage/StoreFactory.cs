using Enjoin.Engine;
using Enjoin.Storage.Postgres;
using Enjoin.Storage.Sqlite;

namespace Enjoin.Storage;

/// <summary>Opens the store a command names: <c>--postgres CONNECTION_STRING</c>, else <c>--db PATH</c>.</summary>
public static class StoreFactory
{
    public const string DefaultDatabase = "./enjoin.db";

    public static IEnjoinStore Open(string? dbPath, string? postgres, TimeProvider? clock = null) =>
        postgres is { Length: > 0 }
            ? new PostgresStore(postgres, clock)
            : new SqliteStore(dbPath ?? DefaultDatabase, clock);
}
