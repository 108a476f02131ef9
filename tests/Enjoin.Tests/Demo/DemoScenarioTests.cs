using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Enjoin.Demo;

namespace Enjoin.Tests.Demo;

public sealed class DemoScenarioTests
{
    private static readonly Lazy<(IReadOnlyList<DemoStep> Steps, DemoCast Cast)> Scenario = new(() => DemoScenario.BuildWithCast());
    private static IReadOnlyList<DemoStep> Steps => Scenario.Value.Steps;
    private static DemoCast Cast => Scenario.Value.Cast;
    private static readonly Regex IsoUtc = new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", RegexOptions.Compiled);
    private static readonly Regex Pdq = new("^[0-9a-f]{64}$", RegexOptions.Compiled);
    private const string Mark = "squishmallows";

    // ------------------------------------------------------------------ helpers

    private static IEnumerable<(DemoStep Step, JsonElement Record)> Records(DemoStepKind kind) =>
        Steps.Where(s => s.Kind == kind).SelectMany(s => s.Records.Select(r => (s, JsonDocument.Parse(r).RootElement.Clone())));

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    private static DateTimeOffset Time(JsonElement e, string name)
    {
        var text = Str(e, name);
        Assert.Matches(IsoUtc, text);
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    /// <summary>The brief's "first matcher": lowercase, strip diacritics, drop non-letters/digits.</summary>
    private static string Basic(string s)
    {
        const string from = "áàâäãåāíìîïóòôöõúùûüéèêëñç";
        const string to = "aaaaaaaiiiiooooouuuueeeenc";
        var sb = new StringBuilder();
        foreach (var ch in s.ToLowerInvariant())
        {
            var i = from.IndexOf(ch, StringComparison.Ordinal);
            var c = i >= 0 ? to[i] : ch;
            if (char.IsLetterOrDigit(c)) sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Basic plus confusables (Cyrillic/Greek look-alikes) and leetspeak, as DESIGN §4.5.</summary>
    private static string Full(string s)
    {
        const string from = "ѕаеосрхуіοιαεκνρτ0134579@$";
        const string to = "saeocpxyioiaekvptoieastgas";
        var sb = new StringBuilder();
        foreach (var ch in s.ToLowerInvariant())
        {
            var i = from.IndexOf(ch, StringComparison.Ordinal);
            sb.Append(i >= 0 ? to[i] : ch);
        }
        return Basic(sb.ToString());
    }

    /// <summary>Whether some substring of text is within Levenshtein distance 1 of pattern (Sellers).</summary>
    private static bool WithinOneEdit(string text, string pattern)
    {
        var prev = new int[pattern.Length + 1];
        var cur = new int[pattern.Length + 1];
        for (var j = 0; j <= pattern.Length; j++) prev[j] = j;
        if (prev[pattern.Length] <= 1) return true;
        foreach (var c in text)
        {
            cur[0] = 0;
            for (var j = 1; j <= pattern.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (pattern[j - 1] == c ? 0 : 1));
            if (cur[pattern.Length] <= 1) return true;
            (prev, cur) = (cur, prev);
        }
        return false;
    }

    private static bool BasicMatch(JsonElement l) =>
        new[] { "title", "description", "brand" }.Any(f => Basic(Str(l, f)).Contains(Mark, StringComparison.Ordinal));

    private static bool FullMatch(JsonElement l) =>
        new[] { "title", "description", "brand" }.Any(f => WithinOneEdit(Full(Str(l, f)), Mark));

    private static Dictionary<string, JsonElement> Merchants() => Records(DemoStepKind.Merchants).ToDictionary(r => Str(r.Record, "id"), r => r.Record);

    /// <summary>Latest event per listing id.</summary>
    private static Dictionary<string, JsonElement> Listings()
    {
        var d = new Dictionary<string, JsonElement>();
        foreach (var (_, r) in Records(DemoStepKind.Listings)) d[Str(r, "id")] = r;
        return d;
    }

    private static JsonElement Order(string id) =>
        Records(DemoStepKind.Order).Single(r => Str(r.Record, "id") == id).Record;

    // ------------------------------------------------------------------ determinism and shape

    [Fact]
    public void Same_seed_gives_the_same_steps_record_by_record()
    {
        var a = DemoScenario.Build();
        var b = DemoScenario.Build();
        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Kind, b[i].Kind);
            Assert.Equal(a[i].At, b[i].At);
            Assert.Equal(a[i].Description, b[i].Description);
            Assert.Equal(a[i].Records, b[i].Records);
        }
        Assert.Equal(DemoScenario.Cast().Relists, DemoScenario.Cast().Relists);
    }

    [Fact]
    public void Another_seed_gives_another_marketplace()
    {
        var other = DemoScenario.Build(7);
        Assert.NotEqual(Steps[0].Records, other[0].Records);
    }

    [Fact]
    public void Sizes_are_modest()
    {
        Assert.InRange(Records(DemoStepKind.Merchants).Count(), 2500, 3500);
        Assert.InRange(Listings().Count, 30_000, 35_000);
        Assert.InRange(Cast.Defendants.Count, 85, 95);
    }

    [Fact]
    public void Steps_are_in_time_order_and_records_lie_between_steps()
    {
        var previous = DateTimeOffset.MinValue;
        foreach (var step in Steps)
        {
            Assert.True(step.At >= previous, $"{step.Kind} at {step.At} before {previous}");
            Assert.Equal(TimeSpan.Zero, step.At.Offset);
            Assert.False(string.IsNullOrWhiteSpace(step.Description));
            foreach (var text in step.Records)
            {
                var r = JsonDocument.Parse(text).RootElement;
                var at = step.Kind == DemoStepKind.Order ? Time(r, "served") : Time(r, "at");
                Assert.InRange(at, previous, step.At);
            }
            previous = step.At;
        }
        Assert.Contains(Steps, s => s.Kind == DemoStepKind.Advance && s.At > DateTimeOffset.Parse("2022-11-24T15:00:00Z", CultureInfo.InvariantCulture));
        Assert.Equal(DemoStepKind.Advance, Steps[^1].Kind);
        Assert.All(Steps.Where(s => s.Kind == DemoStepKind.Advance), s => Assert.Empty(s.Records));
        Assert.All(Steps.Where(s => s.Kind == DemoStepKind.Order), s => Assert.Single(s.Records));
        Assert.Equal(["kt-tro", "kt-pi", "kt-pi-mod1"], Records(DemoStepKind.Order).Select(r => Str(r.Record, "id")));
    }

    [Fact]
    public void Merchant_records_have_the_design_fields()
    {
        foreach (var (_, m) in Records(DemoStepKind.Merchants))
        {
            Assert.Matches("^M-[0-9]{4}$", Str(m, "id"));
            foreach (var f in new[] { "store_name", "payout_account", "email", "phone", "address" })
                Assert.False(string.IsNullOrEmpty(Str(m, f)), f);
            Assert.StartsWith("https://shop.example/store/", Str(m, "store_url"));
            Assert.True(m.GetProperty("premium").ValueKind is JsonValueKind.True or JsonValueKind.False);
            Time(m, "at");
        }
        Assert.Contains(Records(DemoStepKind.Merchants), r => r.Record.GetProperty("premium").GetBoolean());
    }

    [Fact]
    public void Listing_records_have_the_design_fields()
    {
        var merchants = Merchants();
        foreach (var (_, l) in Records(DemoStepKind.Listings))
        {
            Assert.Matches("^L-[0-9]{6}$", Str(l, "id"));
            Assert.Contains(Str(l, "merchant"), merchants.Keys);
            foreach (var f in new[] { "title", "description", "brand" }) Assert.False(string.IsNullOrEmpty(Str(l, f)), f);
            // A counterfeit (and a relist reusing its photo) names its photo file; every other listing carries PDQ hashes.
            if (l.TryGetProperty("image_files", out var files))
            {
                Assert.False(l.TryGetProperty("images", out _));
                Assert.Equal($"{Str(l, "id")}.png", Assert.Single(files.EnumerateArray()).GetString());
            }
            else
            {
                var images = l.GetProperty("images").EnumerateArray().Select(i => i.GetString()!).ToList();
                Assert.InRange(images.Count, 1, 3);
                Assert.All(images, i => Assert.Matches(Pdq, i));
            }
            Assert.True(l.GetProperty("price").GetDecimal() > 0);
            Assert.Equal("USD", Str(l, "currency"));
            Assert.Equal("active", Str(l, "status"));
            Time(l, "at");
        }
        var tro = Time(Order("kt-tro"), "served");
        Assert.All(Steps.TakeWhile(s => s.Kind != DemoStepKind.Order).Where(s => s.Kind == DemoStepKind.Listings),
            s => Assert.True(s.At < tro));
    }

    [Fact]
    public void Order_records_have_the_design_fields()
    {
        var tro = Order("kt-tro");
        var pi = Order("kt-pi");
        Assert.Equal("temporary_restraining_order", Str(tro, "kind"));
        Assert.Equal("preliminary_injunction", Str(pi, "kind"));
        Assert.Equal("2022-11-10T15:00:00Z", Str(tro, "served"));
        Assert.Equal("2022-11-24T15:00:00Z", Str(tro, "expires"));
        Assert.Equal("2022-11-22T15:00:00Z", Str(pi, "served"));
        Assert.Equal(JsonValueKind.Null, pi.GetProperty("expires").ValueKind);
        Assert.Equal("kt-tro", Str(pi, "supersedes"));
        foreach (var o in new[] { tro, pi })
        {
            Assert.Equal("22-CV-9384 (JMF)", Str(o, "case"));
            Assert.Equal("S.D.N.Y.", Str(o, "court"));
            Assert.Equal("Kelly Toys Holdings, LLC", Str(o, "plaintiff"));
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", Str(o, "issued"));
            Assert.Equal(["SQUISHMALLOWS"], o.GetProperty("marks").EnumerateArray().Select(m => m.GetString()));
            Assert.True(o.GetProperty("covers_aliases").GetBoolean());
            Assert.Equal(
                ["1(a) cease_infringement", "1(b) restrain_assets", "1(b) preserve_records", "1(c) disable_storefront", "1(d) disclose_information"],
                o.GetProperty("clauses").EnumerateArray().Select(c => Str(c, "ref") + " " + Str(c, "kind")));
            var rows = o.GetProperty("defendants").EnumerateArray().ToList();
            Assert.Equal(Cast.Defendants.Count, rows.Count);
            foreach (var row in rows)
            {
                Assert.True(row.GetProperty("no").GetInt32() > 0);
                Assert.False(string.IsNullOrEmpty(Str(row, "name")));
                Assert.True(row.TryGetProperty("seller_id", out _));
                Assert.True(row.TryGetProperty("store_url", out _));
            }
        }
        Assert.Equal(tro.GetProperty("defendants").GetRawText(), pi.GetProperty("defendants").GetRawText());

        var mod = Order("kt-pi-mod1");
        Assert.Equal("modification", Str(mod, "kind"));
        Assert.Equal("kt-pi", Str(mod, "modifies"));
        Assert.Equal("2024-02-09", Str(mod, "issued"));
        Assert.Equal("2024-02-09T15:00:00Z", Str(mod, "served"));
        Assert.Equal(["1(c)"], mod.GetProperty("strike_clauses").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([Cast.DismissedDefendantNo], mod.GetProperty("dismiss_defendants").EnumerateArray().Select(c => c.GetInt32()));
        Assert.Equal(JsonValueKind.Array, mod.GetProperty("add_defendants").ValueKind);
        Assert.True(mod.TryGetProperty("expires", out _));
    }

    [Fact]
    public void Notice_and_counter_notice_records_have_the_design_fields()
    {
        var listings = Listings();
        var notices = Records(DemoStepKind.Notices).Select(r => r.Record).ToList();
        Assert.InRange(notices.Count, 4, 10);
        foreach (var n in notices)
        {
            Assert.Matches("^N-[0-9]{3}$", Str(n, "id"));
            Time(n, "at");
            var notifier = n.GetProperty("notifier");
            Assert.False(string.IsNullOrEmpty(Str(notifier, "name")));
            Assert.Contains('@', Str(notifier, "email"));
            Assert.Contains(Str(notifier, "role"), new[] { "rights_holder", "agent", "trusted_flagger" });
            var right = n.GetProperty("right");
            Assert.Equal("trademark", Str(right, "kind"));
            Assert.Equal("SQUISHMALLOWS", Str(right, "mark"));
            Assert.Equal("US Reg. No. 0000000", Str(right, "registration"));
            Assert.Equal("US", Str(right, "jurisdiction"));
            var named = n.GetProperty("listings").EnumerateArray().Select(l => l.GetString()!).ToList();
            Assert.NotEmpty(named);
            Assert.All(named, l => Assert.Contains(l, listings.Keys));
            Assert.False(string.IsNullOrEmpty(Str(n, "explanation")));
            Assert.True(n.GetProperty("good_faith").GetBoolean());
            Assert.True(n.GetProperty("accurate").GetBoolean());
            Assert.False(string.IsNullOrEmpty(Str(n, "signature")));
        }
        var kelly = notices.Where(n => Str(n.GetProperty("notifier"), "role") == "rights_holder").ToList();
        Assert.All(kelly, n => Assert.Equal("Kelly Toys Holdings, LLC", Str(n.GetProperty("notifier"), "name")));
        Assert.All(kelly, n => Assert.Equal("legal@kellytoys.example", Str(n.GetProperty("notifier"), "email")));
        Assert.Single(notices, n => Str(n.GetProperty("notifier"), "role") == "trusted_flagger");

        var cn = Assert.Single(Records(DemoStepKind.CounterNotices)).Record;
        foreach (var f in new[] { "id", "notice", "listing", "merchant", "statement", "signature" }) Assert.False(string.IsNullOrEmpty(Str(cn, f)), f);
        Time(cn, "at");
        Assert.True(cn.GetProperty("consent_to_jurisdiction").GetBoolean());
        var noticed = notices.Single(n => Str(n, "id") == Str(cn, "notice"));
        Assert.Contains(Str(cn, "listing"), noticed.GetProperty("listings").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(Str(cn, "merchant"), Str(listings[Str(cn, "listing")], "merchant"));
        Assert.True(Time(cn, "at") > Time(noticed, "at"));
        Assert.Equal(Cast.WronglyNoticedListing, Str(cn, "listing"));
        Assert.False(FullMatch(listings[Cast.WronglyNoticedListing]));
    }

    [Fact]
    public void Promotion_records_have_the_design_fields_and_point_at_real_things()
    {
        var merchants = Merchants();
        var listings = Listings();
        var surfaces = new[] { "sponsored_search", "offsite_ad", "promo_email", "recommendation", "premium_status" };
        var promos = Records(DemoStepKind.Promotions).ToList();
        foreach (var (step, p) in promos)
        {
            Assert.Matches("^P-[0-9]{4}$", Str(p, "id"));
            Assert.Contains(Str(p, "surface"), surfaces);
            Assert.Contains(Str(p, "merchant"), merchants.Keys);
            Assert.True(p.TryGetProperty("audience", out _));
            var at = Time(p, "at");
            var listing = p.GetProperty("listing");
            if (listing.ValueKind == JsonValueKind.Null) continue;
            var l = listings[listing.GetString()!];
            Assert.Equal(Str(p, "merchant"), Str(l, "merchant"));
            // The promoted listing exists by then (its first event is not later than the promotion).
            var first = Records(DemoStepKind.Listings).First(r => Str(r.Record, "id") == listing.GetString()).Record;
            Assert.True(Time(first, "at") <= at);
        }
        Assert.All(surfaces, s => Assert.Contains(promos, p => Str(p.Record, "surface") == s));
        var tro = Time(Order("kt-tro"), "served");
        var defendantMerchants = Cast.Defendants.Where(d => d.MerchantId != null).Select(d => d.MerchantId!).ToHashSet();
        Assert.Contains(promos, p => defendantMerchants.Contains(Str(p.Record, "merchant")) && Time(p.Record, "at") < tro);
        Assert.Contains(promos, p => defendantMerchants.Contains(Str(p.Record, "merchant")) && Time(p.Record, "at") > tro);

        var email = promos.Single(p => Str(p.Record, "id") == Cast.PromoEmailToCounsel).Record;
        Assert.Equal("promo_email", Str(email, "surface"));
        Assert.Equal("counsel@kellytoys.example", Str(email, "audience"));
        Assert.Contains(Cast.Relists, r => r.Listing == Str(email, "listing") && r.Merchant == Str(email, "merchant"));
        Assert.True(Time(email, "at") > Time(Order("kt-pi"), "served"));

        var premium = promos.Where(p => Str(p.Record, "surface") == "premium_status" && Time(p.Record, "at") > tro).Select(p => Str(p.Record, "merchant")).ToHashSet();
        Assert.True(Cast.PremiumGrantedTo.Count >= 5);
        Assert.All(Cast.PremiumGrantedTo, m => Assert.Contains(m, premium));
        Assert.All(Cast.PremiumGrantedTo, m => Assert.Contains(m, defendantMerchants));
    }

    [Fact]
    public void Ids_are_unique()
    {
        Assert.Equal(Records(DemoStepKind.Merchants).Count(), Merchants().Count);
        var listingEvents = Records(DemoStepKind.Listings).Select(r => Str(r.Record, "id")).ToList();
        var repeated = listingEvents.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToList();
        // Only the title-changing listing events reuse an id; every other listing event is a new listing.
        Assert.Equal(Cast.Relists.Where(r => r.Technique == "title_change").Select(r => r.Listing).Order(), repeated);
        Assert.All(listingEvents.GroupBy(i => i), g => Assert.InRange(g.Count(), 1, 2));
        foreach (var kind in new[] { DemoStepKind.Notices, DemoStepKind.CounterNotices, DemoStepKind.Promotions, DemoStepKind.Order })
        {
            var ids = Records(kind).Select(r => Str(r.Record, "id")).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
        }
        Assert.Equal(Cast.Defendants.Count, Cast.Defendants.Select(d => d.No).Distinct().Count());
    }

    // ------------------------------------------------------------------ screening content

    [Fact]
    public void Honest_near_misses_never_contain_the_mark()
    {
        var listings = Listings();
        Assert.True(Cast.NearMissListings.Count >= 300);
        var words = new[] { "marshmallow", "squishy", "squish ball", "mallow plush", "squash", "squishies" };
        var texts = Cast.NearMissListings.Select(id => listings[id]).Select(l => (Str(l, "title") + " " + Str(l, "description")).ToLowerInvariant()).ToList();
        Assert.All(words, w => Assert.Contains(texts, t => t.Contains(w, StringComparison.Ordinal)));
        foreach (var id in Cast.NearMissListings)
        {
            var l = listings[id];
            Assert.False(BasicMatch(l), Str(l, "title"));
            Assert.False(FullMatch(l), Str(l, "title"));
        }
    }

    [Fact]
    public void Only_counterfeits_and_relists_mention_the_mark()
    {
        var bad = Cast.Counterfeits.Select(c => c.Listing).Concat(Cast.Relists.Select(r => r.Listing)).ToHashSet();
        var innocent = Listings().Where(kv => !bad.Contains(kv.Key)).ToList();
        Assert.True(innocent.Count > 29_000);
        Assert.All(innocent, kv => Assert.False(FullMatch(kv.Value), Str(kv.Value, "title")));
    }

    [Fact]
    public void Every_counterfeit_listing_contains_the_normalized_mark()
    {
        var listings = Listings();
        var defendantMerchants = Cast.Defendants.Where(d => d.MerchantId != null).Select(d => d.MerchantId!).ToHashSet();
        Assert.All(defendantMerchants, m => Assert.InRange(Cast.Counterfeits.Count(c => c.Merchant == m && c.Seller == "defendant"), 3, 8));
        foreach (var c in Cast.Counterfeits)
            Assert.True(BasicMatch(listings[c.Listing]), Str(listings[c.Listing], "title"));
        Assert.Contains(Cast.Counterfeits, c => c.Seller == "non_defendant");
        Assert.Contains(Cast.Counterfeits, c => c.Seller == "alias");
        // Defendants also sell ordinary goods, which an order must not take down.
        var byMerchant = Records(DemoStepKind.Listings).GroupBy(r => Str(r.Record, "merchant")).ToDictionary(g => g.Key, g => g.Select(r => Str(r.Record, "id")).ToHashSet());
        var bad = Cast.Counterfeits.Select(c => c.Listing).Concat(Cast.Relists.Select(r => r.Listing)).ToHashSet();
        Assert.All(defendantMerchants, m => Assert.True(byMerchant[m].Count(l => !bad.Contains(l)) >= 3));
    }

    [Fact]
    public void Relists_are_obfuscated_and_come_from_twenty_plus_enjoined_defendants()
    {
        var listings = Listings();
        var resolved = Cast.Defendants.Where(d => d.MerchantId != null).ToDictionary(d => d.No);
        var relisters = Cast.RelistingDefendantNos.ToList();
        Assert.True(relisters.Count >= 20, $"{relisters.Count} relisting defendants");
        Assert.DoesNotContain(Cast.DismissedDefendantNo, relisters);
        var preTroIds = Records(DemoStepKind.Listings).Where(r => Time(r.Record, "at") < Time(Order("kt-tro"), "served")).Select(r => Str(r.Record, "id")).ToHashSet();
        var dec1 = DateTimeOffset.Parse("2022-12-01T00:00:00Z", CultureInfo.InvariantCulture);
        var apr1 = DateTimeOffset.Parse("2023-04-01T00:00:00Z", CultureInfo.InvariantCulture);
        foreach (var r in Cast.Relists)
        {
            Assert.Equal(resolved[r.DefendantNo].MerchantId, r.Merchant);
            Assert.InRange(r.At, dec1, apr1);
            var l = listings[r.Listing];
            Assert.Equal(r.Merchant, Str(l, "merchant"));
            Assert.Equal(r.Technique == "title_change", preTroIds.Contains(r.Listing));
            Assert.Equal(r.FirstMatcherCatches, BasicMatch(l));
            if (r.Technique is "image_exact" or "image_near")
            {
                Assert.False(FullMatch(l));
                var source = listings[r.ReusedImageFrom!];
                Assert.Contains(Cast.Counterfeits, c => c.Listing == r.ReusedImageFrom && c.Merchant == r.Merchant);
                // The photo of the original again, saved anew or cropped, resized and brightened (distances: DemoPhotoTests, DemoPhotoIngestTests).
                var photo = Assert.Single(Steps.SelectMany(s => s.Photos), p => p.File == $"{r.Listing}.png").Photo;
                var original = Assert.Single(Steps.SelectMany(s => s.Photos), p => p.File == $"{r.ReusedImageFrom}.png").Photo;
                Assert.Equal((original.Seed, original.Width, original.Height), (photo.Seed, photo.Width, photo.Height));
                Assert.Equal(r.Technique == "image_exact" ? "re_encoded" : "cropped_resized_brightened", r.PhotoEdit);
                Assert.True(source.TryGetProperty("image_files", out _));
            }
            else Assert.True(FullMatch(l), Str(l, "title"));
        }
        var techniques = Cast.Relists.Select(r => r.Technique).ToHashSet();
        Assert.Superset(techniques, new HashSet<string> { "separators", "case", "diacritics", "leetspeak", "cyrillic", "greek", "one_edit", "image_exact", "image_near", "title_change" });
        Assert.Contains(Cast.Relists, r => r.FirstMatcherCatches);
        Assert.Contains(Cast.Relists, r => !r.FirstMatcherCatches && r.Technique is "leetspeak" or "cyrillic" or "one_edit");
        Assert.Equal(2, Cast.Relists.Count(r => r.Technique == "title_change"));
    }

    // ------------------------------------------------------------------ resolution and aliases

    private static string NormalizeUrl(string url)
    {
        var u = url.Trim().ToLowerInvariant();
        var q = u.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0) u = u[..q];
        foreach (var prefix in new[] { "https://", "http://" })
            if (u.StartsWith(prefix, StringComparison.Ordinal)) u = u[prefix.Length..];
        if (u.StartsWith("www.", StringComparison.Ordinal)) u = u[4..];
        return u.TrimEnd('/');
    }

    private static string NormalizeName(string s) => new(s.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    [Fact]
    public void Schedule_A_rows_resolve_as_designed_and_some_do_not_resolve()
    {
        var merchants = Merchants().Values.ToList();
        var rows = Order("kt-tro").GetProperty("defendants").EnumerateArray().ToList();
        var seen = new HashSet<DemoResolution>();
        foreach (var row in rows)
        {
            var no = row.GetProperty("no").GetInt32();
            var expected = Cast.Defendants.Single(d => d.No == no);
            var sellerId = row.GetProperty("seller_id").ValueKind == JsonValueKind.Null ? null : Str(row, "seller_id");
            var url = row.GetProperty("store_url").ValueKind == JsonValueKind.Null ? null : Str(row, "store_url");
            List<JsonElement> candidates = [];
            DemoResolution method = DemoResolution.Unresolvable;
            if (sellerId != null && (candidates = merchants.Where(m => Str(m, "id") == sellerId).ToList()).Count > 0) method = DemoResolution.SellerId;
            else if (url != null && (candidates = merchants.Where(m => NormalizeUrl(Str(m, "store_url")) == NormalizeUrl(url)).ToList()).Count > 0) method = DemoResolution.StoreUrl;
            else if ((candidates = merchants.Where(m => NormalizeName(Str(m, "store_name")) == NormalizeName(Str(row, "name"))).ToList()).Count > 0) method = DemoResolution.StoreName;
            if (candidates.Count != 1) method = DemoResolution.Unresolvable;
            Assert.Equal(expected.Resolution, method);
            seen.Add(method);
            if (method != DemoResolution.Unresolvable) Assert.Equal(expected.MerchantId, Str(candidates[0], "id"));
            if (method == DemoResolution.StoreUrl) Assert.NotEqual(url, Str(candidates[0], "store_url"));
            if (method == DemoResolution.StoreName) Assert.NotEqual(Str(row, "name"), Str(candidates[0], "store_name"));
        }
        Assert.Equal(4, seen.Count);
        Assert.InRange(Cast.UnresolvableNos.Count(), 3, 4);
        Assert.InRange(rows.Count(r => r.GetProperty("seller_id").ValueKind == JsonValueKind.Null && r.GetProperty("store_url").ValueKind != JsonValueKind.Null && Cast.Defendants.Single(d => d.No == r.GetProperty("no").GetInt32()).Resolution == DemoResolution.StoreUrl), 5, 10);
        Assert.Contains(rows, r => Str(r, "name") == "Happy Toy World!");
        Assert.Contains(Cast.Defendants, d => d.No == 1 && d.Name == "19885566 Store" && d.MerchantId == "M-1001");
        Assert.Equal(2, merchants.Count(m => NormalizeName(Str(m, "store_name")) == "sunnyplushshop"));
    }

    [Fact]
    public void Alias_accounts_share_exactly_one_link_with_their_defendant()
    {
        var merchants = Merchants();
        Assert.InRange(Cast.Aliases.Select(a => a.DefendantNo).Distinct().Count(), 4, 5);
        foreach (var a in Cast.Aliases)
        {
            var d = merchants[a.DefendantMerchant];
            var m = merchants[a.AliasMerchant];
            Assert.Equal(Str(d, a.SharedField), Str(m, a.SharedField));
            Assert.Equal(a.DefendantMerchant, Cast.Defendants.Single(x => x.No == a.DefendantNo).MerchantId);
            Assert.DoesNotContain(Cast.Defendants, x => x.MerchantId == a.AliasMerchant);
        }
        // No accidental links: every shared payout account, email or phone is a designed alias link.
        var designed = Cast.Aliases.Select(a => (a.SharedField, string.CompareOrdinal(a.DefendantMerchant, a.AliasMerchant) < 0 ? (a.DefendantMerchant, a.AliasMerchant) : (a.AliasMerchant, a.DefendantMerchant))).ToHashSet();
        foreach (var field in new[] { "payout_account", "email", "phone" })
        {
            foreach (var g in merchants.Values.GroupBy(m => Str(m, field)).Where(g => g.Count() > 1))
            {
                var ids = g.Select(m => Str(m, "id")).Order(StringComparer.Ordinal).ToList();
                Assert.True(ids.Count == 2 && designed.Contains((field, (ids[0], ids[1]))), $"{field} {g.Key} shared by {string.Join(",", ids)}");
            }
        }
    }

    // ------------------------------------------------------------------ notices and strikes

    [Fact]
    public void Some_merchants_are_noticed_three_times_on_different_days()
    {
        var listings = Listings();
        var notices = Records(DemoStepKind.Notices).Select(r => r.Record).ToList();
        var byMerchant = notices
            .SelectMany(n => n.GetProperty("listings").EnumerateArray().Select(l => (Merchant: Str(listings[l.GetString()!], "merchant"), Notice: Str(n, "id"), Day: Time(n, "at").Date)))
            .GroupBy(x => x.Merchant)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Day).Distinct().Count());
        var three = byMerchant.Where(kv => kv.Value >= 3).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Cast.ThreeStrikeMerchants, three);
        Assert.True(three.Count >= 3);
        var defendantMerchants = Cast.Defendants.Where(d => d.MerchantId != null).Select(d => d.MerchantId!).ToHashSet();
        Assert.Contains(Cast.NonDefendantCounterfeiter, three);
        Assert.DoesNotContain(Cast.NonDefendantCounterfeiter, defendantMerchants);
        // Every listing a notice names is a counterfeit or relist, except the one wrongly noticed.
        var bad = Cast.Counterfeits.Select(c => c.Listing).Concat(Cast.Relists.Select(r => r.Listing)).ToHashSet();
        var named = notices.SelectMany(n => n.GetProperty("listings").EnumerateArray().Select(l => l.GetString()!)).ToList();
        Assert.Equal([Cast.WronglyNoticedListing], named.Where(l => !bad.Contains(l)));
        Assert.Equal(named.Count, named.Distinct().Count());
        Assert.Equal("trusted_flagger", Str(notices.Single(n => Str(n, "id") == Cast.TrustedFlaggerNotice).GetProperty("notifier"), "role"));
        // Noticed listings were posted before their notice.
        foreach (var n in notices)
            foreach (var l in n.GetProperty("listings").EnumerateArray())
                Assert.True(Time(listings[l.GetString()!], "at") < Time(n, "at"));
    }

    [Fact]
    public void Schedule_A_csv_matches_the_order_rows()
    {
        var csv = DemoScenario.ScheduleACsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("no,name,seller_id,store_url", csv[0]);
        Assert.Equal(Cast.Defendants.Count + 1, csv.Length);
        Assert.StartsWith("1,19885566 Store,M-1001,https://shop.example/store/19885566-store", csv[1]);
    }
}
