using System.Text;
using Enjoin.Screening;

namespace Enjoin.Tests.Screening;

public class MarkMatcherTests
{
    private static readonly IMarkMatcher Squishmallows = MarkMatcher.Compile(["SQUISHMALLOWS"]);

    /// <summary>SQUISHMALLOWS normalized: i and l are the stroke symbol '1'.</summary>
    private const string Squ1shma11ows = "squ1shma11ows";

    private static MarkMatch Exact(string mark, ListingField field, int start, int length, string normalized) =>
        new(mark, field, start, length, normalized, 0);

    [Theory]
    [InlineData("Squish Mallows plush 8in")]
    [InlineData("squish-mallows plush")]
    [InlineData("SQUISH.MALLOWS")]
    [InlineData("squish_mallows")]
    [InlineData("Squish'mallows")]
    [InlineData("S q u i s h  m a l l o w s")]
    [InlineData("squish—mallows / squish\tmallows")]
    public void Separators_inside_the_mark_are_ignored(string title)
    {
        var match = Squishmallows.FirstMatch(title, null, null);

        Assert.NotNull(match);
        Assert.Equal("SQUISHMALLOWS", match.Value.Mark);
        Assert.True(match.Value.IsExact);
    }

    [Theory]
    [InlineData("Marshmallow plush toy")]
    [InlineData("Squishy marshmallows")]
    [InlineData("squishy")]
    [InlineData("mallows squish")]
    [InlineData("squish mellow")] // two edits (a→e, s deleted)
    public void Marshmallow_does_not_match_squishmallows(string title)
    {
        Assert.Null(Squishmallows.FirstMatch(title, title, title));
        Assert.Empty(Squishmallows.AllMatches(title, title, title));
    }

    [Fact]
    public void Mark_inside_a_longer_run_matches()
    {
        // Substring semantics over the normalized text: the accepted design.
        var match = Squishmallows.FirstMatch("bestsquishmallowsever", null, null);

        Assert.Equal(Exact("SQUISHMALLOWS", ListingField.Title, 4, 13, Squ1shma11ows), match);
    }

    [Fact]
    public void Match_reports_the_span_of_the_original_text()
    {
        const string title = "Cute -- Squish-Mallows!! 8in";

        var match = Squishmallows.FirstMatch(title, null, null);

        Assert.NotNull(match);
        Assert.Equal(8, match.Value.Start);
        Assert.Equal(14, match.Value.Length);
        Assert.Equal("Squish-Mallows", title.Substring(match.Value.Start, match.Value.Length));
    }

    [Fact]
    public void Span_excludes_separators_around_the_mark_and_counts_combining_marks_inside_it()
    {
        // "i" followed by a combining acute accent (U+0301), i.e. text that is already decomposed.
        const string title = "  ..Squi\u0301sh mallows..  ";

        var match = Squishmallows.FirstMatch(title, null, null);

        Assert.NotNull(match);
        Assert.Equal("Squi\u0301sh mallows", title.Substring(match.Value.Start, match.Value.Length));
    }

    [Theory]
    [InlineData("Squíshmallows")]
    [InlineData("SQUÍSHMÄLLÖWS")]
    [InlineData("squishmallõws")]
    [InlineData("squi\u0301shmallows")] // decomposed: combining acute accent
    public void Diacritics_are_removed(string title)
    {
        Assert.NotNull(Squishmallows.FirstMatch(title, null, null));
    }

    [Fact]
    public void Diacritics_are_removed_from_marks_too()
    {
        var matcher = MarkMatcher.Compile(["Niño Pokémon"]);

        var match = matcher.FirstMatch("nino-pokemon cards", null, null);

        Assert.Equal(Exact("Niño Pokémon", ListingField.Title, 0, 12, "n1nopokemon"), match);
    }

    [Theory]
    [InlineData("é", "e")]
    [InlineData("ñ", "n")]
    [InlineData("Ç", "c")]
    [InlineData("Å", "a")]
    [InlineData("İ", "1")] // the stroke class
    [InlineData("ş", "s")]
    [InlineData("ő", "o")]
    [InlineData("ž", "z")]
    [InlineData("ǎ", "a")] // Latin Extended-B
    [InlineData("ệ", "e")] // Latin Extended Additional (Vietnamese)
    [InlineData("ά", "a")] // Greek with tonos, then the Latin look-alike
    public void Diacritics_are_removed_by_the_table(string text, string expected)
    {
        Assert.Equal(expected, MarkText.Normalize(text));
    }

    [Theory]
    [InlineData("squishmallows")]
    [InlineData("SQUISHMALLOWS")]
    [InlineData("sQuIsHmAlLoWs")]
    public void Case_is_folded(string title)
    {
        Assert.NotNull(Squishmallows.FirstMatch(title, null, null));
        Assert.NotNull(MarkMatcher.Compile(["squishmallows"]).FirstMatch(title, null, null));
    }

    [Fact]
    public void Normalize_keeps_only_folded_letters_and_digits()
    {
        // ™ is "TM" under NFKC; i and l are the stroke '1'; leetspeak digits are letters (4 → a).
        Assert.Equal("squ1shma11owstm81n", MarkText.Normalize("Squísh-Mallows™ (8\"in)!"));
        Assert.Equal("1egoa2", MarkText.Normalize("L.E.G.O._4 2’s"[..^2]));
        Assert.Equal("", MarkText.Normalize(" -_.'!? "));
        Assert.Equal("", MarkText.Normalize(""));
    }

    [Fact]
    public void Brand_field_is_screened()
    {
        var match = Squishmallows.FirstMatch("Plush toy", "Soft and cuddly", "Squish Mallows");

        Assert.Equal(Exact("SQUISHMALLOWS", ListingField.Brand, 0, 14, Squ1shma11ows), match);
    }

    [Fact]
    public void Description_field_is_screened()
    {
        var match = Squishmallows.FirstMatch("Plush toy", "Like squishmallows", "Acme");

        Assert.Equal(Exact("SQUISHMALLOWS", ListingField.Description, 5, 13, Squ1shma11ows), match);
    }

    [Fact]
    public void First_match_prefers_title_then_description_then_brand()
    {
        var matcher = MarkMatcher.Compile(["alpha", "beta", "gamma"]);

        Assert.Equal(ListingField.Title, matcher.FirstMatch("x gamma", "alpha", "beta")?.Field);
        Assert.Equal("gamma", matcher.FirstMatch("x gamma", "alpha", "beta")?.Mark);
        Assert.Equal(ListingField.Description, matcher.FirstMatch("x", "alpha", "beta")?.Field);
        Assert.Equal(ListingField.Brand, matcher.FirstMatch(null, "", "beta")?.Field);
    }

    [Fact]
    public void Fields_are_not_joined()
    {
        // The end of the title and the start of the description do not form a mark together.
        Assert.Null(Squishmallows.FirstMatch("Squish", "mallows", null));
        Assert.Null(Squishmallows.FirstMatch(null, "squishmal", "lows"));
    }

    [Fact]
    public void Null_and_empty_fields_match_nothing()
    {
        Assert.Null(Squishmallows.FirstMatch(null, null, null));
        Assert.Null(Squishmallows.FirstMatch("", "", ""));
        Assert.Null(Squishmallows.FirstMatch(" - . ", "!!", "\u0301"));
        Assert.Empty(Squishmallows.AllMatches(null, null, null));
        Assert.Empty(Squishmallows.AllMatches("", "", ""));
    }

    [Fact]
    public void Mark_at_end_of_text_is_found()
    {
        const string title = "Plush toy compatible with squishmallows";

        var match = Squishmallows.FirstMatch(title, null, null);

        Assert.Equal(Exact("SQUISHMALLOWS", ListingField.Title, title.Length - 13, 13, Squ1shma11ows), match);
    }

    [Fact]
    public void Mark_at_start_of_text_and_whole_text_are_found()
    {
        Assert.Equal(Exact("SQUISHMALLOWS", ListingField.Title, 0, 13, Squ1shma11ows), Squishmallows.FirstMatch("squishmallows", null, null));
        Assert.Equal(Exact("SQUISHMALLOWS", ListingField.Title, 0, 13, Squ1shma11ows), Squishmallows.FirstMatch("squishmallows plush", null, null));
    }

    [Fact]
    public void Overlapping_marks_are_all_reported()
    {
        // "she" ends inside "ushers"; "he" is a suffix of "she"; "hers" overlaps "she"; "his" is absent.
        var matcher = MarkMatcher.Compile(["he", "she", "his", "hers"]);
        const string text = "ushers";

        var matches = matcher.AllMatches(text, null, null);

        Assert.Equal(
            [
                Exact("she", ListingField.Title, 1, 3, "she"),
                Exact("he", ListingField.Title, 2, 2, "he"),
                Exact("hers", ListingField.Title, 2, 4, "hers"),
            ],
            matches);
    }

    [Fact]
    public void Mark_inside_another_mark_is_reported_with_its_own_span()
    {
        var matcher = MarkMatcher.Compile(["Squish Mallows", "MALLOW"]);
        const string text = "Squish-Mallows";

        var matches = matcher.AllMatches(text, null, null);

        Assert.Equal(
            [
                Exact("MALLOW", ListingField.Title, 7, 6, "ma11ow"),
                Exact("Squish Mallows", ListingField.Title, 0, 14, Squ1shma11ows),
            ],
            matches);
        Assert.Equal(Exact("MALLOW", ListingField.Title, 7, 6, "ma11ow"), matcher.FirstMatch(text, null, null));
    }

    [Fact]
    public void Every_occurrence_in_every_field_is_reported()
    {
        var matches = Squishmallows.AllMatches("squishmallows and squish mallows", "SQUISHMALLOWS", "squish.mallows");

        Assert.Equal(
            [
                Exact("SQUISHMALLOWS", ListingField.Title, 0, 13, Squ1shma11ows),
                Exact("SQUISHMALLOWS", ListingField.Title, 18, 14, Squ1shma11ows),
                Exact("SQUISHMALLOWS", ListingField.Description, 0, 13, Squ1shma11ows),
                Exact("SQUISHMALLOWS", ListingField.Brand, 0, 14, Squ1shma11ows),
            ],
            matches);
    }

    [Fact]
    public void Marks_that_normalize_alike_are_each_reported()
    {
        var matcher = MarkMatcher.Compile(["Squish Mallows", "SQUISHMALLOWS"]);

        var matches = matcher.AllMatches("squishmallows", null, null);

        Assert.Equal(2, matches.Count);
        Assert.Contains(Exact("Squish Mallows", ListingField.Title, 0, 13, Squ1shma11ows), matches);
        Assert.Contains(Exact("SQUISHMALLOWS", ListingField.Title, 0, 13, Squ1shma11ows), matches);
    }

    [Fact]
    public void Blank_marks_are_ignored()
    {
        var matcher = MarkMatcher.Compile(["", "   ", "--", "Lego", "Lego"]);

        Assert.Equal(["Lego"], matcher.Marks);
        Assert.Null(matcher.FirstMatch("- -- ---", "   ", null));
        Assert.NotNull(matcher.FirstMatch("LEGO set", null, null));
    }

    [Fact]
    public void No_marks_match_nothing()
    {
        var matcher = MarkMatcher.Compile([]);

        Assert.Empty(matcher.Marks);
        Assert.Null(matcher.FirstMatch("anything at all", "really", "anything"));
    }

    [Fact]
    public void Digits_are_part_of_marks()
    {
        var matcher = MarkMatcher.Compile(["7-Eleven", "Area 51"]);

        Assert.NotNull(matcher.FirstMatch("7eleven", null, null));
        Assert.NotNull(matcher.FirstMatch("AREA-51 tee", null, null));
        Assert.Null(matcher.FirstMatch("area 52", "Eleven", null));
    }

    [Fact]
    public void Non_latin_marks_are_matched()
    {
        var matcher = MarkMatcher.Compile(["Пушистик", "東京タワー", "𐐔𐐯𐑅𐐨𐑉𐐯𐐻"]); // Cyrillic, Japanese, Deseret (surrogate pairs)
        const string text = "игрушка ПУШИСТИК и 東京-タワー, 𐐔𐐯𐑅𐐨𐑉𐐯𐐻 😀";

        var matches = matcher.AllMatches(text, null, null);

        Assert.Equal(3, matches.Count);
        Assert.Equal("ПУШИСТИК", text.Substring(matches[0].Start, matches[0].Length));
        Assert.Equal("東京-タワー", text.Substring(matches[1].Start, matches[1].Length));
        Assert.Equal("𐐔𐐯𐑅𐐨𐑉𐐯𐐻", text.Substring(matches[2].Start, matches[2].Length));
        Assert.Null(matcher.FirstMatch("пушистый", "東京", "𐐔𐐯𐑅"));
    }

    [Fact]
    public void Supplementary_letters_are_case_folded_and_emoji_are_separators()
    {
        var matcher = MarkMatcher.Compile(["𐐼𐐯𐑅"]); // lower-case Deseret
        const string text = "x 𐐔😀𐐯𐑅 y"; // upper-case first letter, emoji inside

        var match = matcher.FirstMatch(text, null, null);

        Assert.NotNull(match);
        Assert.Equal("𐐔😀𐐯𐑅", text.Substring(match.Value.Start, match.Value.Length));
    }

    [Fact]
    public void Letters_absent_from_every_mark_break_an_exact_match()
    {
        // "ß" and "ø" survive normalization (NFKD does not decompose them), so they are not separators; "2" is no
        // leetspeak letter. Each is one inserted char, so the 13-letter mark still matches within one edit.
        foreach (string title in (string[])["squishßmallows", "squishømallows", "squish2mallows"])
        {
            var match = Squishmallows.FirstMatch(title, null, null);
            Assert.NotNull(match);
            Assert.Equal(1, match.Value.Distance);
            Assert.Equal(title, title.Substring(match.Value.Start, match.Value.Length));
        }

        Assert.Null(MarkMatcher.Compile(["Pokémon"]).FirstMatch("pokeßmon", "pokemøn", "poke2mon"));
    }

    [Fact]
    public void Many_marks_are_matched_by_one_automaton()
    {
        var random = new Random(1234);
        var marks = new List<string>();
        var seen = new HashSet<string>();
        while (marks.Count < 1000)
        {
            string mark = RandomMark(random);
            if (seen.Add(MarkText.Normalize(mark)))
            {
                marks.Add(mark);
            }
        }

        var matcher = MarkMatcher.Compile(marks);
        Assert.Equal(1000, matcher.Marks.Count);

        // Filler made only of digits and 'q', which no generated mark contains, so nothing matches by accident.
        // Marks can contain one another (a 4-letter mark inside a 12-letter one), so look for the planted mark
        // among all matches rather than expecting it first.
        for (int i = 0; i < marks.Count; i++)
        {
            string mark = marks[i];
            string planted = "Brand new 12 qq " + mark.ToUpperInvariant().Replace(' ', '-') + " 7q8";

            Assert.NotNull(matcher.FirstMatch("q 1 2 3", planted, "qq"));
            var found = matcher.AllMatches("q 1 2 3", planted, "qq");
            Assert.Contains(found, m => m.Mark == mark && m.Field == ListingField.Description && m.Start == 16 && m.Length == mark.Length && m.IsExact);

            // The same text with the mark's last letter replaced: no longer the mark, but one substitution away,
            // which a mark of 8 letters or more still matches (DESIGN §4.5), and a shorter one does not.
            string broken = planted[..(16 + mark.Length - 1)] + "q" + planted[(16 + mark.Length)..];
            var brokenMatches = matcher.AllMatches("q 1 2 3", broken, "qq").Where(m => m.Mark == mark).ToList();
            if (MarkText.Normalize(mark).Length >= MarkMatcher.FuzzyMinLetters)
            {
                // Reported as the tighter window: the mark without its last letter (a deletion).
                Assert.Contains(brokenMatches, m => m.Distance == 1 && m.Start == 16 && m.Length == mark.Length - 1);
                Assert.DoesNotContain(brokenMatches, m => m.IsExact);
            }
            else
            {
                Assert.Empty(brokenMatches);
            }
        }

        var clean = new StringBuilder();
        for (int i = 0; i < 500; i++)
        {
            clean.Append("qq ").Append(random.Next(1000)).Append(" q-").Append(random.Next(100)).Append(' ');
        }

        Assert.Null(matcher.FirstMatch(clean.ToString(), clean.ToString(), "q1"));
        Assert.Empty(matcher.AllMatches(clean.ToString(), null, null));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(30)]
    [InlineData(45)]
    [InlineData(60)]
    public void Mark_spread_across_the_middle_of_a_long_text_is_found(int padding)
    {
        // Long texts are scanned as two halves; a mark straddling the middle, with many separators
        // inside it, must still be found.
        string text = new string('x', padding) + "squish" + new string(' ', 40) + "-mallows" + new string('y', padding);

        var match = Squishmallows.FirstMatch(text, null, null);

        Assert.Equal(Exact("SQUISHMALLOWS", ListingField.Title, padding, 54, Squ1shma11ows), match);
    }

    [Fact]
    public void Matcher_agrees_with_naive_search_on_random_text()
    {
        // Small alphabet so that marks occur often, overlap and straddle every position.
        string[] marks = ["aba", "bb", "ab-ab a", "baaab", "a", "bab"];
        var normalizedMarks = new string[marks.Length];
        for (int m = 0; m < marks.Length; m++)
        {
            normalizedMarks[m] = MarkText.Normalize(marks[m]);
        }

        // One matcher per non-empty subset of the marks.
        var chosenBySubset = new List<int>[1 << marks.Length];
        var matcherBySubset = new IMarkMatcher[1 << marks.Length];
        for (int subset = 1; subset < chosenBySubset.Length; subset++)
        {
            chosenBySubset[subset] = [];
            for (int m = 0; m < marks.Length; m++)
            {
                if ((subset & (1 << m)) != 0)
                {
                    chosenBySubset[subset].Add(m);
                }
            }

            matcherBySubset[subset] = MarkMatcher.Compile(chosenBySubset[subset].ConvertAll(m => marks[m]));
        }

        var random = new Random(42);
        for (int round = 0; round < 3000; round++)
        {
            int subset = random.Next(1, 1 << marks.Length);
            var chosen = chosenBySubset[subset];
            var matcher = matcherBySubset[subset];
            string text = RandomText(random, random.Next(0, 120));
            string normalized = MarkText.Normalize(text);

            int expectedCount = 0;
            foreach (int m in chosen)
            {
                for (int at = normalized.IndexOf(normalizedMarks[m], StringComparison.Ordinal); at >= 0;
                     at = normalized.IndexOf(normalizedMarks[m], at + 1, StringComparison.Ordinal))
                {
                    expectedCount++;
                }
            }

            var all = matcher.AllMatches(null, text, null);
            Assert.Equal(expectedCount, all.Count);
            Assert.Equal(expectedCount > 0, matcher.FirstMatch(null, text, null) is not null);
            foreach (var match in all)
            {
                Assert.Equal(MarkText.Normalize(match.Mark), MarkText.Normalize(text.Substring(match.Start, match.Length)));
                Assert.NotEqual("", MarkText.Normalize(text[match.Start].ToString()));
                Assert.NotEqual("", MarkText.Normalize(text[match.Start + match.Length - 1].ToString()));
            }
        }
    }

    private static string RandomText(Random random, int length)
    {
        const string chars = "aaabbb -.c";
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            sb.Append(chars[random.Next(chars.Length)]);
        }

        return sb.ToString();
    }

    [Fact]
    public void Compiled_matcher_keeps_marks_as_registered()
    {
        var matcher = MarkMatcher.Compile(["Squish Mallows", "LEGO"]);

        Assert.Equal(["Squish Mallows", "LEGO"], matcher.Marks);
    }

    [Fact]
    public void First_match_does_not_allocate_when_nothing_matches()
    {
        var matcher = MarkMatcher.Compile(["SQUISHMALLOWS", "Pokémon", "Пушистик", "𐐔𐐯𐑅"]);
        const string title = "Vintage plush bear, 30 cm — très doux, мягкий 😀 𐐔𐐯";
        const string description = "Soft, cuddly and washable. Ships from Lyon; Niño's favourite.";
        matcher.FirstMatch(title, description, "Acme"); // warm up (JIT, statics)

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Assert.Null(matcher.FirstMatch(title, description, "Acme"));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string RandomMark(Random random)
    {
        // Letters other than 'q', 4 to 14 of them, sometimes split by a space.
        const string letters = "abcdefghijklmnoprstuvwxyz";
        int length = random.Next(4, 15);
        var sb = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            if (i > 0 && i < length - 1 && random.Next(6) == 0)
            {
                sb.Append(' ');
            }

            sb.Append(letters[random.Next(letters.Length)]);
        }

        return sb.ToString();
    }
}
