using System.Diagnostics;
using System.Globalization;
using System.Text;
using Enjoin.Screening;

namespace Enjoin.Bench;

/// <summary>
/// <c>screening</c>: the mark matcher (DESIGN §4.5, §6.2) over a generated corpus of listings, single thread,
/// beside ripgrep over the SAME texts already normalized (<c>rg -F -i -c -f marks.txt corpus.txt</c>, an external
/// process, timed from start to exit) in the same run. The matcher normalizes as it goes and matches within one
/// edit; ripgrep gets the normalization done for it and matches exactly. Also times the compile of the marks.
/// Everything is generated from a fixed seed; only the compiles, the screening loop and the rg runs are timed.
/// </summary>
public static class ScreeningBench
{
    const int Seed = 20240601;

    sealed record Options(int Listings, int Marks, double MarkRate, int Runs, bool Keep);

    public static int Run(string[] args) =>
        Harness.Run("screening", "[--listings N] [--marks M] [--mark-rate R] [--runs K] [--keep]", args, ParseArgs, o => o.Keep, Bench);

    static Options ParseArgs(Harness.Arguments args)
    {
        var o = new Options(1_000_000, 10_000, 0.002, 3, false);
        while (args.Option() is { } option)
        {
            o = option switch
            {
                "--listings" => o with { Listings = args.Count() },
                "--marks" => o with { Marks = args.Count() },
                "--mark-rate" => o with { MarkRate = args.Number() },
                "--runs" => o with { Runs = args.Count() },
                "--keep" => o with { Keep = true },
                _ => throw Harness.Arguments.Unknown(option),
            };
        }
        return o;
    }

    static int Bench(Options o, string dir)
    {
        Console.WriteLine($"Enjoin screening bench: {o.Listings:N0} listings, {o.Marks:N0} marks, {o.MarkRate:P2} planted, best of {o.Runs}");
        Console.WriteLine($"  {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {dir}");

        // ---- generation (untimed) --------------------------------------------------------------
        var clock = Stopwatch.StartNew();
        var random = new Random(Seed);
        var marks = Generator.Marks(random, o.Marks);
        var listings = Generator.Listings(random, o.Listings, marks, o.MarkRate, out var planted);
        long originalBytes = 0, originalChars = 0;
        foreach (var (title, description) in listings)
        {
            originalBytes += Encoding.UTF8.GetByteCount(title) + Encoding.UTF8.GetByteCount(description);
            originalChars += title.Length + description.Length;
        }
        Console.WriteLine($"  generated in {clock.Elapsed.TotalSeconds:F1} s: {originalBytes / 1e6:F1} MB of text (UTF-8), " +
                          $"{originalChars / (double)o.Listings:F0} chars a listing, {planted.Count:N0} listings with a planted mark");

        // ---- compile (timed) -----------------------------------------------------------------------
        var compiles = new List<double>();
        IMarkMatcher matcher = null!;
        for (var run = 0; run < Math.Max(3, o.Runs); run++)
        {
            Collect();
            clock.Restart();
            matcher = MarkMatcher.Compile(marks);
            compiles.Add(clock.Elapsed.TotalMilliseconds);
        }
        var automaton = (AhoCorasickMarkMatcher)matcher;
        // A new order's marks: compile again with 20 more (the measured rebuild, DESIGN §6.2 "incremental").
        var more = new List<string>(marks);
        more.AddRange(Generator.Marks(new Random(Seed + 1), 20).Where(m => !marks.Contains(m)));
        Collect();
        clock.Restart();
        var extended = MarkMatcher.Compile(more);
        var extendMs = clock.Elapsed.TotalMilliseconds;
        _ = extended.Marks.Count;
        compiles.Sort();

        // ---- screening (timed) -------------------------------------------------------------------
        for (var i = 0; i < Math.Min(listings.Length, 20_000); i++) matcher.FirstMatch(listings[i].Title, listings[i].Description, null); // warm-up
        var screenSeconds = double.MaxValue;
        int matched = 0, exact = 0, fuzzy = 0;
        for (var run = 0; run < o.Runs; run++)
        {
            Collect();
            int m = 0, e = 0, f = 0;
            clock.Restart();
            foreach (var (title, description) in listings)
            {
                if (matcher.FirstMatch(title, description, null) is { } match)
                {
                    m++;
                    if (match.Distance == 0) e++;
                    else f++;
                }
            }
            screenSeconds = Math.Min(screenSeconds, clock.Elapsed.TotalSeconds);
            (matched, exact, fuzzy) = (m, e, f);
        }

        // Untimed: how often the filter lets a field through to the second pass, and whether every planted mark was found.
        long fields = 0, passed = 0;
        foreach (var (title, description) in listings)
        {
            fields += 2;
            if (automaton.MayMatch(title)) passed++;
            if (automaton.MayMatch(description)) passed++;
        }
        var missed = planted.Count(i => matcher.FirstMatch(listings[i].Title, listings[i].Description, null) is null);
        // Matches in listings nothing was planted in: ordinary words glued together (separators are removed) that
        // spell an invented mark, by the mark's normalized length.
        var isPlanted = planted.ToHashSet();
        var accidental = new SortedDictionary<string, (int Exact, int Fuzzy)>(StringComparer.Ordinal);
        for (var i = 0; i < listings.Length; i++)
        {
            if (isPlanted.Contains(i) || matcher.FirstMatch(listings[i].Title, listings[i].Description, null) is not { } hit) continue;
            var length = MarkText.Normalize(hit.Mark).Length;
            var bucket = length < 6 ? "5" : length < 8 ? "6-7" : length < 10 ? "8-9" : "10-16";
            var (e, f) = accidental.GetValueOrDefault(bucket);
            accidental[bucket] = hit.Distance == 0 ? (e + 1, f) : (e, f + 1);
        }

        // ---- ripgrep over the normalized texts (timed, external process) ------------------------------
        var corpusPath = Path.Combine(dir, "corpus.txt");
        var marksPath = Path.Combine(dir, "marks.txt");
        clock.Restart();
        using (var writer = new StreamWriter(corpusPath, false, new UTF8Encoding(false), 1 << 20))
        {
            foreach (var (title, description) in listings)
            {
                writer.Write(MarkText.Normalize(title));
                writer.Write('\t');
                writer.Write(MarkText.Normalize(description));
                writer.Write('\n');
            }
        }
        File.WriteAllLines(marksPath, marks.Select(MarkText.Normalize).Distinct(StringComparer.Ordinal), new UTF8Encoding(false));
        var corpusBytes = new FileInfo(corpusPath).Length;
        Console.WriteLine($"  normalized corpus written in {clock.Elapsed.TotalSeconds:F1} s: {corpusBytes / 1e6:F1} MB");

        var rgVersion = RunProcess("rg", ["--version"], out _);
        (double Seconds, long Count, int Runs)? rg = null, rgCaseSensitive = null;
        if (rgVersion is null)
        {
            Console.WriteLine("  rg not found: install ripgrep (apt-get install ripgrep) for the baseline");
        }
        else
        {
            rg = TimeRipgrep(["-F", "-i", "-c", "-f", marksPath, corpusPath], o.Runs);
            rgCaseSensitive = TimeRipgrep(["-F", "-c", "-f", marksPath, corpusPath], o.Runs);
        }

        // ---- report ------------------------------------------------------------------------------------
        double Mb(long bytes, double seconds) => bytes / 1e6 / seconds;
        var ourMbs = Mb(originalBytes, screenSeconds);
        Console.WriteLine();
        Console.WriteLine("compile  MarkMatcher.Compile");
        Console.WriteLine($"  {marks.Count:N0} marks: min {compiles[0]:F0} ms, median {compiles[compiles.Count / 2]:F0} ms; " +
                          $"{automaton.PatternCount:N0} patterns (marks, halves, swapped), {automaton.StateCount:N0} states");
        Console.WriteLine($"  {more.Count:N0} marks (one more order of 20): {extendMs:F0} ms");
        Console.WriteLine("screening  FirstMatch(title, description, null), one thread (normalization + exact + one edit)");
        Console.WriteLine($"  {o.Listings / screenSeconds,12:N0} listings/s {ourMbs,8:F1} MB/s of original text   {screenSeconds,7:F2} s");
        Console.WriteLine($"  matched {matched:N0} listings: {exact:N0} exact, {fuzzy:N0} within one edit only; planted {planted.Count:N0}, missed {missed:N0}");
        Console.WriteLine($"  filter passed {passed:N0} of {fields:N0} fields ({passed / (double)fields:P2}) to the second pass");
        Console.WriteLine($"  matches without a planted mark, by normalized mark length (exact + one edit): " +
                          string.Join(", ", accidental.Select(a => $"{a.Key}: {a.Value.Exact:N0} + {a.Value.Fuzzy:N0}")) +
                          $"; marks by length: {string.Join(", ", marks.GroupBy(m => MarkText.Normalize(m).Length switch { < 6 => "5", < 8 => "6-7", < 10 => "8-9", _ => "10-16" }).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count():N0}"))}");
        if (rg is { } r)
        {
            Console.WriteLine($"ripgrep  {rgVersion}: rg -F -i -c -f marks.txt corpus.txt over the normalized corpus");
            Console.WriteLine($"  {o.Listings / r.Seconds,12:N0} listings/s {Mb(corpusBytes, r.Seconds),8:F1} MB/s of its input ({Mb(originalBytes, r.Seconds):F1} MB/s of original text)   {r.Seconds,7:F2} s   count {r.Count:N0}   best of {r.Runs}");
            if (rgCaseSensitive is { } c)
                Console.WriteLine($"  without -i: {o.Listings / c.Seconds,12:N0} listings/s {Mb(corpusBytes, c.Seconds),8:F1} MB/s of its input   {c.Seconds,7:F2} s   count {c.Count:N0}   best of {c.Runs}");
            Console.WriteLine("ratio");
            Console.WriteLine($"  screening MB/s / rg -i MB/s of its input   {ourMbs / Mb(corpusBytes, r.Seconds),8:P0}   (target ≥ 50 %)");
            Console.WriteLine($"  screening listings/s / rg -i listings/s    {r.Seconds / screenSeconds,8:P0}");
            if (rgCaseSensitive is { } cc)
            {
                Console.WriteLine($"  screening MB/s / rg (no -i) MB/s of its input  {ourMbs / Mb(corpusBytes, cc.Seconds),8:P0}");
                Console.WriteLine($"  screening listings/s / rg (no -i) listings/s   {cc.Seconds / screenSeconds,8:P0}");
            }
        }

        var ok = true;
        if (missed > 0) ok = Check($"{missed} planted marks not found");
        if (rg is { } rr && rr.Count != exact) ok = Check($"rg counted {rr.Count:N0} lines, the matcher {exact:N0} exact matches");
        Console.WriteLine(ok ? "checks   ok: every planted mark found; rg's line count equals the matcher's exact matches" : "checks   FAILED");
        return ok ? 0 : 1;
    }

    /// <summary>Best of <paramref name="runs"/> runs; a run longer than 30 s is not repeated.</summary>
    static (double Seconds, long Count, int Runs) TimeRipgrep(string[] arguments, int runs)
    {
        var best = double.MaxValue;
        long count = 0;
        var run = 0;
        while (run < runs)
        {
            var clock = Stopwatch.StartNew();
            var output = RunProcess("rg", arguments, out var exitCode);
            var seconds = clock.Elapsed.TotalSeconds;
            best = Math.Min(best, seconds);
            count = exitCode == 1 ? 0 : long.Parse(output!.Trim(), CultureInfo.InvariantCulture);
            run++;
            if (seconds > 30) break;
        }
        return (best, count, run);
    }

    static string? RunProcess(string file, string[] arguments, out int exitCode)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            exitCode = process.ExitCode;
            return output.Split('\n')[0];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            exitCode = -1;
            return null;
        }
    }

    static bool Check(string message)
    {
        Console.WriteLine($"CHECK FAILED: {message}");
        return false;
    }

    static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Invented marks and listings in the words of a toy and gadget marketplace.</summary>
    static class Generator
    {
        static readonly string[] Words =
        [
            "soft", "plush", "toy", "stuffed", "animal", "kids", "gift", "birthday", "christmas", "cotton", "polyester",
            "washable", "inch", "large", "small", "medium", "cute", "kawaii", "pillow", "hug", "cuddly", "bear", "cat",
            "dog", "unicorn", "dinosaur", "octopus", "frog", "penguin", "bunny", "new", "with", "tags", "original",
            "authentic", "official", "licensed", "collectible", "rare", "limited", "edition", "series", "squad",
            "vintage", "retro", "handmade", "free", "shipping", "fast", "delivery", "pack", "set", "lot", "bundle",
            "of", "and", "the", "for", "a", "in", "to", "is", "this", "our", "your", "great", "quality", "premium",
            "material", "color", "pink", "blue", "purple", "green", "yellow", "white", "black", "red", "orange",
            "pastel", "rainbow", "glow", "dark", "phone", "case", "cover", "charger", "cable", "wireless", "bluetooth",
            "headphones", "speaker", "watch", "band", "strap", "shoes", "sneakers", "running", "women", "men", "boys",
            "girls", "size", "fits", "true", "shirt", "hoodie", "jacket", "dress", "leather", "bag", "wallet",
            "backpack", "keychain", "sticker", "mug", "cup", "bottle", "lamp", "night", "light", "decor", "home",
            "bedroom", "office", "desk", "battery", "included", "warranty", "return", "policy", "days", "item",
            "condition", "brand", "used", "excellent", "perfect", "ideal", "present", "holiday", "party", "favors",
            "age", "years", "up", "safe", "durable", "lightweight", "portable", "stainless", "steel", "plastic",
            "wooden", "ceramic", "glass", "metal", "silver", "gold", "plated", "necklace", "bracelet", "ring", "kit",
            "craft", "art", "paint", "brush", "notebook", "journal", "planner", "school", "game", "puzzle", "board",
            "cards", "deck", "figure", "action", "doll", "house", "car", "truck", "train", "model", "building",
            "blocks", "bricks", "compatible", "replacement", "parts", "accessories", "adjustable", "comfortable",
            "breathable", "waterproof", "outdoor", "indoor", "travel", "camping", "sports", "fitness", "yoga", "mat",
            "ball", "soccer", "cap", "hat", "socks", "gloves", "scarf", "winter", "summer", "beach", "towel",
            "blanket", "throw", "fleece", "super", "ultra", "mini", "jumbo", "giant", "tiny", "squishy", "stress",
            "relief", "fidget", "sensory", "marshmallow", "mallow", "squish", "squeeze", "slow", "rising", "scented",
            "café", "crème", "naïve", "très", "doux", "niño",
        ];

        static readonly string[] TitleSeparators = [" ", " ", " ", " ", " ", " - ", ", ", " | ", " / ", " + "];
        static readonly string[] Decorations = ["★", "✔", "™", "®", "🎁", "😀", "❤️", "🔥"];
        const string Consonants = "bcdfghjklmnprstvwxz";
        const string Vowels = "aeiouy";

        /// <summary>Pronounceable marks of 5–16 letters, one in four two words, distinct after normalization.</summary>
        public static List<string> Marks(Random random, int count)
        {
            var marks = new List<string>(count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var word in Words) seen.Add(MarkText.Normalize(word));
            while (marks.Count < count)
            {
                var length = random.Next(5, 17);
                var sb = new StringBuilder();
                var space = length >= 8 && random.Next(4) == 0 ? random.Next(3, length - 3) : -1;
                for (var i = 0; i < length; i++)
                {
                    if (i == space) sb.Append(' ');
                    var letter = i % 2 == 0 ? Consonants[random.Next(Consonants.Length)] : Vowels[random.Next(Vowels.Length)];
                    sb.Append(i == 0 || i == space ? char.ToUpperInvariant(letter) : letter);
                }
                var mark = sb.ToString();
                if (seen.Add(MarkText.Normalize(mark))) marks.Add(mark);
            }
            return marks;
        }

        public static (string Title, string Description)[] Listings(Random random, int count, List<string> marks, double markRate,
            out List<int> planted)
        {
            var listings = new (string, string)[count];
            planted = [];
            var sb = new StringBuilder(512);
            for (var i = 0; i < count; i++)
            {
                var title = Title(random, sb);
                var description = Description(random, sb);
                if (random.NextDouble() < markRate)
                {
                    var mark = Obfuscate(random, marks[random.Next(marks.Count)]);
                    if (random.Next(10) < 7) title = Insert(random, title, mark);
                    else description = Insert(random, description, mark);
                    planted.Add(i);
                }
                listings[i] = (title, description);
            }
            return listings;
        }

        static string Insert(Random random, string text, string mark)
        {
            var spaces = new List<int>();
            for (var i = 0; i < text.Length; i++) if (text[i] == ' ') spaces.Add(i);
            var at = spaces.Count == 0 ? 0 : spaces[random.Next(spaces.Count)];
            return text[..at] + " " + mark + " " + text[at..];
        }

        static string Title(Random random, StringBuilder sb)
        {
            sb.Clear();
            var target = random.Next(50, 71);
            while (sb.Length < target)
            {
                if (sb.Length > 0) sb.Append(TitleSeparators[random.Next(TitleSeparators.Length)]);
                var word = Words[random.Next(Words.Length)];
                sb.Append(random.Next(10) < 6 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                var roll = random.Next(100);
                if (roll < 6) sb.Append(' ').Append(random.Next(2, 40)).Append(random.Next(2) == 0 ? " inch" : "cm");
                else if (roll < 8) sb.Append(' ').Append(Decorations[random.Next(Decorations.Length)]);
            }
            return sb.ToString();
        }

        static string Description(Random random, StringBuilder sb)
        {
            sb.Clear();
            var target = random.Next(180, 221);
            while (sb.Length < target)
            {
                var words = random.Next(4, 10);
                for (var w = 0; w < words; w++)
                {
                    var word = Words[random.Next(Words.Length)];
                    sb.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                    if (random.Next(30) == 0) sb.Append(' ').Append(random.Next(1, 100)).Append('%');
                    sb.Append(w == words - 1 ? (random.Next(8) == 0 ? "! " : ". ") : random.Next(12) == 0 ? ", " : " ");
                }
            }
            return sb.ToString().TrimEnd();
        }

        static readonly (char Latin, char LookAlike)[] Cyrillic =
            [('a', 'а'), ('e', 'е'), ('o', 'о'), ('p', 'р'), ('c', 'с'), ('y', 'у'), ('x', 'х'), ('i', 'і'), ('j', 'ј'), ('s', 'ѕ')];

        static readonly (char Latin, string Leet)[] Leet =
            [('o', "0"), ('i', "1"), ('l', "1"), ('e', "3"), ('a', "4"), ('s', "5"), ('t', "7"), ('a', "@"), ('s', "$"), ('l', "|")];

        /// <summary>Half the planted marks as registered or in another case, the other half obfuscated one way.</summary>
        static string Obfuscate(Random random, string mark)
        {
            var letters = mark.Replace(" ", "", StringComparison.Ordinal);
            switch (random.Next(16))
            {
                case 0: return mark.ToUpperInvariant();
                case 1: return mark.ToLowerInvariant();
                case < 8: return mark;
                case 8: return string.Join(' ', letters.ToUpperInvariant().ToCharArray());                 // S Q U I S H
                case 9: return string.Join('.', letters.ToCharArray());                                    // s.q.u.i.s.h
                case 10: return letters[..(letters.Length / 2)] + "-" + letters[(letters.Length / 2)..];   // squish-mallows
                case 11: return Replace(random, mark.ToLowerInvariant(), Leet.Select(p => (p.Latin, p.Leet)));
                case 12: return Replace(random, mark.ToLowerInvariant(), Cyrillic.Select(p => (p.Latin, p.LookAlike.ToString())));
                case 13: return string.Concat(mark.Select(c => c is >= 'a' and <= 'z' ? (char)(c - 'a' + 'ａ') : c is >= 'A' and <= 'Z' ? (char)(c - 'A' + 'Ａ') : c));
                case 14: return string.Join("\u200B", letters.Chunk(3).Select(c => new string(c)));       // zero-width spaces
                default: return letters.Length >= MarkMatcher.FuzzyMinLetters ? Typo(random, letters) : letters;
            }
        }

        static string Replace(Random random, string text, IEnumerable<(char Latin, string With)> pairs)
        {
            var sb = new StringBuilder(text);
            var choices = pairs.ToArray();
            for (var i = sb.Length - 1; i >= 0; i--)
            {
                var options = choices.Where(p => p.Latin == sb[i]).ToArray();
                if (options.Length > 0 && random.Next(2) == 0)
                {
                    sb.Remove(i, 1).Insert(i, options[random.Next(options.Length)].With);
                }
            }
            return sb.ToString();
        }

        /// <summary>One edit: deletion, insertion, substitution or transposition of adjacent letters.</summary>
        static string Typo(Random random, string letters)
        {
            var at = random.Next(1, letters.Length - 1);
            var other = Vowels[random.Next(Vowels.Length)];
            return random.Next(4) switch
            {
                0 => letters.Remove(at, 1),
                1 => letters.Insert(at, other.ToString()),
                2 => letters[..at] + other + letters[(at + 1)..],
                _ => letters[..at] + letters[at + 1] + letters[at] + letters[(at + 2)..],
            };
        }
    }
}
