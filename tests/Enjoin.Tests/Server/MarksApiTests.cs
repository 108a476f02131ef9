using System.Net;
using System.Net.Http.Json;
using Enjoin.Accounts;
using static Enjoin.Tests.Server.ServerFixture;

namespace Enjoin.Tests.Server;

/// <summary>
/// Marks over HTTP: a rights holder registers its own marks and sees only those; reviewers and legal allow honest
/// phrases; others are refused. SQLite and PostgreSQL.
/// </summary>
public abstract class MarksApiTests(ServerFixture server) : IDisposable
{
    protected ServerFixture Server { get; } = server;

    public void Dispose()
    {
        Server.Dispose();
        GC.SuppressFinalize(this);
    }

    [SkippableFact]
    public async Task A_rights_holder_registers_its_own_mark_sees_only_its_own_and_a_reviewer_allows_a_phrase()
    {
        var kelly = Server.WithKey(Role.RightsHolder, Marketplace.KellyToys);
        var jazwares = Server.WithKey(Role.RightsHolder, Marketplace.Jazwares);
        var reviewer = await Server.As(Role.Reviewer);
        var marketplace = Server.WithKey(Role.Marketplace);

        var registered = await Expect(await kelly.PostAsJsonAsync("/api/v1/marks", new { mark = "SNUGGLEBUD", registration = "US Reg. No. 1234567", at = "2023-01-01T00:00:00Z" }), HttpStatusCode.OK);
        Assert.Equal(Marketplace.KellyToys, registered.GetProperty("owner").GetString());
        await ExpectProblem(await jazwares.PostAsJsonAsync("/api/v1/marks", new { mark = "OTHERMARK", owner = Marketplace.KellyToys }), HttpStatusCode.Forbidden);
        var taken = await ExpectProblem(await jazwares.PostAsJsonAsync("/api/v1/marks", new { mark = "snugglebud" }), HttpStatusCode.BadRequest);
        Assert.True(taken.GetProperty("errors").TryGetProperty("mark", out _));
        await ExpectProblem(await marketplace.PostAsJsonAsync("/api/v1/marks", new { mark = "X", owner = "Y" }), HttpStatusCode.Forbidden);

        Assert.Equal("SNUGGLEBUD", (await Expect(await kelly.GetAsync("/api/v1/marks"), HttpStatusCode.OK))[0].GetProperty("mark").GetString());
        Assert.Equal(0, (await Expect(await jazwares.GetAsync("/api/v1/marks"), HttpStatusCode.OK)).GetArrayLength());

        await ExpectProblem(await kelly.PostAsJsonAsync("/api/v1/marks/allowed", new { mark = "SNUGGLEBUD", phrase = "Snugglebud Farm", reason = "x" }), HttpStatusCode.Forbidden);
        var allowed = await Expect(await reviewer.PostAsJsonAsync("/api/v1/marks/allowed",
            new { mark = "SNUGGLEBUD", phrase = "Snugglebud Farm", reason = "a farm's own brand" }), HttpStatusCode.OK);
        Assert.Equal("Snugglebud Farm", allowed.GetProperty("phrase").GetString());
        var missing = await ExpectProblem(await reviewer.PostAsJsonAsync("/api/v1/marks/allowed", new { mark = "SNUGGLEBUD", phrase = "Snugglebud Farm Two" }), HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("reason", out _));

        var listed = (await Expect(await reviewer.GetAsync("/api/v1/marks"), HttpStatusCode.OK))[0];
        HasKeys(listed, "accepted", "allowed", "false_positives", "hits", "mark", "orders", "owner");
        Assert.Equal("Snugglebud Farm", listed.GetProperty("allowed")[0].GetString());
    }
}

public sealed class SqliteMarksApiTests() : MarksApiTests(ServerFixture.Sqlite());

public sealed class PostgresMarksApiTests() : MarksApiTests(ServerFixture.Postgres());
