using System.Text;
using Enjoin.Screening;

namespace Enjoin.Tests.Screening;

/// <summary>DESIGN §4.5: obfuscated spellings, one-edit matches, spans of the original text, allowed phrases.</summary>
public class MarkMatcherObfuscationTests
{
    private static readonly IMarkMatcher Squishmallows = MarkMatcher.Compile(["SQUISHMALLOWS"]);

    [Theory]
    [InlineData("Squ1shmall0ws")]                   // leetspeak
    [InlineData("S Q U I S H M A L L O W S")]       // spaced letters
    [InlineData("Squishm\u0430llows")]              // Cyrillic а
    [InlineData("squ\u0456shm\u0430ll\u043Ews")]    // Cyrillic і а о
    [InlineData("squish_mallows")]                  // underscore
    [InlineData("squish\u200Dmal\u200Dlows")]       // zero-width joiners
    [InlineData("squi\u00ADsh\u200Bmallows")]       // soft hyphen, zero-width space
    [InlineData("ＳＱＵＩＳＨＭＡＬＬＯＷＳ")]          // fullwidth
    [InlineData("SQU\u0399SH\u039C\u0391LL\u039FWS")] // Greek Ι Μ Α Ο
    [InlineData("squ\u03B9shmall\u03BFws")]         // Greek ι ο
    [InlineData("$QU1$HMALL0W$")]                   // $ for s, 0 for o
    [InlineData("5QU15HM4LL0W5")]
    [InlineData("Squ|shma||ows")]                   // | for i and l
    [InlineData("SQUISHMAIIOWS")]                   // capital I for l
    [InlineData("𝐒𝐪𝐮𝐢𝐬𝐡𝐦𝐚𝐥𝐥𝐨𝐰𝐬")]                   // mathematical bold (surrogate pairs)
    [InlineData("5-Q-U-|-$-H ＭＡＬＬ0\u051CＳ")]       // everything at once (Cyrillic Ԝ)
    public void Obfuscated_spellings_match_exactly(string title)
    {
        var match = Squishmallows.FirstMatch(title, null, null);

        Assert.NotNull(match);
        Assert.Equal(0, match.Value.Distance);
        Assert.Equal("squ1shma11ows", match.Value.Normalized);
        Assert.Equal(title, title.Substring(match.Value.Start, match.Value.Length));
    }

    [Theory]
    [InlineData("squishmalows", "squ1shma1ows", "squishmalows")]       // deletion
    [InlineData("squishmalllows", "squ1shma111ows", "squishmalllows")] // insertion
    [InlineData("squishmellows", "squ1shme11ows", "squishmellows")]    // substitution
    [InlineData("squihsmallows", "squ1hsma11ows", "squihsmallows")]    // transposition in the first half
    [InlineData("squishmallwos", "squ1shma11wos", "squishmallwos")]    // transposition in the second half
    [InlineData("squismhallows", "squ1smha11ows", "squismhallows")]    // transposition across the middle (the swapped piece)
    [InlineData("sqwishmallows", "sqw1shma11ows", "sqwishmallows")]    // substitution near the start
    [InlineData("quishmallows", "qu1shma11ows", "quishmallows")]       // first char deleted
    [InlineData("Squishmallow", "squ1shma11ow", "Squishmallow")]       // the singular: last char deleted
    [InlineData("squish mallow", "squ1shma11ow", "squish mallow")]
    [InlineData("$QU!SH MALLOWS", "squshma11ows", "$QU!SH MALLOWS")]   // "!" is punctuation (DESIGN): a deletion
    [InlineData("squishßmallows", "squ1shßma11ows", "squishßmallows")] // a letter no mark has, inserted
    // A substituted first or last char is reported as the tighter deletion: the span leaves the odd char out.
    [InlineData("xquishmallows", "qu1shma11ows", "quishmallows")]
    [InlineData("squishmallowz", "squ1shma11ow", "squishmallow")]
    public void Marks_of_eight_letters_or_more_match_within_one_edit(string title, string normalized, string original)
    {
        string text = "Plush " + title + "!";

        var match = Squishmallows.FirstMatch(text, null, null);

        Assert.NotNull(match);
        Assert.Equal(1, match.Value.Distance);
        Assert.Equal(normalized, match.Value.Normalized);
        Assert.Equal(original, text.Substring(match.Value.Start, match.Value.Length));
    }

    [Theory]
    [InlineData("squishmalow")]   // two deletions
    [InlineData("sqiushmalows")]  // transposition and deletion
    [InlineData("squishmellow")]  // substitution and deletion
    [InlineData("sqush mallow")]
    [InlineData("squish mellow")]
    [InlineData("sqwishmalows")]
    [InlineData("sqiushmallowz")]
    public void Two_edits_do_not_match(string title)
    {
        Assert.Null(Squishmallows.FirstMatch(title, title, title));
        Assert.Empty(Squishmallows.AllMatches(title, title, title));
    }

    [Theory]
    [InlineData("marshmallow")]
    [InlineData("squishy toy")]
    [InlineData("mallows")]
    [InlineData("Marshmallow squishy plush")]
    [InlineData("squish mellow")]
    [InlineData("Squishy marshmallows")]
    [InlineData("squish and mallows")]
    public void Honest_near_misses_do_not_match(string title)
    {
        Assert.Null(Squishmallows.FirstMatch(title, title, title));
    }

    [Fact]
    public void Marks_shorter_than_eight_letters_match_exactly_only()
    {
        var matcher = MarkMatcher.Compile(["Pokémon", "LEGO"]);

        Assert.Null(matcher.FirstMatch("pokemn", "pokeman", "poekmon"));
        Assert.Null(matcher.FirstMatch("leggo", "lgeo", "lego".Replace('g', 'q')));
        Assert.Equal(0, matcher.FirstMatch("POKEMON cards", null, null)?.Distance);
        Assert.Equal("LEGO", matcher.FirstMatch("L3G0", null, null)?.Mark);
        Assert.Equal("LEGO", matcher.FirstMatch("Iego", null, null)?.Mark); // I and l are one stroke symbol

        // Eight letters is enough.
        var pokeball = MarkMatcher.Compile(["Pokeball"]);
        Assert.Equal(1, pokeball.FirstMatch("pokebal", null, null)?.Distance);
        Assert.Null(pokeball.FirstMatch("pokeba", null, null));
    }

    [Fact]
    public void Exact_matches_are_preferred_over_fuzzy_ones()
    {
        const string title = "squishmalows and squishmallows";

        Assert.Equal(Match(ListingField.Title, 17, 13, "squ1shma11ows", 0), Squishmallows.FirstMatch(title, null, null));
        Assert.Equal(
            [Match(ListingField.Title, 0, 12, "squ1shma1ows", 1), Match(ListingField.Title, 17, 13, "squ1shma11ows", 0)],
            Squishmallows.AllMatches(title, null, null));

        // Across fields too: an exact match in the description beats a fuzzy one in the title.
        Assert.Equal(Match(ListingField.Description, 0, 13, "squ1shma11ows", 0), Squishmallows.FirstMatch("squishmalows", "squishmallows", null));
        Assert.Equal(Match(ListingField.Title, 0, 12, "squ1shma1ows", 1), Squishmallows.FirstMatch("squishmalows", "plush", null));
    }

    [Fact]
    public void An_exact_match_hides_the_fuzzy_ones_overlapping_it()
    {
        // "squishmallowss" also holds "quishmallowss"-like windows one edit away; only the exact one is reported.
        var matches = Squishmallows.AllMatches("squishmallowss", "xsquishmallows", null);

        Assert.Equal([Match(ListingField.Title, 0, 13, "squ1shma11ows", 0), Match(ListingField.Description, 1, 13, "squ1shma11ows", 0)], matches);
    }

    [Fact]
    public void Of_overlapping_fuzzy_matches_one_is_reported()
    {
        // "squishmallowz": substitution of the last char (13 chars) or deletion of it (12): the same place, once,
        // the tighter window.
        var matches = Squishmallows.AllMatches("squishmallowz", null, null);

        Assert.Equal([Match(ListingField.Title, 0, 12, "squ1shma11ow", 1)], matches);
    }

    [Theory]
    [InlineData("😀😀 squishmallows", 5, "squishmallows")]                   // surrogate pairs before
    [InlineData("e\u0301e\u0301 Squishmallows", 5, "Squishmallows")]        // combining marks before
    [InlineData("ＳＱ squishmallows", 3, "squishmallows")]                   // fullwidth before
    [InlineData("ﬃ ™ squishmallows", 4, "squishmallows")]                  // expansions before
    [InlineData("Buy ＳＱＵＩＳＨ ＭＡＬＬＯＷＳ now", 4, "ＳＱＵＩＳＨ ＭＡＬＬＯＷＳ")] // fullwidth mark
    [InlineData("x 𝐒𝐐𝐔𝐈𝐒𝐇𝐌𝐀𝐋𝐋𝐎𝐖𝐒 plush", 2, "𝐒𝐐𝐔𝐈𝐒𝐇𝐌𝐀𝐋𝐋𝐎𝐖𝐒")]               // surrogate pairs in the mark
    [InlineData("squish😀mallows", 0, "squish😀mallows")]                     // emoji inside
    [InlineData("..squishmallows\u0301!", 2, "squishmallows\u0301")]        // a combining mark on the last letter
    [InlineData("Cute squishmalows!", 5, "squishmalows")]                   // a fuzzy match
    [InlineData("😀 Squi\u0301shmalows 😀", 3, "Squi\u0301shmalows")]        // a fuzzy match among surrogates
    public void Spans_point_into_the_original_text(string title, int start, string original)
    {
        var match = Squishmallows.FirstMatch(title, null, null);

        Assert.NotNull(match);
        Assert.Equal(start, match.Value.Start);
        Assert.Equal(original, title.Substring(match.Value.Start, match.Value.Length));
    }

    [Fact]
    public void A_match_starting_inside_a_ligature_spans_the_whole_ligature()
    {
        // ﬁ is "f1" normalized; the mark "ish" is "1sh" and starts at the ligature's second normalized char.
        var matcher = MarkMatcher.Compile(["ish"]);

        var match = matcher.FirstMatch("a ﬁsh tank", null, null);

        Assert.Equal(new MarkMatch("ish", ListingField.Title, 2, 3, "1sh", 0), match);
    }

    [Fact]
    public void Hits_inside_an_allowed_phrase_of_the_mark_are_suppressed()
    {
        var matcher = MarkMatcher.Compile([new MarkSpec("MALLOWS", ["Marshmallows"]), new MarkSpec("Marsh")]);

        Assert.Equal(["Marsh"], matcher.AllMatches("Marshmallows plush", null, null).Select(m => m.Mark));
        Assert.Equal(["Marsh"], matcher.AllMatches("MAR-SHMALL0WS", null, null).Select(m => m.Mark)); // compared normalized
        Assert.Equal(Match(ListingField.Title, 0, 7, "ma11ows", 0) with { Mark = "MALLOWS" }, matcher.FirstMatch("Mallows plush", null, null));

        var both = matcher.AllMatches("marshmallows and mallows", null, null);
        Assert.Equal([("Marsh", 0), ("MALLOWS", 17)], both.Select(m => (m.Mark, m.Start)));
    }

    [Fact]
    public void Allowed_phrases_suppress_fuzzy_hits_too_and_only_inside_the_phrase()
    {
        var matcher = MarkMatcher.Compile([new MarkSpec("SQUISHMALLOWS", ["squish mallow cake"])]);

        Assert.Null(matcher.FirstMatch("Recipe: Squish-Mallow Cake", null, null));
        Assert.Equal(1, matcher.FirstMatch("Squish mallow plush", null, null)?.Distance);
        Assert.Equal(0, matcher.FirstMatch("squish mallow cake with squishmallows", null, null)?.Distance);
    }

    [Fact]
    public void Allowed_phrases_of_a_mark_registered_twice_are_merged()
    {
        var matcher = MarkMatcher.Compile([new MarkSpec("Mallows", ["marshmallows"]), new MarkSpec("Mallows", ["mallows pudding"])]);

        Assert.Equal(["Mallows"], matcher.Marks);
        Assert.Null(matcher.FirstMatch("marshmallows", "mallows pudding", null));
        Assert.NotNull(matcher.FirstMatch("mallows", null, null));
    }

    [Fact]
    public void First_match_does_not_allocate_when_only_pieces_of_marks_occur()
    {
        // "squish" is the first half of SQUISHMALLOWS: the filter lets the field through, verification rejects it.
        var matcher = MarkMatcher.Compile(["SQUISHMALLOWS", "Pokeballs"]);
        const string title = "Squish toy, soft mallows, poke bowl";
        string description = string.Concat(Enumerable.Repeat("squish and mallows ", 20)); // longer than the stack buffer
        Assert.Null(matcher.FirstMatch(title, description, null)); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Assert.Null(matcher.FirstMatch(title, description, null));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Matcher_agrees_with_brute_force_edit_distance_on_random_text(bool slowChars)
    {
        // Small alphabet so that near occurrences are everywhere, overlap and straddle the middle of the text. With
        // slowChars, also chars the filter folds on its slow path: ㏄ ("cc"), ﬀ ("ff"), mathematical bold b (a
        // surrogate pair folding to "b") and an emoji (dropped).
        string[] units = slowChars
            ? ["a", "a", "b", "b", "c", "c", " ", "-", "\u33C4", "\uFB00", "\U0001D41B", "\U0001F600"]
            : ["a", "a", "b", "b", "c", "c", " ", "-"];
        var random = new Random(slowChars ? 8 : 7);
        for (int round = 0; round < 300; round++)
        {
            string mark = RandomString(random, ["a", "b", "c"], random.Next(5, 11));
            var matcher = MarkMatcher.Compile([mark]);
            bool fuzzy = mark.Length >= MarkMatcher.FuzzyMinLetters;
            for (int t = 0; t < 40; t++)
            {
                string text = RandomString(random, units, random.Next(0, 50));
                string normalized = MarkText.Normalize(text);
                int best = BestDistance(mark, normalized);
                int expected = best == 0 || (fuzzy && best == 1) ? best : -1;

                var first = matcher.FirstMatch(null, text, null);
                Assert.True((expected < 0 ? null : (int?)expected) == first?.Distance, $"{mark} in {text}: expected {expected}, got {first}");
                Assert.Equal(expected >= 0, ((AhoCorasickMarkMatcher)matcher).MayMatch(text)); // the filter is exact

                var all = matcher.AllMatches(null, text, null);
                Assert.Equal(expected >= 0, all.Count > 0);
                Assert.Equal(CountOccurrences(normalized, mark), all.Count(m => m.IsExact));
                foreach (var match in all)
                {
                    string spanned = MarkText.Normalize(text.Substring(match.Start, match.Length));
                    if (slowChars)
                    {
                        // A match may start or end inside a char that folds to several ("c" of "㏄").
                        Assert.Contains(match.Normalized, spanned);
                        Assert.True(spanned.Length - match.Normalized.Length <= 2, $"{spanned} for {match.Normalized}");
                    }
                    else
                    {
                        Assert.Equal(match.Normalized, spanned);
                    }

                    Assert.Equal(match.Distance, Osa(mark, match.Normalized));
                    Assert.NotEqual("", MarkText.Normalize(text.Substring(match.Start, char.IsHighSurrogate(text[match.Start]) ? 2 : 1)));
                }
            }
        }
    }

    [Fact]
    public void Bounded_edit_distance_agrees_with_the_full_dynamic_program()
    {
        var random = new Random(11);
        for (int i = 0; i < 20_000; i++)
        {
            string a = RandomString(random, "abc", random.Next(0, 7));
            string b = RandomString(random, "abc", random.Next(0, 7));

            Assert.Equal(Math.Min(2, Osa(a, b)), EditDistance.AtMostOne(a, b));
        }
    }

    private static MarkMatch Match(ListingField field, int start, int length, string normalized, int distance) =>
        new("SQUISHMALLOWS", field, start, length, normalized, distance);

    private static string RandomString(Random random, string alphabet, int length)
    {
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            sb.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return sb.ToString();
    }

    private static string RandomString(Random random, string[] units, int length)
    {
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            sb.Append(units[random.Next(units.Length)]);
        }

        return sb.ToString();
    }

    private static int CountOccurrences(string text, string mark)
    {
        int count = 0;
        for (int at = text.IndexOf(mark, StringComparison.Ordinal); at >= 0; at = text.IndexOf(mark, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>The smallest edit distance between the mark and any substring of the text.</summary>
    private static int BestDistance(string mark, string text)
    {
        int best = int.MaxValue;
        for (int start = 0; start <= text.Length; start++)
        {
            for (int end = start; end <= text.Length && end - start <= mark.Length + 1; end++)
            {
                best = Math.Min(best, Osa(mark, text[start..end]));
            }
        }

        return best;
    }

    /// <summary>Optimal string alignment distance, the full dynamic program.</summary>
    private static int Osa(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
