using System.Diagnostics;
using System.Globalization;
using System.Text;
using Enjoin.Engine;
using Enjoin.Storage;

namespace Enjoin.Bench;

/// <summary>
/// <c>notices [--notices N] [--postgres CONN]</c>: N notices of 1–20 listings each through the
/// same path as <c>enjoin notices submit</c> (files of 10,000 notices), on SQLite or PostgreSQL.
/// The figure that matters: listings noticed per second, against a day of 1,000,000 in 5 minutes.
/// </summary>
public static class NoticeBench
{
    public static int Run(string[] args)
    {
        var notices = Option(args, "--notices", 100_000);
        var postgres = args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault();
        var merchants = Math.Max(1_000, notices / 2);
        var listings = merchants * 4;
        var dir = Directory.CreateTempSubdirectory("enjoin-notice-bench-").FullName;
        Console.WriteLine($"notices bench: {notices:N0} notices, {merchants:N0} merchants, {listings:N0} listings, on {(postgres is null ? "SQLite" : "PostgreSQL")}");
        try
        {
            using var store = StoreFactory.Open(Path.Combine(dir, "bench.db"), postgres);
            var engine = new EnjoinEngine(store);
            var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

            var setup = Stopwatch.StartNew();
            engine.IngestMerchants("merchants", Enumerable.Range(0, merchants).Select(i => new InputLine(i + 1,
                $$"""{"id":"M-{{i}}","store_name":"Store {{i}}","store_url":"https://shop.example/store/{{i}}","payout_account":"P-{{i}}","at":"2024-01-01T00:00:00Z"}""")));
            engine.IngestListings("listings", Enumerable.Range(0, listings).Select(i => new InputLine(i + 1,
                $$"""{"id":"L-{{i}}","merchant":"M-{{i / 4}}","title":"Plush toy {{i}}","description":"soft","brand":"","images":[],"price":9.99,"currency":"USD","status":"active","at":"2024-01-01T00:00:01Z"}""")));
            Console.WriteLine($"setup (untimed): {setup.Elapsed.TotalSeconds:F1} s");

            var random = new Random(512);
            var files = new List<string>();
            var named = 0L;
            for (var first = 0; first < notices; first += 10_000)
            {
                var text = new StringBuilder("[");
                for (var n = first; n < Math.Min(notices, first + 10_000); n++)
                {
                    var count = random.Next(1, 21);
                    named += count;
                    var ids = string.Join(",", Enumerable.Range(0, count).Select(_ => $"\"L-{random.Next(listings)}\""));
                    var at = start.AddDays(1).AddSeconds(n).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                    var role = n % 50 == 0 ? "trusted_flagger" : "rights_holder";
                    if (n > first) text.Append(',');
                    text.Append($$"""{"id":"N-{{n}}","at":"{{at}}","notifier":{"name":"Rights Holder {{n % 20}}","email":"legal{{n % 20}}@rights.example","role":"{{role}}"},"right":{"kind":"trademark","mark":"SQUISHMALLOWS","registration":"US Reg. No. 0000000","jurisdiction":"US"},"listings":[{{ids}}],"explanation":"Counterfeit plush bearing the mark.","good_faith":true,"accurate":true,"signature":"/s/ Counsel"}""");
                }
                files.Add(text.Append(']').ToString());
            }

            var ledgerBefore = engine.LedgerHead;
            var timed = Stopwatch.StartNew();
            var receipts = 0;
            var strikes = 0;
            var perFile = new List<double>();
            foreach (var file in files)
            {
                var lap = timed.Elapsed;
                var submission = engine.SubmitNotices("notices.json", file);
                perFile.Add((timed.Elapsed - lap).TotalSeconds);
                if (submission.Errors.Count > 0) throw new InvalidOperationException(submission.Errors[0].ToString());
                receipts += submission.Receipts.Count;
                strikes += submission.Receipts.Sum(r => r.Strikes.Count);
            }
            timed.Stop();
            var seconds = timed.Elapsed.TotalSeconds;
            var actions = engine.Actions().Count;
            Console.WriteLine($"notices submitted: {receipts:N0} in {seconds:F1} s = {receipts / seconds:N0} notices/s");
            Console.WriteLine($"listings noticed:  {named:N0} = {named / seconds:N0} listings/s; a day of 1,000,000 listings takes {1_000_000 / (named / seconds) / 60:F1} min (target < 5)");
            // The trend matters as much as the mean: a store that slows as its history grows will not hold a day.
            Console.WriteLine($"seconds per file of 10,000 notices: {string.Join(" ", perFile.Select(x => x.ToString("F1", CultureInfo.InvariantCulture)))}");
            Console.WriteLine($"strikes: {strikes:N0}; actions in outbox: {actions:N0}; ledger events written: {engine.LedgerHead - ledgerBefore:N0}");
            return 0;
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
