using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Enjoin.Actions;
using Enjoin.Engine;
using Enjoin.Orders;
using Enjoin.Review;
using Enjoin.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Enjoin.Bench;

/// <summary>
/// <c>ingest</c>: end-to-end listing ingest through <see cref="EnjoinEngine.IngestListings"/> into SQLite, screened
/// against one served injunction's marks, beside a baseline of plain batched inserts of the same rows into a fresh
/// SQLite file with the same schema, in the same run. Everything is generated deterministically up front; only the
/// ingest calls and the baseline loop are timed.
/// </summary>
public static class IngestBench
{
    const int Seed = 20240110;
    const int BaselineBatch = 5000;
    static readonly DateTimeOffset MerchantsAt = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Issued = new(2024, 1, 9, 0, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Served = new(2024, 1, 10, 15, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset FirstListingAt = Served.AddHours(1);

    sealed record Options(int Listings, int Marks, int Merchants, int Defendants, double MarkRate, bool Keep);

    public static int Run(string[] args) =>
        Harness.Run("ingest", "[--listings N] [--marks M] [--merchants K] [--defendants D] [--mark-rate R] [--keep]", args, ParseArgs,
            o => o.Keep, Bench, SqliteConnection.ClearAllPools);

    static Options ParseArgs(Harness.Arguments args)
    {
        var o = new Options(1_000_000, 1_000, 10_000, 100, 0.001, false);
        while (args.Option() is { } option)
        {
            o = option switch
            {
                "--listings" => o with { Listings = args.Count() },
                "--marks" => o with { Marks = args.Count() },
                "--merchants" => o with { Merchants = args.Count() },
                "--defendants" => o with { Defendants = args.Count() },
                "--mark-rate" => o with { MarkRate = args.Number() },
                "--keep" => o with { Keep = true },
                _ => throw Harness.Arguments.Unknown(option),
            };
        }
        if (o.Defendants > o.Merchants) throw new FormatException("--defendants cannot exceed --merchants");
        return o;
    }

    static int Bench(Options o, string dir)
    {
        Console.WriteLine($"Enjoin ingest bench: {o.Listings:N0} listings, {o.Marks:N0} marks, {o.Merchants:N0} merchants, {o.Defendants:N0} defendants");
        Console.WriteLine($"  {Environment.ProcessorCount} cores, {RuntimeInformationText()}, {dir}");

        // ---- generation (untimed) --------------------------------------------------------------
        var clock = Stopwatch.StartNew();
        var data = Generator.Create(o);
        Console.WriteLine($"  generated in {clock.Elapsed.TotalSeconds:F1} s: {data.Listings.Length:N0} lines, " +
                          $"{data.MarkedByDefendants:N0} with a mark by defendants, {data.MarkedByOthers:N0} by others");

        // ---- engine setup (untimed) ------------------------------------------------------------
        var enginePath = Path.Combine(dir, "engine.db");
        using var store = new SqliteStore(enginePath);
        var engine = new EnjoinEngine(store);
        var merchants = engine.IngestMerchants("merchants.jsonl", data.Merchants);
        if (merchants.Rejected.Count > 0) return Fail($"merchants rejected: {merchants.Rejected[0].Error}");
        var order = engine.ImportOrder(OrderInput.Parse("order.json", data.Order));
        _ = order;
        var unresolved = engine.ReviewQueue(ReviewStatus.Open).Count(r => r.Kind == ReviewKind.UnresolvedDefendant);
        if (unresolved > 0) return Fail($"{unresolved} defendants unresolved");
        var reviewBefore = engine.ReviewQueue().Count;
        var actionsBefore = engine.Actions().Count;
        var ledgerBefore = LedgerHead(store);

        // ---- baseline: plain batched inserts of the same rows (timed) ------------------------------
        var baselinePath = Path.Combine(dir, "baseline.db");
        using (var baselineStore = new SqliteStore(baselinePath))
            new EnjoinEngine(baselineStore).IngestMerchants("merchants.jsonl", data.Merchants);
        Collect();
        var baseline = Baseline(baselinePath, data.Listings);

        // ---- engine ingest (timed) ---------------------------------------------------------------
        Collect();
        clock.Restart();
        var summary = engine.IngestListings("bench.jsonl", data.Listings);
        var engineSeconds = clock.Elapsed.TotalSeconds;
        var ledgerAfter = LedgerHead(store);
        var actions = engine.Actions();
        var review = engine.ReviewQueue();
        var takedowns = actions.Skip(actionsBefore).Count(a => a.Kind == ActionKind.TakedownListing);
        var screeningHits = review.Skip(reviewBefore).Count(r => r.Kind == ReviewKind.ScreeningHit);

        // ---- re-ingest of the same lines: the idempotent path (timed) -----------------------------
        Collect();
        clock.Restart();
        var again = engine.IngestListings("bench.jsonl", data.Listings);
        var againSeconds = clock.Elapsed.TotalSeconds;
        var ledgerAgain = LedgerHead(store);

        var engineRate = o.Listings / engineSeconds;
        Console.WriteLine();
        Console.WriteLine("engine   IngestListings (parse, validate, hash, upsert, ledger, screening, commits)");
        Console.WriteLine($"  {engineRate,12:N0} listings/s   {engineSeconds,8:F2} s   accepted {summary.Accepted:N0}, rejected {summary.Rejected.Count:N0}");
        Console.WriteLine($"  ledger rows {ledgerAfter - ledgerBefore:N0}, actions {summary.Actions:N0} (takedowns {takedowns:N0}), " +
                          $"review items {review.Count - reviewBefore:N0} (screening hits {screeningHits:N0})");
        Console.WriteLine($"  database {FileSizes(enginePath)}");
        Console.WriteLine("baseline plain batched INSERTs into listings, same rows, one transaction per 5,000, one prepared command");
        Console.WriteLine($"  {o.Listings / baseline.Total,12:N0} rows/s       {baseline.Total,8:F2} s   with JSON parsing (System.Text.Json)");
        Console.WriteLine($"  {o.Listings / baseline.Insert,12:N0} rows/s       {baseline.Insert,8:F2} s   inserts alone (parsing {baseline.Parse:F2} s excluded)");
        Console.WriteLine($"  database {FileSizes(baselinePath)}");
        Console.WriteLine("ratio");
        Console.WriteLine($"  engine / baseline with parsing  {(engineSeconds == 0 ? 0 : baseline.Total / engineSeconds),6:P0}");
        Console.WriteLine($"  engine / baseline inserts alone {(engineSeconds == 0 ? 0 : baseline.Insert / engineSeconds),6:P0}");
        Console.WriteLine("re-ingest of the same lines (idempotent: nothing changes)");
        Console.WriteLine($"  {o.Listings / againSeconds,12:N0} listings/s   {againSeconds,8:F2} s   accepted {again.Accepted:N0}, actions {again.Actions:N0}, " +
                          $"ledger rows added {ledgerAgain - ledgerAfter:N0}");

        var ok = true;
        if (ledgerAgain != ledgerAfter) ok = Check($"re-ingest changed the ledger: {ledgerAfter} -> {ledgerAgain}");
        if (again.Actions != 0) ok = Check($"re-ingest issued {again.Actions} actions");
        if (summary.Accepted != o.Listings) ok = Check($"engine accepted {summary.Accepted} of {o.Listings}");
        if (baseline.Rows != o.Listings) ok = Check($"baseline inserted {baseline.Rows} of {o.Listings}");
        if (takedowns != data.MarkedByDefendants) ok = Check($"takedowns {takedowns} != listings with a mark by defendants {data.MarkedByDefendants}");
        if (screeningHits != data.MarkedByOthers) ok = Check($"screening hits {screeningHits} != listings with a mark by others {data.MarkedByOthers}");
        Console.WriteLine(ok ? "checks   ok: ledger unchanged by re-ingest; takedowns and screening hits as generated" : "checks   FAILED");
        return ok ? 0 : 1;
    }

    static bool Check(string message)
    {
        Console.WriteLine($"CHECK FAILED: {message}");
        return false;
    }

    static int Fail(string message)
    {
        Console.Error.WriteLine($"ingest bench: {message}");
        return 1;
    }

    static long LedgerHead(SqliteStore store)
    {
        using var tx = store.Begin();
        return tx.LedgerHead;
    }

    static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    static string FileSizes(string path)
    {
        long Size(string p) => File.Exists(p) ? new FileInfo(p).Length : 0;
        return $"{Size(path) / 1048576.0:N0} MiB (+ WAL {Size(path + "-wal") / 1048576.0:N0} MiB)";
    }

    sealed record BaselineResult(double Total, double Parse, double Insert, int Rows);

    /// <summary>
    /// Plain inserts of the rows the engine stores, with the engine's pragmas and schema (foreign key included):
    /// each batch of 5,000 lines is parsed (System.Text.Json; the row's 64-hex event hash is SHA-256 of the line),
    /// then inserted in one transaction through one prepared command.
    /// </summary>
    static BaselineResult Baseline(string path, Engine.InputLine[] lines)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 };
        using var connection = new SqliteConnection(builder.ConnectionString);
        connection.Open();
        foreach (var pragma in new[] { "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 30000" })
        {
            using var p = connection.CreateCommand();
            p.CommandText = pragma;
            p.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO listings (id, merchant, title, description, brand, images, price, currency, status, event_hash)
            VALUES (@id, @merchant, @title, @description, @brand, @images, @price, @currency, @status, @hash)
            """;
        var names = new[] { "@id", "@merchant", "@title", "@description", "@brand", "@images", "@price", "@currency", "@status", "@hash" };
        var parameters = names.Select(n => insert.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();

        var rows = new object[BaselineBatch][];
        for (var i = 0; i < rows.Length; i++) rows[i] = new object[names.Length];
        var parse = new Stopwatch();
        var write = new Stopwatch();
        var inserted = 0;
        var prepared = false;
        for (var start = 0; start < lines.Length; start += BaselineBatch)
        {
            var count = Math.Min(BaselineBatch, lines.Length - start);
            parse.Start();
            for (var i = 0; i < count; i++) ParseRow(lines[start + i].Text, rows[i]);
            parse.Stop();

            write.Start();
            using (var tx = connection.BeginTransaction(deferred: false))
            {
                insert.Transaction = tx;
                if (!prepared)
                {
                    insert.Prepare();
                    prepared = true;
                }
                for (var i = 0; i < count; i++)
                {
                    var row = rows[i];
                    for (var c = 0; c < parameters.Length; c++) parameters[c].Value = row[c];
                    inserted += insert.ExecuteNonQuery();
                }
                tx.Commit();
            }
            write.Stop();
        }
        return new BaselineResult(parse.Elapsed.TotalSeconds + write.Elapsed.TotalSeconds, parse.Elapsed.TotalSeconds, write.Elapsed.TotalSeconds, inserted);
    }

    static void ParseRow(string line, object[] row)
    {
        using var document = JsonDocument.Parse(line);
        var json = document.RootElement;
        object Text(string name) => json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : DBNull.Value;
        var images = json.TryGetProperty("images", out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(e => e.GetString()!.ToLowerInvariant()).ToArray()
            : [];
        row[0] = Text("id");
        row[1] = Text("merchant");
        row[2] = Text("title");
        row[3] = Text("description");
        row[4] = Text("brand");
        row[5] = Common.Json.Serialize(images);
        row[6] = json.TryGetProperty("price", out var price) && price.ValueKind == JsonValueKind.Number ? price.GetDecimal() : DBNull.Value;
        row[7] = Text("currency");
        row[8] = Text("status");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(line), hash);
        row[9] = Convert.ToHexStringLower(hash);
    }

    // ---- data ----------------------------------------------------------------------------------

    sealed record Data(Engine.InputLine[] Merchants, string Order, Engine.InputLine[] Listings, int MarkedByDefendants, int MarkedByOthers);

    /// <summary>
    /// Deterministic input. Marks are invented words that each contain at least two of the letters q, x, z, j;
    /// the ordinary vocabulary contains none of them, so ordinary text can never match a mark, not even within
    /// one edit, and the expected takedowns and screening hits are exactly the listings given a mark.
    /// </summary>
    static class Generator
    {
        const string Rare = "qxzj";
        const string Common = "abcdefghiklmnoprstuvwy";
        static readonly System.Buffers.SearchValues<char> RareLetters = System.Buffers.SearchValues.Create(Rare);

        static readonly string[] Words =
        [
            "soft", "plush", "toy", "pillow", "cuddly", "bear", "bunny", "cat", "dog", "unicorn", "dragon", "penguin", "owl",
            "stuffed", "animal", "gift", "for", "kids", "children", "toddler", "baby", "girls", "boys", "birthday", "holiday",
            "large", "small", "medium", "mini", "giant", "inch", "cotton", "polyester", "fleece", "velvet", "washable", "cute",
            "kawaii", "round", "stretchy", "fluffy", "warm", "bedtime", "companion", "collectible", "series",
            "edition", "limited", "new", "with", "tags", "original", "classic", "pastel", "pink", "blue", "green", "purple",
            "yellow", "orange", "white", "black", "rainbow", "striped", "spotted", "set", "pack", "of", "two", "three", "four",
            "hand", "made", "premium", "durable", "safe", "material", "filling", "the", "and", "great", "perfect",
            "present", "room", "decor", "nursery", "sofa", "cushion", "hug", "doll", "figure", "charm", "keychain", "clip",
            "backpack", "bag", "blanket", "throw", "slipper", "hat", "scarf", "mitten", "sock", "lamp", "night", "light",
            "music", "sound", "stand", "display", "case", "shelf", "play", "learn", "fun", "happy", "smile", "sleep",
            "dream", "cloud", "star", "moon", "sun", "flower", "garden", "ocean", "sea", "turtle", "whale", "shark", "fish",
            "frog", "duck", "chicken", "cow", "pig", "sheep", "goat", "horse", "pony", "llama", "alpaca", "sloth", "koala",
            "panda", "tiger", "lion", "monkey", "elephant", "giraffe", "hippo", "rhino", "mouse", "hamster", "rabbit",
        ];

        static readonly string[] Brands =
        [
            "Softland", "Cuddle Co", "Plumpets", "Huggables", "Dreamworth", "Nestling", "Tenderpaw", "Bramble", "Woolies",
            "Pipsy", "Moonbell", "Sunnyside", "Cottontail", "Petalbun", "Marshmel", "Snugglet", "Honeypot", "Tumbleweed",
            "Puddleduck", "Fernwood", "Lullaby Lane", "Button Bear", "Cloudnine", "Pebble", "Biscuit", "Maple", "Willow",
            "Clover", "Poppet", "Dandelion", "Nutmeg", "Peppermint", "Acorn", "Bluebell", "Thimble", "Saffron", "Hollyhock",
        ];

        static readonly string[] Currencies = ["USD", "USD", "USD", "EUR", "GBP"];

        public static Data Create(Options o)
        {
            foreach (var word in Words.Concat(Brands))
                if (word.ToLowerInvariant().AsSpan().ContainsAny(RareLetters)) throw new InvalidOperationException($"vocabulary word {word} has a rare letter");

            var random = new Random(Seed);
            var merchants = new Engine.InputLine[o.Merchants];
            for (var i = 0; i < o.Merchants; i++)
            {
                var n = (i + 1).ToString("D6", CultureInfo.InvariantCulture);
                merchants[i] = new Engine.InputLine(i + 1,
                    $$"""{"id":"M-{{n}}","store_name":"Store {{n}}","store_url":"https://shop.example/store/{{n}}","payout_account":"PA-{{n}}","email":"seller{{n}}@mail.example","phone":"+1555{{n}}","address":"{{i + 1}} Market Street","premium":false,"at":"{{Format(MerchantsAt)}}"}""");
            }

            var marks = new HashSet<string>(StringComparer.Ordinal);
            while (marks.Count < o.Marks) marks.Add(Mark(random));
            var markList = marks.ToArray();

            // Defendants spread evenly over the merchants.
            var step = o.Merchants / o.Defendants;
            var defendants = Enumerable.Range(0, o.Defendants).Select(d => d * step).ToArray();
            var isDefendant = new bool[o.Merchants];
            foreach (var d in defendants) isDefendant[d] = true;

            var order = new StringBuilder();
            order.Append("{\"id\":\"bench-pi\",\"case\":\"24-CV-0001 (ABC)\",\"court\":\"S.D.N.Y.\",\"plaintiff\":\"Bench Brands, LLC\",")
                .Append("\"kind\":\"preliminary_injunction\",\"issued\":\"").Append(Format(Issued)[..10])
                .Append("\",\"served\":\"").Append(Format(Served)).Append("\",\"expires\":null,\"covers_aliases\":false,\"marks\":[");
            order.AppendJoin(',', markList.Select(m => $"\"{m}\""));
            order.Append("""],"clauses":[{"ref":"1(a)","kind":"cease_infringement"}],"defendants":[""");
            order.AppendJoin(',', defendants.Select((m, k) =>
            {
                var n = (m + 1).ToString("D6", CultureInfo.InvariantCulture);
                return $$"""{"no":{{k + 1}},"name":"Store {{n}}","seller_id":"M-{{n}}","store_url":"https://shop.example/store/{{n}}"}""";
            }));
            order.Append("]}");

            var listings = new Engine.InputLine[o.Listings];
            var byDefendants = 0;
            var byOthers = 0;
            var line = new StringBuilder(1024);
            var text = new StringBuilder(256);
            for (var i = 0; i < o.Listings; i++)
            {
                var marked = random.NextDouble() < o.MarkRate;
                int merchant;
                if (marked && (byDefendants + byOthers) % 2 == 0)
                {
                    merchant = defendants[random.Next(defendants.Length)];
                    byDefendants++;
                }
                else
                {
                    do merchant = random.Next(o.Merchants); while (marked && isDefendant[merchant]);
                    if (marked) byOthers++;
                }
                var mark = marked ? markList[random.Next(markList.Length)] : null;
                var title = Sentence(random, text, 60, mark is null ? null : Capitalized(mark));
                var description = Sentence(random, text, 200, null);
                var brand = Brands[random.Next(Brands.Length)];
                var images = random.Next(3);

                line.Clear();
                line.Append("{\"id\":\"L-").Append((i + 1).ToString("D7", CultureInfo.InvariantCulture))
                    .Append("\",\"merchant\":\"M-").Append((merchant + 1).ToString("D6", CultureInfo.InvariantCulture))
                    .Append("\",\"title\":\"").Append(title)
                    .Append("\",\"description\":\"").Append(description)
                    .Append("\",\"brand\":\"").Append(brand)
                    .Append("\",\"images\":[");
                for (var k = 0; k < images; k++)
                {
                    if (k > 0) line.Append(',');
                    line.Append('"').Append(Pdq(random)).Append('"');
                }
                line.Append("],\"price\":").Append((random.Next(199, 9999) / 100m).ToString(CultureInfo.InvariantCulture))
                    .Append(",\"currency\":\"").Append(Currencies[random.Next(Currencies.Length)])
                    .Append("\",\"status\":\"active\",\"at\":\"").Append(Format(FirstListingAt.AddSeconds(i))).Append("\"}");
                listings[i] = new Engine.InputLine(i + 1, line.ToString());
            }
            return new Data(merchants, order.ToString(), listings, byDefendants, byOthers);
        }

        static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>An invented brand word of 6–14 letters with at least two of q, x, z, j.</summary>
        static string Mark(Random random)
        {
            var length = random.Next(6, 15);
            var letters = new char[length];
            for (var i = 0; i < length; i++) letters[i] = Common[random.Next(Common.Length)];
            var first = random.Next(length);
            int second;
            do second = random.Next(length); while (second == first);
            letters[first] = Rare[random.Next(Rare.Length)];
            letters[second] = Rare[random.Next(Rare.Length)];
            return new string(letters).ToUpperInvariant();
        }

        static string Capitalized(string mark) => mark[0] + mark[1..].ToLowerInvariant();

        /// <summary>Ordinary words up to about <paramref name="length"/> characters; a mark, when given, at a random word position.</summary>
        static string Sentence(Random random, StringBuilder text, int length, string? mark)
        {
            text.Clear();
            var markAt = mark is null ? -1 : random.Next(4);
            for (var w = 0; text.Length < length; w++)
            {
                if (text.Length > 0) text.Append(' ');
                var word = w == markAt ? mark! : Words[random.Next(Words.Length)];
                text.Append(text.Length == 0 && w != markAt ? Capitalized(word) : word);
            }
            return text.ToString();
        }

        static string Pdq(Random random)
        {
            Span<byte> bytes = stackalloc byte[32];
            random.NextBytes(bytes);
            return Convert.ToHexStringLower(bytes);
        }
    }
}
