extern alias server;

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Enjoin.Accounts;
using Enjoin.Demo;
using Enjoin.Review;
using server::Enjoin.Server;
using server::Enjoin.Server.Hosting;
using server::Enjoin.Server.Security;

namespace Enjoin.Bench;

/// <summary>
/// <c>Enjoin.Bench pages</c>: every page of the web UI on the demo database, as a signed-in admin sees it (the most
/// on each page), through real Kestrel on loopback. Reports the server's own <c>Server-Timing</c> figure per page
/// (request in to first byte; Razor buffers, so the whole render) and the client's round trip.
/// </summary>
public static class PagesBench
{
    sealed record Options(int Runs, bool Keep);

    const string Usage = "[--runs N] [--keep]";

    public static int Run(string[] args) => Harness.Run("pages", Usage, args, Parse, o => o.Keep, (o, dir) => Bench(o, dir).GetAwaiter().GetResult());

    static Options Parse(Harness.Arguments args)
    {
        var options = new Options(30, false);
        for (var option = args.Option(); option is not null; option = args.Option())
            options = option switch
            {
                "--runs" => options with { Runs = args.Count() },
                "--keep" => options with { Keep = true },
                _ => throw Harness.Arguments.Unknown(option),
            };
        return options;
    }

    static async Task<int> Bench(Options options, string dir)
    {
        var server = EnjoinServer.Build(new ServerOptions { Db = Path.Combine(dir, "demo.db"), Urls = "http://127.0.0.1:0", Scheduler = false });
        var host = (EngineHost)server.Services.GetService(typeof(EngineHost))!;
        var load = Stopwatch.StartNew();
        long openReview = 0;
        host.Use(engine =>
        {
            DemoRunner.Run(engine);
            Credentials.AddUser(engine, "bench-admin", Role.Admin, null, "bench-password-1", "bench");
            openReview = engine.ReviewQueue(ReviewStatus.Open)[0].Id;
        });
        Console.WriteLine($"demo loaded in {load.Elapsed.TotalSeconds:0.0} s");
        await server.StartAsync();
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true }) { BaseAddress = new Uri(server.Urls.First()) };
            (await http.PostAsJsonAsync("/api/v1/session", new { name = "bench-admin", password = "bench-password-1" })).EnsureSuccessStatusCode();
            string[] pages =
            [
                "/", "/review", $"/review?id={openReview}", "/review?kind=alias_candidate", "/orders", "/orders/kt-pi", "/orders/kt-tro", "/orders/kt-pi-mod1",
                "/orders/import", "/notices", "/notices/new", "/merchants/M-1001", "/merchants/M-1001?at=2022-11-10T14:59:59Z", "/merchants/M-1387",
                "/actions", "/actions?status=confirmed", "/exposures", "/exposures?order=kt-pi", "/overdue", "/audit", "/audit?subject=kt-pi", "/signin",
            ];
            if (await http.GetStringAsync("/notices") is var list && list.IndexOf("/notices/", list.IndexOf("<tbody>", StringComparison.Ordinal), StringComparison.Ordinal) is var at and > 0)
                pages = [.. pages, list[at..list.IndexOf('"', at)]];
            Console.WriteLine($"{options.Runs} runs per page after 2 warm-up requests; milliseconds");
            Console.WriteLine("| page | server p50 | server p95 | server max | round trip p50 | bytes |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            var worst = 0.0;
            foreach (var page in pages)
            {
                var server_ = new List<double>();
                var trip = new List<double>();
                long bytes = 0;
                for (var i = 0; i < options.Runs + 2; i++)
                {
                    var clock = Stopwatch.StartNew();
                    using var response = await http.GetAsync(page);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    var elapsed = clock.Elapsed.TotalMilliseconds;
                    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{page}: {(int)response.StatusCode}");
                    if (i < 2) continue;
                    var timing = response.Headers.GetValues("Server-Timing").First();
                    server_.Add(double.Parse(timing[(timing.IndexOf("dur=", StringComparison.Ordinal) + 4)..], CultureInfo.InvariantCulture));
                    trip.Add(elapsed);
                    bytes = body.Length;
                }
                server_.Sort();
                trip.Sort();
                worst = Math.Max(worst, server_[^1]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| `{page}` | {Pct(server_, 50):0.0} | {Pct(server_, 95):0.0} | {server_[^1]:0.0} | {Pct(trip, 50):0.0} | {bytes:N0} |"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"slowest single render: {worst:0.0} ms (budget 200 ms)"));
            return worst < 200 ? 0 : 1;
        }
        finally
        {
            await server.StopAsync();
            await server.DisposeAsync();
        }
    }

    static double Pct(List<double> sorted, int p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];
}
