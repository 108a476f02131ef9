namespace Enjoin.Tests.Storage;

/// <summary>The storage contract against SQLite (a new database file per test).</summary>
public sealed class SqliteStoreContract() : StoreContract(new SqliteStoreFixture());
