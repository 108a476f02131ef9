namespace Enjoin.Tests.Storage;

/// <summary>
/// The storage contract against PostgreSQL (a new schema per test on the server
/// <c>ENJOIN_TEST_POSTGRES</c> names). Without that variable the tests are skipped, unless
/// <c>ENJOIN_REQUIRE_POSTGRES=1</c> (CI, <c>./test.sh</c>): then each of them fails saying why.
/// </summary>
public sealed class PostgresStoreContract() : StoreContract(Create())
{
    static PostgresStoreFixture Create()
    {
        if (PostgresStoreFixture.Server is { } server) return new PostgresStoreFixture(server);
        if (PostgresStoreFixture.Required)
            throw new InvalidOperationException(
                $"{PostgresStoreFixture.RequireVariable}=1 but {PostgresStoreFixture.ServerVariable} is not set: " +
                "the PostgreSQL storage contract cannot run. Set it to an Npgsql connection string " +
                "(e.g. Host=127.0.0.1;Port=5432;Username=postgres;Database=enjoin_test) or run ./test.sh.");
        throw new SkipException(
            $"{PostgresStoreFixture.ServerVariable} is not set: PostgreSQL storage contract skipped " +
            $"(./test.sh starts a server and sets it; set {PostgresStoreFixture.RequireVariable}=1 to make this a failure).");
    }
}
