extern alias server;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Enjoin.Accounts;
using Enjoin.Engine;
using server::Enjoin.Server;
using server::Enjoin.Server.Hosting;
using server::Enjoin.Server.Security;
using Enjoin.Tests.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Enjoin.Tests.Server;

/// <summary>
/// <see cref="WebApplicationFactory{TEntryPoint}"/> over the server's own <see cref="EnjoinServer.Build"/>
/// (the same pipeline <c>Program</c> and <c>enjoin serve</c> run), with the options a test chooses:
/// its own database, no wall-clock scheduler, sign-in keys in the test's scratch folder.
/// </summary>
public sealed class EnjoinFactory(ServerOptions options, string dataProtectionKeys) : WebApplicationFactory<server::Program>
{
    public ServerOptions Options { get; } = options;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        // Program.Main only reads --db/--postgres from the command line; the test host is built
        // from the options directly, through the one Build every host uses.
        var app = EnjoinServer.Build(Options, b =>
        {
            b.WebHost.UseTestServer();
            b.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(dataProtectionKeys));
        });
        app.Start();
        return app;
    }
}

/// <summary>
/// One running server on a fresh database (a SQLite file or a PostgreSQL schema), with what a test
/// needs around it: clients per role, the ledger read straight from the database, and JSON helpers.
/// </summary>
public sealed class ServerFixture : IDisposable
{
    readonly List<HttpClient> _clients = [];
    bool _disposed;

    ServerFixture(StoreFixture database)
    {
        Database = database;
        // Actions wait in the outbox for the marketplace to confirm them over HTTP; tests drive time.
        var options = new ServerOptions { Scheduler = false, Policy = Policy.Default with { ActionAdapter = ActionAdapter.Outbox } };
        options = database switch
        {
            SqliteStoreFixture sqlite => options with { Db = sqlite.Path },
            PostgresStoreFixture postgres => options with { Postgres = postgres.ConnectionString },
            _ => throw new ArgumentException("unknown database", nameof(database)),
        };
        Factory = new EnjoinFactory(options, Path.Combine(database.Scratch, "keys"));
        _ = Host.Location; // starts the server and migrates its database, so a test may read it at once
    }

    public static ServerFixture Sqlite() => new(new SqliteStoreFixture());

    /// <summary>A server on a new PostgreSQL schema; skipped without a server, failed if one is required (as the storage contract).</summary>
    public static ServerFixture Postgres()
    {
        if (PostgresStoreFixture.Server is { } server) return new(new PostgresStoreFixture(server));
        if (PostgresStoreFixture.Required)
            throw new InvalidOperationException(
                $"{PostgresStoreFixture.RequireVariable}=1 but {PostgresStoreFixture.ServerVariable} is not set: the server tests cannot run on PostgreSQL.");
        throw new SkipException($"{PostgresStoreFixture.ServerVariable} is not set: server tests on PostgreSQL skipped.");
    }

    /// <summary>The database the server runs on, reachable by plain SQL as an insider would.</summary>
    public StoreFixture Database { get; }

    public EnjoinFactory Factory { get; }

    public EngineHost Host => Factory.Services.GetRequiredService<EngineHost>();

    // ---- callers ---------------------------------------------------------------------------

    public HttpClient Anonymous() => Track(Factory.CreateClient());

    /// <summary>A system with an API key of the role, presented as <c>Authorization: Bearer</c> (or <c>X-Api-Key</c>).</summary>
    public HttpClient WithKey(Role role, string? owner = null, bool header = false) => WithKeyText(CreateKey(role, owner), header);

    public HttpClient WithKeyText(string key, bool header = false)
    {
        var client = Anonymous();
        if (header) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        else client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public string CreateKey(Role role, string? owner = null) =>
        Host.Use(engine => Credentials.CreateKey(engine, role, owner, "test").Text);

    /// <summary>Adds a person and returns the password (shown once, as <c>users add</c> does).</summary>
    public string AddUser(string name, Role role, string? owner = null)
    {
        var password = "pw-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        Host.Use(engine => Credentials.AddUser(engine, name, role, owner, password, "test"));
        return password;
    }

    /// <summary>A person of the role, signed in through <c>POST /api/v1/session</c> (the client keeps the cookie).</summary>
    public async Task<HttpClient> SignedIn(Role role, string? owner = null, string? name = null)
    {
        name ??= $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}"[..20];
        var password = AddUser(name, role, owner);
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/session", new { name, password });
        await Expect(response, HttpStatusCode.OK);
        return client;
    }

    /// <summary>
    /// A caller of the role as it really arrives: people (admin, legal, reviewer) sign in; systems
    /// (marketplace, auditor) present keys; a rights holder both ways (<paramref name="signIn"/>).
    /// </summary>
    public async Task<HttpClient> As(Role role, string? owner = null, bool signIn = false) =>
        role is Role.Marketplace or Role.Auditor || role == Role.RightsHolder && !signIn
            ? WithKey(role, owner)
            : await SignedIn(role, owner);

    HttpClient Track(HttpClient client)
    {
        _clients.Add(client);
        return client;
    }

    // ---- the ledger, read from the database ---------------------------------------------------

    public long LedgerLength => Database.Count("SELECT COUNT(*) FROM ledger");

    public List<(string Kind, string Actor, string Subject, string Payload)> Ledger(string kind) =>
        [.. Database.Rows("SELECT kind, actor, subject, payload FROM ledger WHERE kind = @k ORDER BY seq", ("@k", kind))
            .Select(r => ((string)r[0]!, (string)r[1]!, (string)r[2]!, (string)r[3]!))];

    // ---- HTTP helpers -------------------------------------------------------------------------

    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent JsonBody(object value) => JsonBody(JsonSerializer.Serialize(value));

    /// <summary>Asserts the status (showing the body when it differs) and returns the body as JSON (default when empty).</summary>
    public static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>An RFC 9457 problem: problem+json with status and title; returns it.</summary>
    public static async Task<JsonElement> ExpectProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await Expect(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("title", out _), "a problem has a title");
        return problem;
    }

    public static string[] Keys(JsonElement json) => [.. json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    public static void HasKeys(JsonElement json, params string[] keys) =>
        Assert.Equal(keys.Order(StringComparer.Ordinal), Keys(json));

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var client in _clients) client.Dispose();
        try { Factory.Dispose(); }
        finally { Database.Dispose(); }
    }
}
