using System.Globalization;
using System.Text;

namespace Enjoin.Demo;

/// <summary>Builds the demo scenario. One instance, one run; every random choice comes from one seeded Random.</summary>
internal sealed class DemoGenerator
{
    private const int MerchantCount = 3000;
    private const int DefendantRowCount = 90;
    private const int RelistingDefendantCount = 24;
    private const string Case = "22-CV-9384 (JMF)";
    private const string Court = "S.D.N.Y.";
    private const string Plaintiff = "Kelly Toys Holdings, LLC";
    private const string CounselEmail = "counsel@kellytoys.example";

    private static readonly DateTimeOffset TroServed = At("2022-11-10T15:00:00Z");
    private static readonly DateTimeOffset TroExpires = At("2022-11-24T15:00:00Z");
    private static readonly DateTimeOffset PiServed = At("2022-11-22T15:00:00Z");
    private static readonly DateTimeOffset ModServed = At("2024-02-09T15:00:00Z");

    private static readonly string[] Sizes = ["8in", "12in", "16in", "20in"];
    private static readonly string[] Animals = ["Cat", "Frog", "Cow", "Fox", "Axolotl", "Hedgehog", "Dragon", "Unicorn", "Panda", "Bee", "Octopus", "Penguin"];
    private static readonly string[] Colors = ["Red", "Blue", "Pink", "Green", "Grey", "Yellow", "Purple", "Teal", "Beige", "Black"];
    private static readonly string[] Adjectives = ["Soft", "Cozy", "Classic", "Deluxe", "Mini", "Giant", "Colorful", "Vintage", "Modern", "Handmade", "Organic", "Premium", "Eco-Friendly", "Travel", "Kids'"];
    private static readonly string[] Products =
    [
        "Teddy Bear", "Bunny Plush", "Dinosaur Plush", "Unicorn Plush", "Sloth Plush", "Penguin Plush", "Shark Plush", "Elephant Plush",
        "Building Blocks Set", "Wooden Puzzle", "Toy Car Set", "Kite", "Jump Rope", "Yo-Yo", "Bubble Machine", "Dollhouse Furniture",
        "Play Dough Kit", "Marble Run", "Throw Pillow", "Fleece Blanket", "Ceramic Mug", "Scented Candle", "Bath Towel Set",
        "Picture Frame", "Table Lamp", "Storage Basket", "Wall Clock", "Cutting Board", "Shower Curtain", "Doormat",
        "Phone Case", "Backpack", "Water Bottle", "Notebook", "Sticker Pack", "Keychain", "Socks 3-Pack", "Sunglasses",
    ];
    private static readonly string[] Materials = ["cotton", "polyester", "wood", "ceramic", "silicone", "bamboo", "fleece", "stainless steel", "recycled plastic"];
    private static readonly string[] Features = ["Machine washable.", "Gift ready.", "Ships in 2 days.", "BPA free.", "Suitable for ages 3+.", "Hand wash only.", "Batteries not included."];
    private static readonly string[] Brands = ["Brightly", "HomeNest", "PlayFun", "CozyCo", "TinyTots", "Maple & Co", "Urbanline", "Kidora", "Softlane", "Nordhaus", "Generic"];

    /// <summary>Forms of the mark a first matcher (case folding, diacritics, separators) catches; all keep the plural.</summary>
    private static readonly string[] FirstMatcherForms = ["Squishmallows", "SQUISH-MALLOWS", "Squish Mallows", "squíshmallows", "SquishMallows", "Squish.Mallows", "SQUISHMALLOWS"];

    private readonly Random _rng;
    // Photos draw from their own stream, so that giving listings photos left every other choice of the scenario as it was.
    private readonly Random _photoRng;
    private readonly List<DemoStep> _steps = [];
    private readonly List<DemoMerchant> _merchants = [];
    private readonly HashSet<string> _usedNames = [];
    private readonly HashSet<string> _usedPayouts = [];
    private readonly HashSet<string> _usedPhones = [];
    private readonly Dictionary<string, List<DemoListing>> _ordinaryByMerchant = [];
    private readonly List<DemoListing> _ordinaryOfOrdinaryMerchants = [];
    private int _listingSeq;
    private int _promotionSeq;
    private int _relistTechnique;

    public DemoGenerator(int seed)
    {
        _rng = new Random(seed);
        _photoRng = new Random(unchecked(seed * 7919 + 104729));
    }

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static string NormalizeName(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s.ToLowerInvariant())
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
        return sb.ToString();
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private DateTimeOffset Between(DateTimeOffset from, DateTimeOffset to) =>
        from.AddSeconds(_rng.NextInt64(0, (long)(to - from).TotalSeconds + 1));

    private string Hash()
    {
        Span<byte> bytes = stackalloc byte[32];
        _rng.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private string FlipBits(string hash, int count)
    {
        var bytes = Convert.FromHexString(hash);
        var flipped = new HashSet<int>();
        while (flipped.Count < count) flipped.Add(_rng.Next(256));
        foreach (var bit in flipped.Order()) bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        return Convert.ToHexStringLower(bytes);
    }

    private string[] Images() => Enumerable.Range(0, 1 + _rng.Next(3)).Select(_ => Hash()).ToArray();

    /// <summary>A counterfeit's product photo, 160–224 px a side (DESIGN §5.7: relists reuse it).</summary>
    private DemoPhoto NewPhoto() => new(_photoRng.Next(), 160 + _photoRng.Next(65), 160 + _photoRng.Next(65));

    /// <summary>The photo files a listings step's records name.</summary>
    private static IReadOnlyList<DemoPhotoFile> PhotosOf(IEnumerable<DemoListing> listings) =>
        [.. listings.Where(l => l.Photo is not null).Select(l => new DemoPhotoFile(DemoJson.PhotoFile(l), l.Photo!))];

    private decimal Price() => Math.Round(3.99m + _rng.Next(0, 8600) / 100m, 2);

    private string NextListingId() => "L-" + (++_listingSeq).ToString("D6", CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- names and merchants

    private bool Claim(string name) => _usedNames.Add(NormalizeName(name));

    private string OrdinaryStoreName()
    {
        string[] adj = ["Maple", "Sunny", "Bright", "Cozy", "Happy", "Little", "Golden", "Blue", "Green", "Silver", "Urban", "Rustic", "Lucky", "Modern", "Tiny", "Clever", "Gentle", "Bold", "Quiet", "Wild", "Northern", "Coastal", "Velvet", "Cedar", "Harbor", "Prairie", "Summit", "Willow", "Amber", "Coral"];
        string[] noun = ["Lane", "Nest", "Corner", "Attic", "Barn", "Garden", "Market", "Den", "Studio", "Works", "Emporium", "Bazaar", "House", "Depot", "Closet", "Basket", "Shelf", "Crate", "Loft", "Yard"];
        string[] cat = ["Toys", "Home Goods", "Kids", "Crafts", "Plush", "Gifts", "Kitchen", "Decor", "Games", "Party Supplies", "Pets", "Outdoor", "Books", "Stationery", "Baby"];
        while (true)
        {
            var name = $"{Pick(adj)} {Pick(noun)} {Pick(cat)}";
            if (Claim(name)) return name;
        }
    }

    private string DefendantStoreName(int style)
    {
        string[] cities = ["Fuzhou", "Yiwu", "Shenzhen", "Guangzhou", "Dongguan", "Ningbo", "Shantou", "Hangzhou", "Xiamen", "Quanzhou", "Jinhua", "Wenzhou"];
        string[] things = ["Plush", "Toy", "Doll", "Gift", "Craft", "Home"];
        string[] suffixes = ["Trading", "Trading Co., Ltd.", "E-Commerce Co.", "Toys Factory", "Import & Export Co."];
        string[] a = ["Happy", "Joy", "Fun", "Cute", "Lovely", "Sweet", "Magic", "Dream", "Kawaii", "Star"];
        string[] b = ["Toy", "Plush", "Kids", "Baby", "Gift"];
        string[] c = ["World", "Land", "Zone", "Shop", "House", "Mall", "Hub"];
        while (true)
        {
            var name = style switch
            {
                0 => $"{_rng.Next(10_000_000, 99_999_999)} Store",
                1 => $"{Pick(cities)} {Pick(things)} {Pick(suffixes)}",
                _ => $"{Pick(a)}{Pick(b)}{Pick(c)}",
            };
            if (Claim(name)) return name;
        }
    }

    private static string Slug(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        return sb.ToString().TrimEnd('-');
    }

    private string Payout()
    {
        while (true)
        {
            var p = "PA-" + _rng.NextInt64(1_000_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture);
            if (_usedPayouts.Add(p)) return p;
        }
    }

    private string Phone(bool china)
    {
        while (true)
        {
            var p = china
                ? $"+86-{_rng.Next(130, 190)}-{_rng.Next(10_000):D4}-{_rng.Next(10_000):D4}"
                : $"+1-{_rng.Next(201, 990)}-555-{_rng.Next(10_000):D4}";
            if (_usedPhones.Add(p)) return p;
        }
    }

    private string Address(bool china)
    {
        if (china)
        {
            string[] cities = ["Fuzhou, Fujian", "Yiwu, Zhejiang", "Shenzhen, Guangdong", "Guangzhou, Guangdong", "Shantou, Guangdong", "Ningbo, Zhejiang"];
            string[] roads = ["Jiangbin", "Renmin", "Zhongshan", "Jiefang", "Huangpu", "Binhai"];
            return $"No. {_rng.Next(1, 900)} {Pick(roads)} Road, {Pick(cities)}, CN";
        }
        string[] streets = ["Oak", "Maple", "Pine", "Cedar", "Elm", "Main", "Lake", "Hill", "Park", "River"];
        string[] places = ["Springfield, IL 62701", "Portland, OR 97201", "Austin, TX 73301", "Columbus, OH 43004", "Denver, CO 80202", "Raleigh, NC 27601", "Madison, WI 53703"];
        return $"{_rng.Next(1, 9999)} {Pick(streets)} {Pick(["St", "Ave", "Rd"])}, {Pick(places)}, US";
    }

    private DemoMerchant NewMerchant(int index, string name, bool china, bool premium) => new()
    {
        Id = "M-" + (index + 1).ToString("D4", CultureInfo.InvariantCulture),
        StoreName = name,
        Slug = Slug(name),
        Payout = Payout(),
        Email = Slug(name) + "@mail.example",
        Phone = Phone(china),
        Address = Address(china),
        Premium = premium,
    };

    // ---------------------------------------------------------------- listings

    private DemoListing OrdinaryListing(string merchant)
    {
        var adj = Pick(Adjectives);
        var color = Pick(Colors);
        var product = Pick(Products);
        return new DemoListing
        {
            Merchant = merchant,
            Title = $"{adj} {color} {product}",
            Description = $"{adj} {product.ToLowerInvariant()} in {color.ToLowerInvariant()}, made of {Pick(Materials)}. {Pick(Features)}",
            Brand = Pick(Brands),
            Images = Images(),
            Price = Price(),
        };
    }

    /// <summary>Honest listings that mention words near the mark but never the mark (not even within one edit).</summary>
    private DemoListing NearMissListing(string merchant, int template)
    {
        var size = Pick(Sizes);
        var color = Pick(Colors);
        var n = Pick(new[] { 6, 12, 24 });
        (string title, string description, string brand) = (template % 11) switch
        {
            0 => ($"Marshmallow Plush Pillow {size}", $"Fluffy marshmallow-shaped pillow in {color.ToLowerInvariant()}. Machine washable.", "CloudNine"),
            1 => ($"Squishy Toy Set of {n}", "Slow-rising squishy toys for stress relief. Scented.", "Softlane"),
            2 => ($"Squish Ball Stress Reliever {color}", "Squish ball with gel filling, fits in your palm.", "Brightly"),
            3 => ($"Mallow Plush Bunny {size}", "A pastel mallow-pink bunny plush, super soft.", "Kidora"),
            4 => ("Butternut Squash Plush", "Vegetable plush toy: a smiling squash with a leafy top.", "VeggieFriends"),
            5 => ($"Squishies Mystery Pack ({n} pcs)", "Assorted Squishies, random shapes and colors.", "PlayFun"),
            6 => ("Marshmallow Roasting Sticks (8 pcs)", "Telescoping stainless steel sticks for campfire marshmallows.", "CampRight"),
            7 => ($"Squash Racket {color}", "Lightweight graphite squash racket with cover.", "CourtPro"),
            8 => ("Hot Cocoa Mug with Marshmallows Print", "Ceramic mug printed with tiny marshmallows. 12 oz.", "HomeNest"),
            9 => ($"Squishy Marshmallow Cat Plush {size}", "A squishy cat plush shaped like a toasted marshmallow.", "TinyTots"),
            _ => ("Mallows & Friends Storybook", "Picture book about a marshmallow named Mallows and a squash named Sid.", "Nordhaus"),
        };
        return new DemoListing { Merchant = merchant, Title = title, Description = description, Brand = brand, Images = Images(), Price = Price() };
    }

    private DemoListing CounterfeitListing(string merchant)
    {
        var form = Pick(FirstMatcherForms);
        var animal = Pick(Animals);
        var size = Pick(Sizes);
        var title = _rng.Next(4) switch
        {
            0 => $"{form} {size} Plush {animal}",
            1 => $"{form} {animal} Stuffed Toy {size}",
            2 => $"Official {form} {animal} Pillow Plush",
            _ => $"{form} Squad {animal} Clip-On {size}",
        };
        var description = _rng.Next(2) == 0
            ? $"Super soft {animal.ToLowerInvariant()} plush, {size}. Great gift for kids."
            : $"Genuine {Pick(FirstMatcherForms)} {animal.ToLowerInvariant()} - soft and squishy, {size}.";
        return new DemoListing
        {
            Merchant = merchant, Title = title, Description = description,
            Brand = Pick(new[] { "Squishmallows", "Kellytoy", "Generic", "SQUISHMALLOWS" }),
            // The hashes are still drawn (the scenario's other choices stay as they were) but the photo stands in for them.
            Images = Images(), Price = Math.Round(4.99m + _rng.Next(0, 1500) / 100m, 2), Photo = NewPhoto(),
        };
    }

    private static readonly string[] RelistTechniques =
        ["separators", "leetspeak", "image_exact", "case", "cyrillic", "one_edit", "diacritics", "image_near", "greek"];

    private (DemoListing Listing, DemoRelist Relist) Relist(DemoMerchant m, int defendantNo, string technique,
        IReadOnlyList<DemoListing> takenDown, DateTimeOffset at)
    {
        var animal = Pick(Animals);
        var size = Pick(Sizes);
        string title, description = $"Super soft, fast shipping. {size}.", brand = "Generic";
        string? reusedFrom = null;
        DemoPhoto? photo = null;
        var images = Images();
        var first = false;
        switch (technique)
        {
            case "separators":
                title = Pick(new[] { $"S-Q-U-I-S-H-M-A-L-L-O-W-S {animal} Plush {size}", $"Squish_Mallows {animal} Plush {size}", $"S.Q.U.I.S.H.M.A.L.L.O.W.S {animal} {size}" });
                first = true;
                break;
            case "case":
                title = $"sQuIsHmAlLoWs {animal} plush {size}";
                first = true;
                break;
            case "diacritics":
                title = Pick(new[] { $"Squíshmallóws {animal} Pillow {size}", $"Squishmällows {animal} Plush {size}", $"SQUÍSHMÀLLOWS {animal} {size}" });
                first = true;
                break;
            case "leetspeak":
                title = Pick(new[] { $"5QU15HM4LL0W5 {animal} Plush {size}", $"Squ1shm4llows {animal} {size}", $"$quishmallow$ {animal} Pillow {size}" });
                brand = "5QU15H";
                break;
            case "cyrillic":
                // U+0405 CYRILLIC CAPITAL LETTER DZE and U+043E CYRILLIC SMALL LETTER O stand in for S and o.
                title = $"\u0405quishmall\u043Ews {animal} Plush {size}";
                break;
            case "greek":
                // U+03BF GREEK SMALL LETTER OMICRON and U+03B9 GREEK SMALL LETTER IOTA.
                title = Pick(new[] { $"Squishmall\u03BFws {animal} Plush {size}", $"Squ\u03B9shmallows {animal} {size}" });
                break;
            case "one_edit":
                title = Pick(new[] { $"Squishmalows {animal} Stuffed Toy {size}", $"Squishmellows {animal} Plush {size}", $"Squishmallowz {animal} {size}" });
                break;
            case "image_exact":
            case "image_near":
                var source = Pick(takenDown);
                reusedFrom = source.Id;
                title = $"Cute {animal} Plush Pillow {size}, super soft";
                // The original's photo again: saved anew (image_exact), or cropped, downscaled and brightened (image_near).
                if (technique == "image_exact")
                {
                    images = [source.Images[0]];
                    photo = source.Photo! with { Edit = DemoPhotoEdit.ReEncoded };
                }
                else
                {
                    // Drawn as before the photos, so that the rest of the scenario stays the one it was.
                    images = [FlipBits(source.Images[0], _rng.Next(3, 17))];
                    photo = source.Photo! with { Edit = DemoPhotoEdit.Altered, Crop = 1, Scale = 92 + _photoRng.Next(6), Brighten = 4 + _photoRng.Next(9) };
                }
                break;
            default:
                throw new InvalidOperationException(technique);
        }
        var listing = new DemoListing
        {
            Id = NextListingId(), Merchant = m.Id, Title = title, Description = description, Brand = brand,
            Images = images, Price = Math.Round(4.99m + _rng.Next(0, 1500) / 100m, 2), At = at, Photo = photo,
        };
        return (listing, new DemoRelist(listing.Id, m.Id, defendantNo, technique, first, reusedFrom, photo?.EditName, at));
    }

    // ---------------------------------------------------------------- steps

    private void AddStep(DemoStepKind kind, DateTimeOffset at, string description, IReadOnlyList<string> records,
        IReadOnlyList<DemoPhotoFile>? photos = null) =>
        _steps.Add(new DemoStep(kind, at, description, records) { Photos = photos ?? [] });

    private sealed record Promo(DateTimeOffset At, string Surface, string Merchant, string? Listing, string? Audience, string Tag);

    private List<string> PromotionRecords(List<Promo> promos, List<(string Tag, string Id)>? tagged = null)
    {
        var records = new List<string>();
        foreach (var p in promos.OrderBy(p => p.At))
        {
            var id = "P-" + (++_promotionSeq).ToString("D4", CultureInfo.InvariantCulture);
            tagged?.Add((p.Tag, id));
            records.Add(DemoJson.Promotion(id, p.Surface, p.Merchant, p.Listing, p.At, p.Audience));
        }
        return records;
    }

    private void OrdinaryPromos(List<Promo> promos, int count, DateTimeOffset from, DateTimeOffset to)
    {
        string[] surfaces = ["sponsored_search", "offsite_ad", "recommendation", "promo_email", "sponsored_search"];
        for (var i = 0; i < count; i++)
        {
            var l = Pick(_ordinaryOfOrdinaryMerchants);
            var surface = Pick(surfaces);
            promos.Add(new Promo(Between(from, to), surface, l.Merchant, l.Id, Audience(surface, l.Title), "ordinary"));
        }
    }

    private string Audience(string surface, string title) => surface switch
    {
        "sponsored_search" => "search:" + title.Split(' ')[^1].ToLowerInvariant(),
        "offsite_ad" => Pick(new[] { "network:display", "network:social", "network:video" }),
        "recommendation" => Pick(new[] { "home_feed", "similar_items", "cart" }),
        "promo_email" => "shopper" + _rng.Next(1000, 99999).ToString(CultureInfo.InvariantCulture) + "@mail.example",
        _ => "members",
    };

    private static string Notice(string id, DateTimeOffset at, (string Name, string Email, string Role) notifier,
        IEnumerable<string> listings, string explanation, string signature) => DemoJson.Object(w =>
    {
        w.WriteString("id", id);
        w.WriteString("at", DemoJson.Time(at));
        w.WriteStartObject("notifier");
        w.WriteString("name", notifier.Name);
        w.WriteString("email", notifier.Email);
        w.WriteString("role", notifier.Role);
        w.WriteEndObject();
        w.WriteStartObject("right");
        w.WriteString("kind", "trademark");
        w.WriteString("mark", DemoScenario.PlaintiffMark);
        w.WriteString("registration", "US Reg. No. 0000000");
        w.WriteString("jurisdiction", "US");
        w.WriteEndObject();
        w.WriteStartArray("listings");
        foreach (var l in listings) w.WriteStringValue(l);
        w.WriteEndArray();
        w.WriteString("explanation", explanation);
        w.WriteBoolean("good_faith", true);
        w.WriteBoolean("accurate", true);
        w.WriteString("signature", signature);
    });

    private static string OrderRecord(string id, string kind, string issued, DateTimeOffset served, DateTimeOffset? expires,
        string? supersedes, IReadOnlyList<DemoDefendant> defendants) => DemoJson.Object(w =>
    {
        w.WriteString("id", id);
        w.WriteString("case", Case);
        w.WriteString("court", Court);
        w.WriteString("plaintiff", Plaintiff);
        w.WriteString("kind", kind);
        w.WriteString("issued", issued);
        w.WriteString("served", DemoJson.Time(served));
        DemoJson.WriteNullable(w, "expires", expires is { } e ? DemoJson.Time(e) : null);
        DemoJson.WriteNullable(w, "supersedes", supersedes);
        w.WriteStartArray("marks");
        w.WriteStringValue(DemoScenario.PlaintiffMark);
        w.WriteEndArray();
        w.WriteBoolean("covers_aliases", true);
        w.WriteStartArray("clauses");
        foreach (var (reference, clause) in new[] { ("1(a)", "cease_infringement"), ("1(b)", "restrain_assets"), ("1(b)", "preserve_records"), ("1(c)", "disable_storefront"), ("1(d)", "disclose_information") })
        {
            w.WriteStartObject();
            w.WriteString("ref", reference);
            w.WriteString("kind", clause);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("defendants");
        foreach (var d in defendants)
        {
            w.WriteStartObject();
            w.WriteNumber("no", d.No);
            w.WriteString("name", d.Name);
            DemoJson.WriteNullable(w, "seller_id", d.SellerId);
            DemoJson.WriteNullable(w, "store_url", d.StoreUrl);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    // ---------------------------------------------------------------- the scenario

    public (IReadOnlyList<DemoStep> Steps, DemoCast Cast) Generate()
    {
        // ---- roles of merchant slots. M-1001 is defendant no. 1, "19885566 Store", as in DESIGN §5.2.
        var pool = Enumerable.Range(0, MerchantCount).Where(i => i != 1000).ToArray();
        _rng.Shuffle(pool);
        var next = 0;
        int Take() => pool[next++];

        // Row kinds: 72 by seller_id, 8 by store_url, 6 by store name, 4 unresolvable. Row 1 is by seller_id.
        var kinds = new List<DemoResolution>();
        kinds.AddRange(Enumerable.Repeat(DemoResolution.SellerId, 71));
        kinds.AddRange(Enumerable.Repeat(DemoResolution.StoreUrl, 8));
        kinds.AddRange(Enumerable.Repeat(DemoResolution.StoreName, 6));
        kinds.AddRange(Enumerable.Repeat(DemoResolution.Unresolvable, 4));
        var kindArray = kinds.ToArray();
        _rng.Shuffle(kindArray);
        kindArray = [DemoResolution.SellerId, .. kindArray];

        // Fixed names first, so generated names never collide with them.
        const string AmbiguousA = "Sunny Plush Shop", AmbiguousB = "SunnyPlush Shop";
        string[] unresolvableNames = ["Best Plush Mall", "Wonder Toys Outlet", "SUNNY PLUSH SHOP", "Toy Kingdom 9417"];
        foreach (var n in new[] { "19885566 Store", "HappyToyWorld", AmbiguousA, "Best Plush Mall", "Wonder Toys Outlet", "Toy Kingdom 9417" }) Claim(n);

        var slots = new DemoMerchant?[MerchantCount];
        var defendants = new List<DemoDefendant>();
        var defendantMerchant = new Dictionary<int, DemoMerchant>();
        var nameRowCount = 0;
        var urlRowCount = 0;
        var unresolvedCount = 0;
        string[] urlNotes = ["trailing slash", "http instead of https", "www. host", "upper-case host", "?ref= query", "http + www + trailing slash", "mixed-case host + ?ref=", "trailing slash + ?ref="];
        for (var no = 1; no <= DefendantRowCount; no++)
        {
            var kind = kindArray[no - 1];
            if (kind == DemoResolution.Unresolvable)
            {
                var u = unresolvedCount++;
                defendants.Add(u switch
                {
                    0 => new DemoDefendant(no, unresolvableNames[0], null, "https://shop.example/store/best-plush-mall", null, kind, "store_url of a store that does not exist"),
                    1 => new DemoDefendant(no, unresolvableNames[1], null, null, null, kind, "name only; no merchant has this name"),
                    2 => new DemoDefendant(no, unresolvableNames[2], null, null, null, kind, "name only; matches two merchants (\"Sunny Plush Shop\", \"SunnyPlush Shop\")"),
                    _ => new DemoDefendant(no, unresolvableNames[3], "M-9417", "https://shop.example/store/toy-kingdom-9417", null, kind, "seller_id, url and name all unknown"),
                });
                continue;
            }
            string name;
            if (no == 1) name = "19885566 Store";
            else if (kind == DemoResolution.StoreName && nameRowCount == 0) name = "HappyToyWorld";
            else name = DefendantStoreName(kind == DemoResolution.StoreName ? nameRowCount % 3 == 1 ? 1 : nameRowCount % 3 == 2 ? 0 : 2 : _rng.Next(3));
            var index = no == 1 ? 1000 : Take();
            var m = NewMerchant(index, name, china: true, premium: false);
            slots[index] = m;
            defendantMerchant[no] = m;
            switch (kind)
            {
                case DemoResolution.SellerId:
                    defendants.Add(new DemoDefendant(no, name, m.Id, m.Url, m.Id, kind, "exact seller_id"));
                    break;
                case DemoResolution.StoreUrl:
                {
                    var u = urlRowCount++;
                    var url = u switch
                    {
                        0 => m.Url + "/",
                        1 => "http://shop.example/store/" + m.Slug,
                        2 => "https://www.shop.example/store/" + m.Slug,
                        3 => "https://SHOP.EXAMPLE/store/" + m.Slug,
                        4 => m.Url + "?ref=schedule_a",
                        5 => "http://www.shop.example/store/" + m.Slug + "/",
                        6 => "https://Shop.Example/store/" + m.Slug + "?ref=tro",
                        _ => m.Url + "/?ref=plaintiff",
                    };
                    defendants.Add(new DemoDefendant(no, name, null, url, m.Id, kind, "store_url differs by " + urlNotes[u]));
                    break;
                }
                default:
                {
                    nameRowCount++;
                    var variant = NameVariant(name);
                    defendants.Add(new DemoDefendant(no, variant, null, null, m.Id, kind, $"store name \"{name}\" written \"{variant}\""));
                    break;
                }
            }
        }

        // Alias accounts: 5 defendants, 6 aliases (one defendant has two). Resolved by seller_id, not no. 1.
        var sellerIdNos = defendants.Where(d => d.Resolution == DemoResolution.SellerId && d.No != 1).Select(d => d.No).ToArray();
        _rng.Shuffle(sellerIdNos);
        var aliasDefendantNos = sellerIdNos[..5];
        var dismissedNo = sellerIdNos[5];
        var relistPoolNos = sellerIdNos[6..];
        var aliasSpecs = new (int DefNo, string Shared)[]
        {
            (aliasDefendantNos[0], "payout_account"), (aliasDefendantNos[1], "email"), (aliasDefendantNos[2], "phone"),
            (aliasDefendantNos[3], "payout_account"), (aliasDefendantNos[3], "phone"), (aliasDefendantNos[4], "email"),
        };
        var aliases = new List<DemoAlias>();
        var aliasMerchants = new List<DemoMerchant>();
        foreach (var (defNo, shared) in aliasSpecs)
        {
            var index = Take();
            var m = NewMerchant(index, DefendantStoreName(_rng.Next(3)), china: true, premium: false);
            var d = defendantMerchant[defNo];
            switch (shared)
            {
                case "payout_account": m.Payout = d.Payout; break;
                case "email": m.Email = d.Email; break;
                default: m.Phone = d.Phone; break;
            }
            slots[index] = m;
            aliasMerchants.Add(m);
            aliases.Add(new DemoAlias(defNo, d.Id, m.Id, shared));
        }

        var ambA = NewMerchant(Take(), AmbiguousA, china: false, premium: false);
        var ambB = NewMerchant(Take(), AmbiguousB, china: false, premium: false);
        var counterfeiterA = NewMerchant(Take(), OrdinaryStoreName(), china: false, premium: true);
        var counterfeiterE = NewMerchant(Take(), OrdinaryStoreName(), china: false, premium: false);
        var counterfeiterF = NewMerchant(Take(), OrdinaryStoreName(), china: false, premium: false);
        var honestH = NewMerchant(Take(), OrdinaryStoreName(), china: false, premium: false);
        foreach (var m in new[] { ambA, ambB, counterfeiterA, counterfeiterE, counterfeiterF, honestH })
            slots[int.Parse(m.Id[2..], CultureInfo.InvariantCulture) - 1] = m;
        for (var i = 0; i < MerchantCount; i++)
            slots[i] ??= NewMerchant(i, OrdinaryStoreName(), china: false, premium: _rng.NextDouble() < 0.08);
        _merchants.AddRange(slots.Select(s => s!));

        // Registration times: ids in registration order, 2019-01-01 .. 2022-08-31.
        var regStart = At("2019-01-01T00:00:00Z");
        var regSpan = (At("2022-08-31T23:00:00Z") - regStart).TotalSeconds / MerchantCount;
        for (var i = 0; i < MerchantCount; i++)
            _merchants[i].At = regStart.AddSeconds(Math.Floor(i * regSpan + _rng.NextDouble() * (regSpan - 1)));
        var merchantsAt = At("2022-09-01T00:00:00Z");
        AddStep(DemoStepKind.Merchants, merchantsAt,
            $"{MerchantCount} merchants register (M-0001..M-{MerchantCount:D4}): {defendantMerchant.Count} resolvable Schedule A defendants, {aliasMerchants.Count} alias accounts sharing a payout account, email or phone with 5 defendants, and ordinary sellers.",
            _merchants.Select(DemoJson.Merchant).ToList());

        // ---- the catalogue before the TRO
        var defendantMerchantIds = defendantMerchant.Values.Select(m => m.Id).ToHashSet();
        var catalogue = new List<DemoListing>();
        var nearMisses = new List<DemoListing>();
        var counterfeitsBySeller = new List<(DemoListing Listing, string Seller)>();
        var counterfeitsByMerchant = new Dictionary<string, List<DemoListing>>();
        var nearMissTemplate = 0;
        DemoListing? wrongly = null;
        foreach (var m in _merchants)
        {
            var isDefendant = defendantMerchantIds.Contains(m.Id);
            var count = isDefendant ? 4 + _rng.Next(7) : 1 + _rng.Next(19);
            var own = new List<DemoListing>();
            for (var i = 0; i < count; i++)
            {
                DemoListing l;
                if (_rng.NextDouble() < (isDefendant ? 0.15 : 0.03))
                {
                    l = NearMissListing(m.Id, nearMissTemplate++);
                    nearMisses.Add(l);
                }
                else l = OrdinaryListing(m.Id);
                own.Add(l);
            }
            if (m == honestH)
            {
                wrongly = NearMissListing(m.Id, 0);
                nearMisses.Add(wrongly);
                own.Add(wrongly);
            }
            catalogue.AddRange(own);
            _ordinaryByMerchant[m.Id] = own;
            if (!isDefendant && !aliasMerchants.Contains(m) && m != ambB && m != honestH && m != counterfeiterA && m != counterfeiterE && m != counterfeiterF)
                _ordinaryOfOrdinaryMerchants.AddRange(own);

            var fakes = isDefendant ? 3 + _rng.Next(6)
                : m == counterfeiterA ? 5 : m == ambB ? 4 : m == counterfeiterE ? 3 : m == counterfeiterF ? 2 : 0;
            var seller = isDefendant ? "defendant" : m == ambB ? "ambiguous_unresolved" : "non_defendant";
            var fakeList = new List<DemoListing>();
            for (var i = 0; i < fakes; i++)
            {
                var l = CounterfeitListing(m.Id);
                fakeList.Add(l);
                counterfeitsBySeller.Add((l, seller));
            }
            counterfeitsByMerchant[m.Id] = fakeList;
            catalogue.AddRange(fakeList);
        }
        var wronglyNoticed = wrongly ?? throw new InvalidOperationException("no honest listing to notice wrongly");
        var catStart = At("2022-09-01T00:00:00Z");
        var catEnd = At("2022-10-31T23:59:59Z");
        foreach (var l in catalogue) l.At = Between(catStart, catEnd);
        var sortedCatalogue = catalogue.Select((l, i) => (l, i)).OrderBy(x => x.l.At).ThenBy(x => x.i).Select(x => x.l).ToList();
        foreach (var l in sortedCatalogue) l.Id = NextListingId();
        var catalogueAt = At("2022-11-01T00:00:00Z");
        AddStep(DemoStepKind.Listings, catalogueAt,
            $"{sortedCatalogue.Count} listings go up (L-000001..{sortedCatalogue[^1].Id}): ordinary goods, {nearMisses.Count} honest near-misses (marshmallow, squishy, squish ball, mallow, squash, squishies), and {counterfeitsBySeller.Count} counterfeit SQUISHMALLOWS listings ({counterfeitsBySeller.Count(c => c.Seller == "defendant")} by Schedule A defendants).",
            sortedCatalogue.Select(DemoJson.Listing).ToList(), PhotosOf(sortedCatalogue));

        // ---- promotions before the TRO (no knowledge yet: none is an exposure)
        var promos = new List<Promo>();
        var preFrom = At("2022-11-01T00:00:00Z");
        var preTo = At("2022-11-10T12:00:00Z");
        OrdinaryPromos(promos, 40, preFrom, preTo);
        var defendantFakes = counterfeitsBySeller.Where(c => c.Seller == "defendant").Select(c => c.Listing).ToList();
        for (var i = 0; i < 20; i++)
        {
            var l = Pick(defendantFakes);
            promos.Add(new Promo(Between(preFrom, preTo), i % 4 == 3 ? "recommendation" : "sponsored_search", l.Merchant, l.Id,
                i % 4 == 3 ? "similar_items" : "search:squishmallows", "defendant_pre_tro"));
        }
        AddStep(DemoStepKind.Promotions, preTo,
            "Promotions before the TRO: ordinary ads plus sponsored ads for defendants' counterfeits - the platform has no knowledge yet, so none is an exposure.",
            PromotionRecords(promos));

        // ---- the TRO
        AddStep(DemoStepKind.Order, TroServed,
            $"Kelly Toys serves the TRO kt-tro (expires 2022-11-24T15:00Z) with a {DefendantRowCount}-row Schedule A: {defendants.Count(d => d.Resolution != DemoResolution.Unresolvable)} rows resolvable (by seller_id, normalized store_url or normalized store name), 4 not; counterfeits come down, payouts held, records preserved; 1(c) storefront shut-down goes to legal review.",
            [OrderRecord("kt-tro", "temporary_restraining_order", "2022-11-09", TroServed, TroExpires, null, defendants)]);

        promos.Clear();
        var postTroFrom = At("2022-11-11T00:00:00Z");
        var postTroTo = At("2022-11-21T00:00:00Z");
        OrdinaryPromos(promos, 20, postTroFrom, postTroTo);
        for (var i = 0; i < 6; i++)
        {
            var l = Pick(defendantFakes);
            promos.Add(new Promo(Between(postTroFrom, postTroTo), "sponsored_search", l.Merchant, l.Id, "search:squishmallows", "defendant_post_tro"));
        }
        var enjoinedNos = defendantMerchant.Keys.Order().ToArray();
        for (var i = 0; i < 4; i++)
        {
            var m = defendantMerchant[Pick(enjoinedNos)];
            var l = Pick(_ordinaryByMerchant[m.Id]);
            promos.Add(new Promo(Between(postTroFrom, postTroTo), "recommendation", m.Id, l.Id, "home_feed", "defendant_post_tro"));
        }
        AddStep(DemoStepKind.Promotions, postTroTo,
            "Promotions after the TRO: 10 still promote enjoined defendants (sponsored ads for their taken-down counterfeits, recommendations of their other listings) - exposures.",
            PromotionRecords(promos));

        AddStep(DemoStepKind.Order, PiServed,
            "The preliminary injunction kt-pi is served before the TRO expires and supersedes it: same marks, clauses and Schedule A, no expiry.",
            [OrderRecord("kt-pi", "preliminary_injunction", "2022-11-21", PiServed, null, "kt-tro", defendants)]);

        AddStep(DemoStepKind.Advance, At("2022-11-25T00:00:00Z"),
            "Event time passes the TRO's expiry (2022-11-24T15:00Z); the PI's clauses carry on without a gap.", []);

        // ---- relisting attempts, Dec 2022 - Mar 2023
        var relistShuffled = relistPoolNos.ToArray();
        _rng.Shuffle(relistShuffled);
        var relistNos = relistShuffled[..(RelistingDefendantCount - 1)];
        relistNos = [.. relistNos, aliasDefendantNos[0]]; // one alias-linked defendant relists too
        var defendantD = defendantMerchant[relistNos[0]];
        var defendantX = defendantMerchant[relistNos[1]];
        (DateTimeOffset From, DateTimeOffset To)[] waves =
        [
            (At("2022-12-01T00:00:00Z"), At("2022-12-20T00:00:00Z")),
            (At("2023-01-10T00:00:00Z"), At("2023-01-31T00:00:00Z")),
            (At("2023-02-10T00:00:00Z"), At("2023-03-05T00:00:00Z")),
        ];
        var wavePlans = new List<(DemoMerchant M, int No, string Technique)>[] { [], [], [] };
        foreach (var no in relistNos)
        {
            var m = defendantMerchant[no];
            if (m == defendantD)
            {
                wavePlans[0].Add((m, no, "separators"));
                wavePlans[1].Add((m, no, "leetspeak"));
                wavePlans[2].Add((m, no, "image_near"));
                continue;
            }
            if (m == defendantX)
            {
                wavePlans[0].Add((m, no, "case"));
                wavePlans[2].Add((m, no, "one_edit"));
                continue;
            }
            var count = 1 + _rng.Next(3);
            var wavesOf = new[] { 0, 1, 2 };
            _rng.Shuffle(wavesOf);
            foreach (var w in wavesOf[..count].Order())
                wavePlans[w].Add((m, no, RelistTechniques[_relistTechnique++ % RelistTechniques.Length]));
        }

        var relists = new List<DemoRelist>();
        var relistListings = new List<DemoListing>[] { [], [], [] };
        var aliasFakes = new List<DemoListing>[] { [], [], [] };
        var aliasB = aliasMerchants[1];
        var titleChangeNos = relistShuffled[(RelistingDefendantCount - 1)..]
            .Where(no => _ordinaryByMerchant[defendantMerchant[no].Id].Any(l => !nearMisses.Contains(l))).Take(2).ToArray();
        var titleChanges = new List<DemoListing>();
        var waveRecords = new List<string>[3];
        var wavePhotos = new IReadOnlyList<DemoPhotoFile>[3];
        for (var w = 0; w < 3; w++)
        {
            var (from, to) = waves[w];
            var events = new List<DemoListing>();
            // Times first, then ids in time order.
            var planned = wavePlans[w].Select(p => (Plan: p, At: Between(from, to))).OrderBy(x => x.At).ToList();
            var aliasPlanned = new List<(DemoMerchant M, DateTimeOffset At)> { (aliasB, Between(from, to)) };
            if (w == 0) aliasPlanned.Add((aliasMerchants[0], Between(from, to)));
            if (w == 1) aliasPlanned.Add((aliasMerchants[3], Between(from, to)));
            var all = planned.Select(p => (p.At, Relist: (p.Plan.M, p.Plan.No, p.Plan.Technique), Alias: (DemoMerchant?)null))
                .Concat(aliasPlanned.Select(a => (a.At, Relist: (M: a.M, No: 0, Technique: ""), Alias: (DemoMerchant?)a.M)))
                .OrderBy(x => x.At).ThenBy(x => x.Relist.M.Id).ToList();
            foreach (var item in all)
            {
                if (item.Alias is { } am)
                {
                    var l = CounterfeitListing(am.Id);
                    l.Id = NextListingId();
                    l.At = item.At;
                    aliasFakes[w].Add(l);
                    counterfeitsBySeller.Add((l, "alias"));
                    events.Add(l);
                }
                else
                {
                    var (m, no, technique) = item.Relist;
                    var (l, r) = Relist(m, no, technique, counterfeitsByMerchant[m.Id], item.At);
                    relists.Add(r);
                    relistListings[w].Add(l);
                    events.Add(l);
                }
            }
            if (w == 1)
            {
                // Two defendants edit an existing ordinary listing into a counterfeit.
                string[] changedTitles = ["Squish Mallows {0} Jumbo 16in", "5quishmall0ws {0} Plush 12in"];
                for (var i = 0; i < 2; i++)
                {
                    var m = defendantMerchant[titleChangeNos[i]];
                    var original = _ordinaryByMerchant[m.Id].First(l => !nearMisses.Contains(l));
                    var changed = new DemoListing
                    {
                        Id = original.Id, Merchant = m.Id,
                        Title = string.Format(CultureInfo.InvariantCulture, changedTitles[i], Pick(Animals)),
                        Description = "Updated listing. Super soft plush, fast shipping.",
                        Brand = original.Brand, Images = original.Images, Price = original.Price,
                        At = Between(from, to),
                    };
                    titleChanges.Add(changed);
                    relists.Add(new DemoRelist(changed.Id, m.Id, titleChangeNos[i], "title_change", i == 0, null, null, changed.At));
                    events.Add(changed);
                }
            }
            waveRecords[w] = events.OrderBy(e => e.At).Select(DemoJson.Listing).ToList();
            wavePhotos[w] = PhotosOf(events);
        }

        string WaveDescription(int w) =>
            $"Relisting wave {w + 1}: {relistListings[w].Count} new counterfeit listings by {relistListings[w].Select(l => l.Merchant).Distinct().Count()} enjoined defendants with obfuscated titles (separators, case, diacritics, leetspeak, Cyrillic/Greek look-alikes, one edit) or reused photos, plus {aliasFakes[w].Count} counterfeits from alias accounts"
            + (w == 1 ? $"; {titleChanges.Count} listing events turn existing listings of defendants into counterfeits ({string.Join(", ", titleChanges.Select(t => t.Id))})." : ".");

        AddStep(DemoStepKind.Listings, waves[0].To, WaveDescription(0), waveRecords[0], wavePhotos[0]);

        // Promotions wave A: the platform's algorithms advertise relisted counterfeits.
        promos.Clear();
        var waFrom = At("2022-12-21T00:00:00Z");
        var waTo = At("2023-01-05T00:00:00Z");
        OrdinaryPromos(promos, 40, waFrom, waTo);
        for (var i = 0; i < 5; i++)
        {
            var l = Pick(nearMisses);
            promos.Add(new Promo(Between(waFrom, waTo), "sponsored_search", l.Merchant, l.Id, "search:marshmallow", "near_miss"));
        }
        for (var i = 0; i < 30; i++)
        {
            var l = Pick(relistListings[0]);
            var surface = i % 5 == 4 ? "offsite_ad" : i % 7 == 6 ? "recommendation" : "sponsored_search";
            promos.Add(new Promo(Between(waFrom, waTo), surface, l.Merchant, l.Id, surface == "sponsored_search" ? "search:squishmallows" : Audience(surface, l.Title), "relist"));
        }
        AddStep(DemoStepKind.Promotions, waTo,
            "Dec 21 - Jan 5: sponsored search, off-site ads and recommendations for relisted counterfeits of enjoined defendants (exposures), alongside ordinary promotions (allowed).",
            PromotionRecords(promos));

        // ---- notices
        var kellyToys = (Plaintiff, "legal@kellytoys.example", "rights_holder");
        var flagger = ("Counterfeit Watch Network", "reports@counterfeitwatch.example", "trusted_flagger");
        const string Explanation = "Counterfeit plush bearing the SQUISHMALLOWS mark, not made or authorized by Kelly Toys.";
        var fakesA = counterfeitsByMerchant[counterfeiterA.Id];
        var fakesC = counterfeitsByMerchant[ambB.Id];
        var fakesE = counterfeitsByMerchant[counterfeiterE.Id];
        var fakesF = counterfeitsByMerchant[counterfeiterF.Id];
        var relistsD = relistListings.Select(w => w.First(l => l.Merchant == defendantD.Id)).ToArray();
        var noticed = new Dictionary<string, (string Role, List<string> Notices, List<string> Listings)>();
        void Named(string notice, DemoListing l, string role)
        {
            if (!noticed.TryGetValue(l.Merchant, out var entry))
                noticed[l.Merchant] = entry = (role, [], []);
            if (!entry.Notices.Contains(notice)) entry.Notices.Add(notice);
            entry.Listings.Add(l.Id);
        }
        void NoticeStep(string id, DateTimeOffset at, (string, string, string) who, (DemoListing L, string Role)[] named, string description, string signature)
        {
            foreach (var (l, role) in named) Named(id, l, role);
            AddStep(DemoStepKind.Notices, at, description, [Notice(id, at, who, named.Select(n => n.L.Id), Explanation, signature)]);
        }

        NoticeStep("N-001", At("2023-01-09T14:00:00Z"), kellyToys,
            [(fakesA[0], "non_defendant_counterfeiter"), (aliasFakes[0].First(l => l.Merchant == aliasB.Id), "alias_of_defendant"), (relistsD[0], "enjoined_defendant_relister")],
            "Notice N-001 from Kelly Toys: a non-defendant counterfeiter's listing, an alias account's counterfeit and a defendant's relist - first strike for each.",
            "/s/ A. Counsel");

        AddStep(DemoStepKind.Listings, waves[1].To, WaveDescription(1), waveRecords[1], wavePhotos[1]);

        // Premium status and the promotional email to the plaintiff's counsel.
        promos.Clear();
        var pFrom = At("2023-02-01T00:00:00Z");
        var pTo = At("2023-02-04T00:00:00Z");
        var premiumTo = new List<string>();
        foreach (var no in relistNos.Take(12))
        {
            var m = defendantMerchant[no];
            premiumTo.Add(m.Id);
            promos.Add(new Promo(Between(pFrom, At("2023-02-02T23:59:59Z")), "premium_status", m.Id, null, null, "premium_enjoined"));
        }
        for (var i = 0; i < 5; i++)
        {
            var l = Pick(_ordinaryOfOrdinaryMerchants);
            promos.Add(new Promo(Between(pFrom, At("2023-02-02T23:59:59Z")), "premium_status", l.Merchant, null, null, "premium_ordinary"));
        }
        var emailListing = relistListings[0].First(l => l.Merchant == defendantX.Id);
        promos.Add(new Promo(At("2023-02-03T10:00:00Z"), "promo_email", defendantX.Id, emailListing.Id, CounselEmail, "email_to_counsel"));
        OrdinaryPromos(promos, 10, pFrom, At("2023-02-03T23:00:00Z"));
        var tagged = new List<(string Tag, string Id)>();
        AddStep(DemoStepKind.Promotions, pTo,
            $"Feb 1-3: premium status granted to 12 enjoined defendants (and 5 ordinary merchants); on Feb 3 a promotional email advertising {defendantX.Id}'s relisted counterfeit {emailListing.Id} goes to the plaintiff's counsel ({CounselEmail}).",
            PromotionRecords(promos, tagged));
        var emailPromotion = tagged.Single(t => t.Tag == "email_to_counsel").Id;

        NoticeStep("N-002", At("2023-02-06T14:00:00Z"), kellyToys,
            [(fakesA[1], "non_defendant_counterfeiter"), (fakesC[0], "ambiguous_name_counterfeiter"), (relistsD[1], "enjoined_defendant_relister"),
             (fakesE[0], "non_defendant_counterfeiter"), (wronglyNoticed, "honest_wrongly_noticed")],
            $"Notice N-002 from Kelly Toys: second strike for {counterfeiterA.Id} and {defendantD.Id}, first for {ambB.Id} and {counterfeiterE.Id} - and, wrongly, the honest listing {wronglyNoticed.Id} of {honestH.Id}.",
            "/s/ A. Counsel");

        var counterNoticeAt = At("2023-02-09T16:00:00Z");
        AddStep(DemoStepKind.CounterNotices, counterNoticeAt,
            $"{honestH.Id} counter-notices: {wronglyNoticed.Id} is its own marshmallow-shaped pillow, not a SQUISHMALLOWS product. Restored after 10 business days unless suit is filed (none is).",
            [DemoJson.Object(w =>
            {
                w.WriteString("id", "CN-001");
                w.WriteString("at", DemoJson.Time(counterNoticeAt));
                w.WriteString("notice", "N-002");
                w.WriteString("listing", wronglyNoticed.Id);
                w.WriteString("merchant", honestH.Id);
                w.WriteString("statement", "I swear under penalty of perjury that the listing was removed as a result of mistake or misidentification: it is our own marshmallow-shaped pillow and does not bear or imitate the SQUISHMALLOWS mark.");
                w.WriteBoolean("consent_to_jurisdiction", true);
                w.WriteString("signature", "/s/ " + honestH.StoreName);
            })]);

        AddStep(DemoStepKind.Listings, waves[2].To, WaveDescription(2), waveRecords[2], wavePhotos[2]);

        NoticeStep("N-003", At("2023-03-06T14:00:00Z"), kellyToys,
            [(fakesA[2], "non_defendant_counterfeiter"), (aliasFakes[1].First(l => l.Merchant == aliasB.Id), "alias_of_defendant"), (fakesC[1], "ambiguous_name_counterfeiter")],
            $"Notice N-003 from Kelly Toys: third strike for the non-defendant counterfeiter {counterfeiterA.Id} (repeat infringer), second for {aliasB.Id} and {ambB.Id}.",
            "/s/ A. Counsel");
        NoticeStep("N-004", At("2023-03-08T09:30:00Z"), flagger,
            [(fakesE[1], "non_defendant_counterfeiter"), (fakesF[0], "non_defendant_counterfeiter")],
            $"Notice N-004 from a trusted flagger (priority): second strike for {counterfeiterE.Id}, first for {counterfeiterF.Id}.",
            "/s/ Counterfeit Watch Network");
        NoticeStep("N-005", At("2023-03-13T14:00:00Z"), kellyToys,
            [(aliasFakes[2].First(l => l.Merchant == aliasB.Id), "alias_of_defendant"), (fakesC[2], "ambiguous_name_counterfeiter"), (relistsD[2], "enjoined_defendant_relister")],
            $"Notice N-005 from Kelly Toys: third strike for {aliasB.Id}, {ambB.Id} and {defendantD.Id}.",
            "/s/ A. Counsel");

        // Promotions wave C: support for merchants the platform now knows about.
        promos.Clear();
        var wcFrom = At("2023-03-14T00:00:00Z");
        var wcTo = At("2023-03-31T00:00:00Z");
        OrdinaryPromos(promos, 30, wcFrom, wcTo);
        promos.Add(new Promo(Between(wcFrom, wcTo), "sponsored_search", counterfeiterA.Id, _ordinaryByMerchant[counterfeiterA.Id][0].Id, "search:plush", "repeat_infringer"));
        promos.Add(new Promo(Between(wcFrom, wcTo), "recommendation", ambB.Id, fakesC[0].Id, "similar_items", "noticed_listing"));
        promos.Add(new Promo(Between(wcFrom, wcTo), "offsite_ad", counterfeiterE.Id, fakesE[0].Id, "network:social", "noticed_listing"));
        promos.Add(new Promo(Between(wcFrom, wcTo), "offsite_ad", counterfeiterE.Id, _ordinaryByMerchant[counterfeiterE.Id][0].Id, "network:social", "below_threshold"));
        promos.Add(new Promo(Between(wcFrom, wcTo), "recommendation", honestH.Id, wronglyNoticed.Id, "home_feed", "restored"));
        promos.Add(new Promo(Between(wcFrom, wcTo), "premium_status", aliasB.Id, null, null, "repeat_infringer"));
        for (var i = 0; i < 8; i++)
        {
            var l = Pick(relistListings[2]);
            promos.Add(new Promo(Between(wcFrom, wcTo), "sponsored_search", l.Merchant, l.Id, "search:plush", "relist"));
        }
        AddStep(DemoStepKind.Promotions, wcTo,
            $"Mar 14-31: ads for the repeat infringer {counterfeiterA.Id}, a noticed listing of {ambB.Id}, a noticed ({fakesE[0].Id}) and an un-noticed listing of {counterfeiterE.Id}, the restored listing {wronglyNoticed.Id}, premium status for {aliasB.Id}, and wave-3 relists.",
            PromotionRecords(promos));

        AddStep(DemoStepKind.Advance, At("2023-04-01T00:00:00Z"),
            "Event time moves to 2023-04-01: takedown SLAs and the counter-notice wait have all run.", []);

        // ---- the modification (the reconsideration of Feb 9, 2024)
        var dismissed = defendantMerchant[dismissedNo];
        AddStep(DemoStepKind.Order, ModServed,
            $"Modification kt-pi-mod1 (reconsideration, Feb 9, 2024): clause 1(c) (storefront shut-down) is struck; defendant no. {dismissedNo} ({dismissed.Id}) is dismissed and its holds released.",
            [DemoJson.Object(w =>
            {
                w.WriteString("id", "kt-pi-mod1");
                w.WriteString("case", Case);
                w.WriteString("court", Court);
                w.WriteString("plaintiff", Plaintiff);
                w.WriteString("kind", "modification");
                w.WriteString("modifies", "kt-pi");
                w.WriteString("issued", "2024-02-09");
                w.WriteString("served", DemoJson.Time(ModServed));
                w.WriteStartArray("strike_clauses");
                w.WriteStringValue("1(c)");
                w.WriteEndArray();
                w.WriteStartArray("dismiss_defendants");
                w.WriteNumberValue(dismissedNo);
                w.WriteEndArray();
                w.WriteStartArray("add_defendants");
                w.WriteEndArray();
                w.WriteNull("expires");
            })]);

        promos.Clear();
        var pmFrom = At("2024-02-12T00:00:00Z");
        var pmTo = At("2024-02-16T00:00:00Z");
        OrdinaryPromos(promos, 10, pmFrom, pmTo);
        promos.Add(new Promo(Between(pmFrom, pmTo), "recommendation", dismissed.Id, _ordinaryByMerchant[dismissed.Id][0].Id, "home_feed", "dismissed"));
        var stillEnjoined = defendantMerchant[relistNos[2]];
        promos.Add(new Promo(Between(pmFrom, pmTo), "sponsored_search", stillEnjoined.Id, _ordinaryByMerchant[stillEnjoined.Id][0].Id, "search:plush", "enjoined"));
        AddStep(DemoStepKind.Promotions, pmTo,
            $"After the modification: a recommendation for the dismissed defendant {dismissed.Id} (no longer enjoined) and a sponsored ad for the still-enjoined {stillEnjoined.Id}, with ordinary promotions.",
            PromotionRecords(promos));

        AddStep(DemoStepKind.Advance, At("2024-03-01T00:00:00Z"), "Final state: event time 2024-03-01.", []);

        var cast = new DemoCast(
            defendants,
            aliases,
            counterfeitsBySeller.Select(c => new DemoCounterfeit(c.Listing.Id, c.Listing.Merchant, c.Seller, c.Listing.At)).ToList(),
            nearMisses.Select(l => l.Id).ToList(),
            relists.OrderBy(r => r.At).ToList(),
            noticed.Select(kv => new DemoNoticed(kv.Key, kv.Value.Role, kv.Value.Notices, kv.Value.Listings)).OrderBy(n => n.Merchant, StringComparer.Ordinal).ToList(),
            noticed.Where(kv => kv.Value.Notices.Count >= 3).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList(),
            counterfeiterA.Id,
            [ambA.Id, ambB.Id],
            "N-004",
            wronglyNoticed.Id,
            honestH.Id,
            "CN-001",
            emailPromotion,
            premiumTo,
            dismissedNo,
            dismissed.Id);
        return (_steps, cast);
    }

    /// <summary>The same store name differing only in case, spacing and punctuation.</summary>
    private static string NameVariant(string name)
    {
        if (!name.Contains(' '))
        {
            var sb = new StringBuilder();
            foreach (var c in name)
            {
                if (char.IsUpper(c) && sb.Length > 0) sb.Append(' ');
                sb.Append(c);
            }
            return sb.Append('!').ToString();
        }
        if (char.IsAsciiDigit(name[0])) return name.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        var letters = new StringBuilder();
        foreach (var c in name)
            if (char.IsAsciiLetterOrDigit(c) || (c == ' ' && letters.Length > 0 && letters[^1] != ' ')) letters.Append(char.ToUpperInvariant(c));
        return letters.ToString().TrimEnd();
    }
}
