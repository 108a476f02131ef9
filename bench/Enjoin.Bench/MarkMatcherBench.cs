using System.Text;
using BenchmarkDotNet.Attributes;
using Enjoin.Screening;

namespace Enjoin.Bench;

/// <summary>
/// Screening 10,000 generated listings (title ~60 chars, description ~200, brand ~10) against 1,000 marks:
/// the Aho–Corasick matcher versus the naive per-mark search over normalized fields. Results are per
/// listing (OperationsPerInvoke). PlantedPercent is the share of listings that contain a mark.
/// </summary>
[MemoryDiagnoser]
public class MarkMatcherBench
{
    private const int MarkCount = 1000;
    private const int ListingCount = 10_000;

    private static readonly string[] Words =
    [
        "vintage", "plush", "toy", "soft", "cuddly", "bear", "new", "with", "tags", "size", "large", "small",
        "red", "blue", "green", "cotton", "cm", "inch", "gift", "kids", "collectible", "rare", "edition",
        "free", "shipping", "box", "original", "mint", "condition", "washable", "handmade", "limited",
        "set", "of", "and", "the", "for", "très", "doux", "niño", "café", "lot", "bundle", "authentic",
    ];

    private static readonly string[] Separators = [" ", " ", " ", ", ", " - ", ". ", " / ", "! "];

    private IMarkMatcher _matcher = null!;
    private string[] _normalizedMarks = null!;
    private (string Title, string Description, string Brand)[] _listings = null!;

    [Params(0, 1)]
    public int PlantedPercent { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20240601);
        var marks = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (marks.Count < MarkCount)
        {
            string mark = RandomMark(random);
            if (seen.Add(MarkText.Normalize(mark)))
            {
                marks.Add(mark);
            }
        }

        _matcher = MarkMatcher.Compile(marks);
        _normalizedMarks = [.. seen];

        _listings = new (string, string, string)[ListingCount];
        int planted = ListingCount * PlantedPercent / 100;
        for (int i = 0; i < ListingCount; i++)
        {
            (string Title, string Description, string Brand) listing;
            if (i < planted)
            {
                string mark = marks[random.Next(marks.Count)];
                listing = (Text(random, 25) + " " + mark + " " + Text(random, 25), Text(random, 200), Text(random, 10));
            }
            else
            {
                do
                {
                    listing = (Text(random, 60), Text(random, 200), Text(random, 10));
                }
                while (_matcher.FirstMatch(listing.Title, listing.Description, listing.Brand) is not null);
            }

            _listings[i] = listing;
        }

        random.Shuffle(_listings);
        if (Matcher() != Naive())
        {
            throw new InvalidOperationException("The matcher and the naive baseline disagree.");
        }
    }

    [Benchmark(OperationsPerInvoke = ListingCount)]
    public int Matcher()
    {
        int found = 0;
        foreach (var (title, description, brand) in _listings)
        {
            if (_matcher.FirstMatch(title, description, brand) is not null)
            {
                found++;
            }
        }

        return found;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = ListingCount)]
    public int Naive()
    {
        int found = 0;
        foreach (var (title, description, brand) in _listings)
        {
            if (NaiveContains(title) || NaiveContains(description) || NaiveContains(brand))
            {
                found++;
            }
        }

        return found;
    }

    private bool NaiveContains(string field)
    {
        string normalized = MarkText.Normalize(field);
        foreach (string mark in _normalizedMarks)
        {
            if (normalized.Contains(mark, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string RandomMark(Random random)
    {
        // Pronounceable 6–14 letter marks, sometimes two words, sometimes with a digit.
        const string consonants = "bcdfghjklmnprstvwxz";
        const string vowels = "aeiouy";
        int length = random.Next(6, 15);
        var sb = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            if (i > 0 && random.Next(10) == 0)
            {
                sb.Append(' ');
            }

            sb.Append(i % 2 == 0 ? consonants[random.Next(consonants.Length)] : vowels[random.Next(vowels.Length)]);
        }

        if (random.Next(8) == 0)
        {
            sb.Append(random.Next(10));
        }

        return char.ToUpperInvariant(sb[0]) + sb.ToString(1, sb.Length - 1);
    }

    private static string Text(Random random, int targetLength)
    {
        var sb = new StringBuilder(targetLength + 16);
        while (sb.Length < targetLength)
        {
            if (sb.Length > 0)
            {
                sb.Append(Separators[random.Next(Separators.Length)]);
            }

            string word = Words[random.Next(Words.Length)];
            sb.Append(random.Next(5) == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
            if (random.Next(12) == 0)
            {
                sb.Append(' ').Append(random.Next(1, 100));
            }
        }

        return sb.ToString();
    }
}
