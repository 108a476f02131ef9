using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Enjoin.Accounts;
using static Enjoin.Tests.Server.ServerFixture;

namespace Enjoin.Tests.Server;

/// <summary>
/// Issue 4: a malformed body — bad JSON, wrong types, 50 MB, nested 1,000 deep, invalid UTF-8 — is
/// answered 4xx with RFC 9457 problem details (413 for size) at every endpoint that reads a body,
/// never 5xx, and nothing is recorded: the ledger is as long afterwards as before.
/// </summary>
/// <remarks>
/// Malformed requests change nothing, so the tests of one database share one server (started on
/// first use, so a missing PostgreSQL skips): the ledger is still compared around every request.
/// </remarks>
public abstract class MalformedBodyTests(MalformedBodyTests.SharedServer shared)
{
    /// <summary>An admin (who may call everything), a served order, an open review item and a pending action.</summary>
    public abstract class SharedServer(Func<ServerFixture> create) : IDisposable
    {
        ServerFixture? _server;
        Task<(HttpClient Admin, Func<string, string> Path)>? _served;

        public ServerFixture Server => _server ??= create();

        public Task<(HttpClient Admin, Func<string, string> Path)> Served() => _served ??= Serve();

        async Task<(HttpClient Admin, Func<string, string> Path)> Serve()
        {
            var admin = await Server.As(Role.Admin);
            await Expect(await admin.PostAsync("/api/v1/merchants", JsonBody(Marketplace.Merchants())), HttpStatusCode.OK);
            await Expect(await admin.PostAsync("/api/v1/listings", JsonBody(Marketplace.Listings())), HttpStatusCode.OK);
            await Expect(await admin.PostAsync("/api/v1/orders", JsonBody(Marketplace.Order().ToJsonString())), HttpStatusCode.Created);
            var review = (await Expect(await admin.GetAsync("/api/v1/review?status=open"), HttpStatusCode.OK)).EnumerateArray().First().GetProperty("id").GetInt64();
            var action = (await Expect(await admin.GetAsync("/api/v1/actions?status=pending"), HttpStatusCode.OK)).EnumerateArray().First().GetProperty("id").GetInt64();
            return (admin, p => p.Replace("{review}", $"{review}", StringComparison.Ordinal).Replace("{action}", $"{action}", StringComparison.Ordinal));
        }

        public void Dispose()
        {
            _server?.Dispose();
            GC.SuppressFinalize(this);
        }
    }

    ServerFixture Server => shared.Server;

    Task<(HttpClient Admin, Func<string, string> Path)> Served() => shared.Served();

    /// <summary>Every endpoint that reads a body; the ids exist, so only the body can be wrong.</summary>
    static readonly string[] BodyEndpoints =
    [
        "/api/v1/session", "/api/v1/orders", "/api/v1/merchants", "/api/v1/listings", "/api/v1/notices",
        "/api/v1/counter-notices", "/api/v1/gate/check", "/api/v1/gate/check-batch", "/api/v1/review/{review}/decision",
        "/api/v1/actions/{action}/confirm",
    ];

    static ByteArrayContent Bytes(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    async Task RefusedEverywhere(string what, Func<string, HttpContent> body, HttpStatusCode? status = null)
    {
        var (admin, path) = await Served();
        var ledger = Server.LedgerLength;
        var wrong = new List<string>();
        foreach (var endpoint in BodyEndpoints)
        {
            var response = await admin.PostAsync(path(endpoint), body(endpoint));
            var code = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            var type = response.Content.Headers.ContentType?.MediaType;
            if (code is < 400 or >= 500 || status is { } expected && response.StatusCode != expected || type != "application/problem+json")
                wrong.Add($"{what} → POST {endpoint}: {code} {type} {(text.Length > 300 ? text[..300] : text)}");
            if (Server.LedgerLength != ledger)
            {
                wrong.Add($"{what} → POST {endpoint}: recorded {Server.LedgerLength - ledger} ledger events");
                ledger = Server.LedgerLength;
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        // And the server still answers.
        await Expect(await admin.GetAsync("/api/v1/session"), HttpStatusCode.OK);
    }

    [SkippableFact]
    public Task Bad_json_is_a_problem_not_a_crash() =>
        RefusedEverywhere("bad JSON", _ => JsonBody("{\"id\": \"X-1\", \"at\": "), HttpStatusCode.BadRequest);

    [SkippableFact]
    public Task A_bare_word_is_a_problem_not_a_crash() =>
        RefusedEverywhere("not JSON", _ => JsonBody("hello"), HttpStatusCode.BadRequest);

    [SkippableFact]
    public Task Wrong_types_are_problems_naming_no_internals() =>
        RefusedEverywhere("wrong types", endpoint => JsonBody(endpoint switch
        {
            "/api/v1/session" => "{\"name\": 5, \"password\": [1]}",
            "/api/v1/merchants" => "[{\"id\": 5, \"store_name\": {}, \"premium\": \"yes\", \"at\": 7}]",
            "/api/v1/listings" => "[{\"id\": [], \"merchant\": 1001, \"title\": false, \"at\": {}}]",
            "/api/v1/gate/check" => "{\"surface\": 1, \"merchant\": true, \"at\": []}",
            "/api/v1/gate/check-batch" => "[{\"surface\": 1, \"merchant\": true}]",
            "/api/v1/review/{review}/decision" => "{\"decision\": true, \"reason\": 5}",
            "/api/v1/actions/{action}/confirm" => "{\"status\": 1, \"at\": false}",
            _ => "{\"id\": 5, \"at\": true, \"kind\": 3, \"listings\": \"L-1\", \"notifier\": \"me\", \"clauses\": 4, \"defendants\": {}}",
        }), HttpStatusCode.BadRequest);

    [SkippableFact]
    public Task Scalars_where_records_belong_are_a_problem() =>
        RefusedEverywhere("array of scalars", _ => JsonBody("[5, \"x\"]"), HttpStatusCode.BadRequest);

    [SkippableFact]
    public Task Json_nested_a_thousand_deep_is_a_problem() =>
        RefusedEverywhere("nested 1000 deep", endpoint => JsonBody(
            endpoint is "/api/v1/merchants" or "/api/v1/listings" or "/api/v1/gate/check-batch"
                ? new string('[', 1000) + new string(']', 1000)
                : "{\"id\":" + string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1001)));

    [SkippableFact]
    public Task Nesting_inside_an_ndjson_line_is_a_problem() =>
        RefusedEverywhere("nested line", endpoint => JsonBody(string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1000) + "\n"));

    [SkippableFact]
    public Task Invalid_utf8_is_a_problem() =>
        RefusedEverywhere("invalid UTF-8", _ => Bytes([.. "{\"id\": \""u8, 0xC3, 0x28, 0xFF, 0xFE, .. "\", \"name\": \"x\"}"u8]), HttpStatusCode.BadRequest);

    [SkippableFact]
    public Task A_fifty_megabyte_body_is_refused_as_too_large()
    {
        // Valid NDJSON all the way, so only its size can be the reason.
        var line = Encoding.UTF8.GetBytes(Marketplace.Listing("L-big", Marketplace.Honest, new string('x', 1000)).ToJsonString() + "\n");
        var body = new byte[50 * 1024 * 1024];
        for (var i = 0; i + line.Length <= body.Length; i += line.Length) line.CopyTo(body, i);
        Array.Fill(body, (byte)'\n', body.Length - body.Length % line.Length, body.Length % line.Length);
        return RefusedEverywhere("50 MB", _ => Bytes(body), HttpStatusCode.RequestEntityTooLarge);
    }

    [SkippableFact]
    public async Task A_fifty_megabyte_body_without_a_length_is_refused_as_too_large()
    {
        var (admin, _) = await Served();
        var ledger = Server.LedgerLength;
        var line = Encoding.UTF8.GetBytes(Marketplace.Listing("L-big", Marketplace.Honest, new string('x', 1000)).ToJsonString() + "\n");
        var content = new StreamContent(new RepeatingStream(line, 50L * 1024 * 1024));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/listings") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        await ExpectProblem(await admin.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(ledger, Server.LedgerLength);
    }

    /// <summary>A body of unknown length: the line again and again, to the byte count.</summary>
    sealed class RepeatingStream(byte[] pattern, long length) : Stream
    {
        long _position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++) buffer[offset + i] = pattern[(_position + i) % pattern.Length];
            _position += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

public sealed class SqliteMalformedServer() : MalformedBodyTests.SharedServer(ServerFixture.Sqlite);

public sealed class PostgresMalformedServer() : MalformedBodyTests.SharedServer(ServerFixture.Postgres);

public sealed class SqliteMalformedBodyTests(SqliteMalformedServer shared) : MalformedBodyTests(shared), IClassFixture<SqliteMalformedServer>;

public sealed class PostgresMalformedBodyTests(PostgresMalformedServer shared) : MalformedBodyTests(shared), IClassFixture<PostgresMalformedServer>;
