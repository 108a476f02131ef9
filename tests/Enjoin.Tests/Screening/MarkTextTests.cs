using System.Globalization;
using System.Text;
using Enjoin.Screening;

namespace Enjoin.Tests.Screening;

public class MarkTextTests
{
    [Theory]
    [InlineData("ＳＱＵＩＳＨ", "squ1sh")]              // fullwidth
    [InlineData("ﬁ ﬂ ﬀ ﬃ", "f1f1ffff1")]              // ligatures (one char, several normalized chars)
    [InlineData("Toy™ №5 ½", "toytmnos12")]             // compatibility symbols: ™ → TM, № → No, ½ → 1⁄2
    [InlineData("①②", "12")]                           // circled digits
    [InlineData("𝐒𝐐𝐔𝐈𝐒𝐇 𝕊𝕢𝕦𝕚𝕤𝕙", "squ1shsqu1sh")]  // mathematical alphanumerics (surrogate pairs)
    [InlineData("ｶﾀｶﾅ", "カタカナ")]                     // halfwidth katakana
    public void Compatibility_forms_fold_as_nfkc(string text, string expected)
    {
        Assert.Equal(expected, MarkText.Normalize(text));
    }

    [Theory]
    [InlineData("SqUiSh", "squ1sh")]
    [InlineData("ÀÉÎÕÜ", "ae1ou")]
    [InlineData("squi\u0301sh", "squ1sh")] // decomposed: combining acute accent
    public void Case_and_diacritics_fold(string text, string expected)
    {
        Assert.Equal(expected, MarkText.Normalize(text));
    }

    [Theory]
    // Cyrillic small letters that look like Latin ones, and their capitals (reached by case)
    [InlineData("а е о р с у х і ј ѕ ԁ ӏ", "aeopcyx1jsd1")]
    [InlineData("А Е О Р С У Х І Ј Ѕ Ԁ Ӏ", "aeopcyx1jsd1")]
    // Cyrillic capitals whose small forms do not look Latin
    [InlineData("В Н М Т К", "bhmtk")]
    [InlineData("в н м т", "внмт")]
    // Greek capitals, and small letters that look like other Latin letters than their capitals do
    [InlineData("Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ", "abezh1kmnoptyx")]
    [InlineData("ο ν ι α ε κ ρ τ υ χ η ω", "ov1aekptuxnw")]
    public void Look_alikes_fold_to_the_latin_letter(string text, string expected)
    {
        Assert.Equal(expected, MarkText.Normalize(text));
    }

    [Theory]
    [InlineData("i")]
    [InlineData("I")]
    [InlineData("l")]
    [InlineData("L")]
    [InlineData("1")]
    [InlineData("|")]
    [InlineData("ı")]  // dotless i
    [InlineData("і")]  // Cyrillic
    [InlineData("ӏ")]  // Cyrillic palochka
    [InlineData("ι")]  // Greek iota
    [InlineData("Ι")]
    [InlineData("ｌ")] // fullwidth
    [InlineData("ℓ")]  // script small l (compatibility)
    public void Strokes_are_one_symbol(string text)
    {
        Assert.Equal(MarkText.Stroke.ToString(), MarkText.Normalize(text));
    }

    [Fact]
    public void Leetspeak_folds_as_design_lists_it()
    {
        // DESIGN §4.5: 0→o 1→i/l 3→e 4→a 5→s 7→t @→a $→s (1 is the stroke symbol, standing for both i and l).
        Assert.Equal("o1eastas", MarkText.Normalize("0 1 3 4 5 7 @ $"));
        Assert.Equal("squ1sh", MarkText.Normalize("$QU1$H"));
        Assert.Equal("squ1sh", MarkText.Normalize("5QU15H"));
        Assert.Equal("a", MarkText.Normalize("＠")); // fullwidth @, through NFKC
        // Digits DESIGN does not list stay digits.
        Assert.Equal("2689", MarkText.Normalize("2689"));
    }

    [Fact]
    public void Exclamation_mark_is_punctuation()
    {
        // DESIGN lists no "!" → i; folding it would make every "Sale!" end in a letter. A lone "!" in a long mark
        // is one deletion, which one-edit matching catches (MarkMatcherObfuscationTests).
        Assert.Equal("sqush", MarkText.Normalize("$QU!SH"));
    }

    [Theory]
    [InlineData("squish-mallows")]
    [InlineData("s q u i s h m a l l o w s")]
    [InlineData("squish_mallows")]
    [InlineData("squish.mallows!")]
    [InlineData("squ\u200Bish\u200Cmal\u200Dlo\u2060w\uFEFFs")] // zero-width space, non-joiner, joiner, word joiner, BOM
    [InlineData("squish\u00ADmallows")]                            // soft hyphen
    [InlineData("squish😀mallows")]                                 // emoji
    public void Separators_punctuation_and_zero_width_chars_are_dropped(string text)
    {
        Assert.Equal("squ1shma11ows", MarkText.Normalize(text));
    }

    [Fact]
    public void Marks_with_digits_normalize_like_the_text_they_match()
    {
        // The fold is one function for marks and text, so a mark with digits still matches itself.
        Assert.Equal("1ev1sso1", MarkText.Normalize("Levi's 501"));
        var matcher = MarkMatcher.Compile(["501", "Levi's 501", "Area 51", "7-Eleven"]);

        Assert.Equal("501", matcher.FirstMatch("Classic 501 jeans", null, null)?.Mark);
        Assert.Equal(["Levi's 501", "501"], matcher.AllMatches("LEVIS-501", null, null).Select(m => m.Mark));
        Assert.Equal("Area 51", matcher.FirstMatch("AREA 51 tee", null, null)?.Mark);
        Assert.Equal("7-Eleven", matcher.FirstMatch("7eleven", null, null)?.Mark);
        Assert.Equal("7-Eleven", matcher.FirstMatch("Televen", null, null)?.Mark); // 7 → t both ways
        Assert.Null(matcher.FirstMatch("area 52", "Eleven", "502"));
    }

    [Fact]
    public void Normalize_is_idempotent_for_every_bmp_char()
    {
        // The matcher runs its automaton over normalized chars through the same table, so every normalized
        // char must fold to itself.
        for (int c = 0; c <= char.MaxValue; c++)
        {
            if (char.IsSurrogate((char)c))
            {
                continue;
            }

            string once = MarkText.Normalize(((char)c).ToString());
            Assert.True(once == MarkText.Normalize(once), $"U+{c:X4}: {once} → {MarkText.Normalize(once)}");
        }
    }

    [Fact]
    public void Normalize_is_idempotent_for_supplementary_chars_with_a_compatibility_form()
    {
        for (int cp = 0x10000; cp <= 0x10FFFF; cp++)
        {
            if (MarkText.CompatibilityBase(cp) is null)
            {
                continue;
            }

            string once = MarkText.Normalize(char.ConvertFromUtf32(cp));
            Assert.True(once == MarkText.Normalize(once), $"U+{cp:X5}: {once}");
        }
    }

    [SkippableFact]
    public void Compatibility_table_agrees_with_icu()
    {
        // Re-derives the generated table (MarkText.Compatibility.cs) where ICU is present.
        Skip.If(IsInvariantGlobalization(), "no ICU (InvariantGlobalization)");

        int checkedCount = 0;
        for (int cp = 0; cp <= 0x10FFFF; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            string s = char.ConvertFromUtf32(cp);
            string b;
            try
            {
                b = IcuBase(s);
            }
            catch (ArgumentException)
            {
                continue; // noncharacters: ICU refuses them; they are not letters and stay dropped
            }

            string? expected = b == s || (!Kept(new Rune(cp)) && !b.EnumerateRunes().Any(Kept)) ? null
                : string.Concat(b.EnumerateRunes().Where(Kept).Select(r => r.ToString()));
            if (expected == s)
            {
                expected = null;
            }

            Assert.True(expected == MarkText.CompatibilityBase(cp), $"U+{cp:X4}: ICU {expected}, table {MarkText.CompatibilityBase(cp)}");
            checkedCount++;
        }

        Assert.True(checkedCount > 1_000_000);

        static bool Kept(Rune r) => Rune.IsLetterOrDigit(r) || r.Value is '$' or '@' or '|';
    }

    private static bool IsInvariantGlobalization()
    {
        try
        {
            return "\u00E9".Normalize(NormalizationForm.FormD).Length != 2;
        }
        catch (PlatformNotSupportedException)
        {
            return true;
        }
    }

    private static string IcuBase(string s)
    {
        var stripped = new StringBuilder();
        foreach (Rune r in s.Normalize(NormalizationForm.FormKD).EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(r) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark))
            {
                stripped.Append(r.ToString());
            }
        }

        return stripped.ToString().Normalize(NormalizationForm.FormC);
    }

    [Fact]
    public void Store_names_are_simplified_without_look_alike_or_leetspeak_folding()
    {
        Assert.Equal("happytoyworld", MarkText.Simplify("Happy Toy World!"));
        Assert.Equal("abc", MarkText.Simplify("ＡＢＣ"));
        Assert.Equal("cafe", MarkText.Simplify("Café"));
        Assert.NotEqual(MarkText.Simplify("Shop 1"), MarkText.Simplify("Shop I"));
        Assert.NotEqual(MarkText.Simplify("Toys4U"), MarkText.Simplify("ToysAU"));
        Assert.Equal("happytoyworld", Enjoin.Merchants.StoreIdentity.NameKey("HAPPY  TOY WORLD"));
    }

    [Fact]
    public void A_mark_has_a_variant_per_case_spelling_of_letters_whose_capital_looks_different()
    {
        Assert.Equal(["squ1shma11ows"], MarkText.Variants("Squishmallows"));
        // Ν is N and ν is v; Η is H and η is n.
        Assert.Equal(4, MarkText.Variants("ΝΙΚΗ").Count);
        var matcher = MarkMatcher.Compile(["ΝΙΚΗ"]);
        Assert.NotNull(matcher.FirstMatch("νίκη", null, null));
        Assert.NotNull(matcher.FirstMatch("Νίκη", null, null));
        Assert.NotNull(matcher.FirstMatch("NIKH", null, null)); // Latin capitals: the look-alike spelling
        Assert.Null(matcher.FirstMatch("nike", null, null));
    }
}
