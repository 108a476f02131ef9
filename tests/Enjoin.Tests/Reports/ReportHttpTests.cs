using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Enjoin.Accounts;
using Enjoin.Tests.Server;
using static Enjoin.Tests.Server.ServerFixture;

namespace Enjoin.Tests.Reports;

/// <summary>
/// <c>GET /api/v1/orders/{id}/report</c> (DESIGN §5.6): each format with its media type, problems naming the bad
/// field, and a rights holder reaches only the reports of its own orders — another's answers as one that does not exist.
/// </summary>
public abstract class ReportHttpTests(ServerFixture server) : IDisposable
{
    protected ServerFixture Server { get; } = server;

    public void Dispose()
    {
        Server.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Kelly Toys serves kt-pi against the defendant; Jazwares serves jz-tro against another store.</summary>
    async Task<(HttpClient Kelly, HttpClient Jazwares)> TwoOrders()
    {
        var marketplace = Server.WithKey(Role.Marketplace);
        await Expect(await marketplace.PostAsync("/api/v1/merchants", JsonBody(Marketplace.Merchants())), HttpStatusCode.OK);
        await Expect(await marketplace.PostAsync("/api/v1/listings", JsonBody(Marketplace.Listings())), HttpStatusCode.OK);
        var kelly = Server.WithKey(Role.RightsHolder, Marketplace.KellyToys);
        var jazwares = await Server.As(Role.RightsHolder, Marketplace.Jazwares, signIn: true);
        await Expect(await kelly.PostAsync("/api/v1/orders", JsonBody(Marketplace.Order().ToJsonString())), HttpStatusCode.Created);
        await Expect(await jazwares.PostAsync("/api/v1/orders",
            JsonBody(Marketplace.Order("jz-tro", Marketplace.Jazwares, kind: "temporary_restraining_order", seller: Marketplace.Noticed).ToJsonString())), HttpStatusCode.Created);
        // The marketplace confirms the takedown of the defendant's L-1 an hour after service.
        var actions = await Expect(await marketplace.GetAsync("/api/v1/actions"), HttpStatusCode.OK);
        var takedown = actions.EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "takedown_listing" && a.GetProperty("listing").GetString() == "L-1");
        await Expect(await marketplace.PostAsJsonAsync($"/api/v1/actions/{takedown.GetProperty("id").GetInt64()}/confirm",
            new { status = "confirmed", at = "2023-01-10T16:00:00Z" }), HttpStatusCode.OK);
        return (kelly, jazwares);
    }

    [SkippableFact]
    public async Task Each_format_comes_with_its_media_type_and_the_time_asked_for()
    {
        var (kelly, _) = await TwoOrders();

        var json = await Expect(await kelly.GetAsync("/api/v1/orders/kt-pi/report?at=2023-01-11T00:00:00Z"), HttpStatusCode.OK);
        Assert.Equal(["as_of", "defendants", "order", "record", "totals"], Keys(json));
        Assert.Equal("2023-01-11T00:00:00Z", json.GetProperty("as_of").GetString());
        Assert.Equal(1, json.GetProperty("totals").GetProperty("listings_taken_down").GetInt32()); // L-1 of the defendant
        Assert.Equal(2, json.GetProperty("totals").GetProperty("defendants").GetInt32());
        Assert.Equal(3600, json.GetProperty("totals").GetProperty("takedown_seconds_p50").GetDouble());

        var before = await Expect(await kelly.GetAsync("/api/v1/orders/kt-pi/report?at=2023-01-10T00:00:00Z&format=json"), HttpStatusCode.OK);
        Assert.Equal(0, before.GetProperty("totals").GetProperty("listings_taken_down").GetInt32());

        var csv = await kelly.GetAsync("/api/v1/orders/kt-pi/report?format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("no,name,merchants,status,", await csv.Content.ReadAsStringAsync());

        var html = await kelly.GetAsync("/api/v1/orders/kt-pi/report?format=html");
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", await html.Content.ReadAsStringAsync());

        var pdf = await kelly.GetAsync("/api/v1/orders/kt-pi/report?format=pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal("%PDF-"u8.ToArray(), (await pdf.Content.ReadAsByteArrayAsync())[..5]);
    }

    [SkippableFact]
    public async Task A_bad_format_or_time_is_a_problem_naming_the_field_and_an_unknown_order_is_not_found()
    {
        var (kelly, _) = await TwoOrders();
        var legal = await Server.As(Role.Legal);

        var format = await ExpectProblem(await legal.GetAsync("/api/v1/orders/kt-pi/report?format=xml"), HttpStatusCode.BadRequest);
        Assert.True(format.GetProperty("errors").TryGetProperty("format", out _), format.ToString());
        var at = await ExpectProblem(await legal.GetAsync("/api/v1/orders/kt-pi/report?at=yesterday"), HttpStatusCode.BadRequest);
        Assert.True(at.GetProperty("errors").TryGetProperty("at", out _), at.ToString());
        await ExpectProblem(await legal.GetAsync("/api/v1/orders/zz-none/report"), HttpStatusCode.NotFound);
        await ExpectProblem(await kelly.GetAsync("/api/v1/orders/zz-none/report?format=pdf"), HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task A_rights_holder_gets_only_the_reports_of_its_own_orders()
    {
        var (kelly, jazwares) = await TwoOrders();

        await Expect(await kelly.GetAsync("/api/v1/orders/kt-pi/report"), HttpStatusCode.OK);
        await Expect(await jazwares.GetAsync("/api/v1/orders/jz-tro/report"), HttpStatusCode.OK);
        foreach (var format in new[] { "json", "csv", "html", "pdf" })
        {
            var theirs = await kelly.GetAsync($"/api/v1/orders/jz-tro/report?format={format}");
            var none = await kelly.GetAsync($"/api/v1/orders/zz-none/report?format={format}");
            Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
            // Indistinguishable from an order that does not exist, so ids cannot be probed.
            Assert.Equal(await Answer(none, "zz-none"), await Answer(theirs, "jz-tro"));
        }
        await ExpectProblem(await jazwares.GetAsync("/api/v1/orders/kt-pi/report"), HttpStatusCode.NotFound);

        // Legal and auditors read every report; a marketplace system reads none.
        await Expect(await (await Server.As(Role.Legal)).GetAsync("/api/v1/orders/jz-tro/report"), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await (await Server.As(Role.Auditor)).GetAsync("/api/v1/orders/jz-tro/report?format=csv")).StatusCode);
        await ExpectProblem(await Server.WithKey(Role.Marketplace).GetAsync("/api/v1/orders/kt-pi/report"), HttpStatusCode.Forbidden);
    }

    /// <summary>The answer with the asked id blanked out and the per-request trace id removed, so two answers compare whole.</summary>
    static async Task<string> Answer(HttpResponseMessage response, string id)
    {
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        problem.Remove("traceId");
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} {problem.ToJsonString().Replace(id, "<id>", StringComparison.Ordinal)}";
    }

    [SkippableFact]
    public async Task The_report_route_is_in_the_openapi_document()
    {
        var document = await Expect(await Server.Anonymous().GetAsync("/openapi/v1.json"), HttpStatusCode.OK);
        var route = document.GetProperty("paths").GetProperty("/api/v1/orders/{id}/report").GetProperty("get");
        Assert.Equal("OrderReport", route.GetProperty("operationId").GetString());
        var parameters = route.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("format", parameters);
        Assert.Contains("at", parameters);
    }
}

public sealed class SqliteReportHttpTests() : ReportHttpTests(ServerFixture.Sqlite());

public sealed class PostgresReportHttpTests() : ReportHttpTests(ServerFixture.Postgres());
