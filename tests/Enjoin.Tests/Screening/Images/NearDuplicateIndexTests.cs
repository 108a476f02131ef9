using Enjoin.Screening.Images;
using Enjoin.Tests.Screening;

namespace Enjoin.Tests.Screening.Images;

/// <summary>
/// DESIGN §4.5: an image within Hamming distance 31 of a taken-down image is a near-duplicate. Every index
/// implementation must give exactly the brute-force answer, in the order by distance then insertion.
/// </summary>
public sealed class NearDuplicateIndexTests
{
    /// <summary>
    /// Every implementation: the multi-index one in both states (a tail scanned, all in buckets), the scan
    /// with each kernel (a vector width the CPU lacks runs the next narrower kernel).
    /// </summary>
    public static TheoryData<string> Kinds => ["mih", "mih-compacted", "scan-512", "scan-256", "scan-scalar"];

    static INearDuplicateIndex<T> Create<T>(string kind) => kind switch
    {
        "mih" or "mih-compacted" => new MultiIndexHashIndex<T>(),
        "scan-512" => new PopCountScanIndex<T>(vectorWidth: 512),
        "scan-256" => new PopCountScanIndex<T>(vectorWidth: 256),
        "scan-scalar" => new PopCountScanIndex<T>(vector: false),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    static INearDuplicateIndex<int> Filled(string kind, IReadOnlyList<PdqHash> hashes)
    {
        var index = Create<int>(kind);
        for (var i = 0; i < hashes.Count; i++) index.Add(hashes[i], i);
        if (kind == "mih-compacted") ((MultiIndexHashIndex<int>)index).Compact();
        return index;
    }

    static List<NearDuplicate<int>> BruteForce(IReadOnlyList<PdqHash> hashes, PdqHash query, int radius, int count = int.MaxValue)
    {
        var found = new List<NearDuplicate<int>>();
        for (var i = 0; i < Math.Min(count, hashes.Count); i++)
        {
            var distance = PdqHash.Distance(hashes[i], query);
            if (distance <= radius) found.Add(new NearDuplicate<int>(hashes[i], i, distance, i));
        }

        return [.. found.OrderBy(m => m.Distance).ThenBy(m => m.Entry)];
    }

    static PdqHash RandomHash(Random random) =>
        new((ulong)random.NextInt64(long.MinValue, long.MaxValue), (ulong)random.NextInt64(long.MinValue, long.MaxValue),
            (ulong)random.NextInt64(long.MinValue, long.MaxValue), (ulong)random.NextInt64(long.MinValue, long.MaxValue));

    static PdqHash Flip(PdqHash hash, int bit) => (bit >> 6) switch
    {
        0 => hash with { Bits0 = hash.Bits0 ^ (1UL << bit) },
        1 => hash with { Bits1 = hash.Bits1 ^ (1UL << (bit & 63)) },
        2 => hash with { Bits2 = hash.Bits2 ^ (1UL << (bit & 63)) },
        _ => hash with { Bits3 = hash.Bits3 ^ (1UL << (bit & 63)) },
    };

    /// <summary>The hash with <paramref name="distance"/> distinct random bits flipped.</summary>
    static PdqHash AtDistance(Random random, PdqHash hash, int distance)
    {
        var bits = Enumerable.Range(0, 256).ToArray();
        random.Shuffle(bits);
        foreach (var bit in bits.Take(distance)) hash = Flip(hash, bit);
        return hash;
    }

    /// <summary>The hash with <paramref name="perSlot"/>[s] bits flipped in 16-bit slot s (bits 16s … 16s+15).</summary>
    static PdqHash SpreadOverSlots(Random random, PdqHash hash, int[] perSlot)
    {
        for (var slot = 0; slot < 16; slot++)
        {
            var bits = Enumerable.Range(slot * 16, 16).ToArray();
            random.Shuffle(bits);
            foreach (var bit in bits.Take(perSlot[slot])) hash = Flip(hash, bit);
        }

        return hash;
    }

    /// <summary>Random hashes, and near-duplicate sets: variants of a few originals with up to 20 bits flipped.</summary>
    static List<PdqHash> Dataset(Random random, int randomCount, int originals, int variantsEach)
    {
        var hashes = new List<PdqHash>();
        for (var i = 0; i < randomCount; i++) hashes.Add(RandomHash(random));
        for (var o = 0; o < originals; o++)
        {
            var original = RandomHash(random);
            for (var v = 0; v < variantsEach; v++) hashes.Add(AtDistance(random, original, random.Next(21)));
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(hashes));
        return hashes;
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Planted_neighbours_within_31_are_found_and_those_at_32_and_33_are_not(string kind)
    {
        var random = new Random(31);
        var hashes = Dataset(random, 5000, 0, 0);
        var query = RandomHash(random);
        int[] distances = [0, 1, 15, 16, 31, 32, 33];
        var planted = new Dictionary<int, int>(); // entry → planted distance
        foreach (var d in distances)
        {
            // At random places in the insertion order, so that the multi-index buckets hold them, not its tail.
            int at;
            do at = random.Next(hashes.Count);
            while (planted.ContainsKey(at));
            planted[at] = d;
            hashes[at] = AtDistance(random, query, d);
        }

        var index = Filled(kind, hashes);
        var found = index.Search(query);

        Assert.Equal([0, 1, 15, 16, 31], found.Select(m => m.Distance));
        Assert.All(found, m => Assert.Equal(planted[m.Entry], m.Distance));
        Assert.Equal(BruteForce(hashes, query, 31), found);
        Assert.Equal(BruteForce(hashes, query, 33), index.Search(query, 33));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Pigeonhole_edge_cases_are_found(string kind)
    {
        // The layouts multi-index hashing must not miss: 31 = two bits in 15 slots and one in the last
        // (only that slot is within one bit); 16 = one bit in every slot (no exact slot match);
        // 15 = one bit in 15 slots (found by an exact match when the radius is 15). 32 = two in every slot.
        var random = new Random(16);
        var hashes = Dataset(random, 3000, 0, 0);
        var query = RandomHash(random);
        for (var lone = 0; lone < 16; lone++)
        {
            var perSlot = Enumerable.Repeat(2, 16).ToArray();
            perSlot[lone] = 1;
            hashes.Add(SpreadOverSlots(random, query, perSlot));
            perSlot = Enumerable.Repeat(1, 16).ToArray();
            perSlot[lone] = 0;
            hashes.Add(SpreadOverSlots(random, query, perSlot));
        }

        hashes.Add(SpreadOverSlots(random, query, Enumerable.Repeat(1, 16).ToArray()));
        hashes.Add(SpreadOverSlots(random, query, Enumerable.Repeat(2, 16).ToArray()));
        var index = Filled(kind, hashes);

        foreach (var radius in new[] { 15, 16, 30, 31, 32 })
            Assert.Equal(BruteForce(hashes, query, radius), index.Search(query, radius));
        Assert.Equal(34, index.Search(query, 32).Count);
        Assert.Equal(33, index.Search(query, 31).Count);
        Assert.Equal(16, index.Search(query, 15).Count);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Every_radius_agrees_with_brute_force_on_random_and_clustered_hashes(string kind)
    {
        for (var seed = 1; seed <= 3; seed++)
        {
            var random = new Random(seed);
            var hashes = Dataset(random, 2000, 40, 50);
            var index = Filled(kind, hashes);
            for (var q = 0; q < 40; q++)
            {
                // Half the queries are entries (they find their near-duplicate set), half fresh variants or random.
                var query = q % 2 == 0 ? hashes[random.Next(hashes.Count)] : q % 4 == 1 ? AtDistance(random, hashes[random.Next(hashes.Count)], random.Next(40)) : RandomHash(random);
                foreach (var radius in new[] { 0, 1, 7, 15, 16, 24, 31, 32, 45, 256 })
                    Assert.Equal(BruteForce(hashes, query, radius), index.Search(query, radius));
            }
        }
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Each_add_is_visible_to_the_next_search(string kind)
    {
        var random = new Random(7);
        var hashes = new List<PdqHash>();
        var index = Create<int>(kind);
        var mih = index as MultiIndexHashIndex<int>;
        var originals = Enumerable.Range(0, 30).Select(_ => RandomHash(random)).ToArray();
        var results = new List<NearDuplicate<int>>();
        // Across the multi-index rebuilds (at 1,024 entries, then every 1/8 more).
        for (var i = 0; i < 2600; i++)
        {
            var hash = random.Next(3) == 0 ? RandomHash(random) : AtDistance(random, originals[random.Next(originals.Length)], random.Next(16));
            hashes.Add(hash);
            index.Add(hash, i);
            Assert.Equal(i + 1, index.Count);

            index.Search(AtDistance(random, hash, random.Next(32)), 31, results);
            Assert.Contains(results, m => m.Entry == i && m.Payload == i && m.Hash == hash);
            if (i % 97 == 0)
            {
                var query = AtDistance(random, originals[random.Next(originals.Length)], random.Next(20));
                index.Search(query, 31, results);
                Assert.Equal(BruteForce(hashes, query, 31), results);
            }

            if (kind == "mih-compacted" && i % 500 == 0) mih!.Compact();
        }

        if (mih is not null) Assert.True(mih.Indexed >= 2048);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Duplicates_are_separate_entries_in_insertion_order(string kind)
    {
        var random = new Random(2);
        var index = Create<string>(kind);
        var same = RandomHash(random);
        index.Add(same, "L-1#0");
        for (var i = 0; i < 1500; i++) index.Add(RandomHash(random), $"noise-{i}");
        index.Add(Flip(same, 200), "L-2#0");
        index.Add(same, "L-3#1");
        index.Add(same, "L-1#0");
        if (index is MultiIndexHashIndex<string> mih && kind == "mih-compacted") mih.Compact();

        var found = index.Search(same);

        Assert.Equal(["L-1#0", "L-3#1", "L-1#0", "L-2#0"], found.Select(m => m.Payload));
        Assert.Equal([0, 1502, 1503, 1501], found.Select(m => m.Entry));
        Assert.Equal([0, 0, 0, 1], found.Select(m => m.Distance));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Hashes_below_quality_50_are_not_added_and_find_nothing(string kind)
    {
        var index = Create<int>(kind);
        var hash = PdqHash.Parse("f162eb9daab170c0567fe3632d9a5548c5612982dd5e374a7424ebbc8a835c95");

        Assert.False(index.TryAdd(hash, 49, 1));
        Assert.Equal(0, index.Count);
        Assert.True(index.TryAdd(hash, NearDuplicateIndex.MinQuality, 2));
        Assert.Equal(1, index.Count);

        var results = new List<NearDuplicate<int>> { default };
        Assert.False(index.TrySearch(hash, 49, results));
        Assert.Empty(results);
        Assert.True(index.TrySearch(hash, 50, results));
        Assert.Equal(2, Assert.Single(results).Payload);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void An_empty_index_finds_nothing_and_a_radius_outside_0_to_256_is_refused(string kind)
    {
        var index = Create<int>(kind);
        var query = PdqHash.Parse(new string('0', 64));

        Assert.Empty(index.Search(query, 256));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(query, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(query, 257));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Reference_needles_find_what_brute_force_finds_in_the_haystack(string kind)
    {
        // ThreatExchange's matcher regression lists (shared/pdq/needles.txt, haystack.txt).
        var needles = PdqData.Hashes("needles.txt");
        var haystack = PdqData.Hashes("haystack.txt");
        Assert.Equal(100, needles.Count);
        Assert.Equal(1350, haystack.Count);
        var index = Filled(kind, haystack);

        var matched = 0;
        foreach (var needle in needles)
        {
            var expected = BruteForce(haystack, needle, NearDuplicateIndex.Radius);
            Assert.Equal(expected, index.Search(needle));
            matched += expected.Count;
        }

        Assert.True(matched > 0, "the regression lists should contain near-duplicates");
    }

    [Fact]
    public void The_engine_uses_multi_index_hashing_and_the_scan_its_scalar_kernel_unless_asked()
    {
        Assert.Equal(0, new PopCountScanIndex<int>().VectorWidth);
        Assert.Equal(HammingScan.VectorWidth, new PopCountScanIndex<int>(vector: true).VectorWidth);
        Assert.IsType<MultiIndexHashIndex<int>>(NearDuplicateIndex.Create<int>());
    }

    [Fact]
    public async Task Searches_concurrent_with_the_writer_see_a_prefix_of_the_entries()
    {
        var random = new Random(5);
        var originals = Enumerable.Range(0, 20).Select(_ => RandomHash(random)).ToArray();
        var hashes = Enumerable.Range(0, 20_000).Select(_ => AtDistance(random, originals[random.Next(originals.Length)], random.Next(12))).ToArray();
        var queries = Enumerable.Range(0, 64).Select(_ => AtDistance(random, originals[random.Next(originals.Length)], random.Next(12))).ToArray();
        INearDuplicateIndex<int>[] indexes = [new MultiIndexHashIndex<int>(), new PopCountScanIndex<int>(), new PopCountScanIndex<int>(vector: true)];
        foreach (var index in indexes)
        {
            using var done = new CancellationTokenSource();
            var failures = new List<string>();
            var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
            {
                var results = new List<NearDuplicate<int>>();
                for (var k = 0; !done.IsCancellationRequested || k < 10; k++)
                {
                    var query = queries[(k + r) % queries.Length];
                    var before = index.Count;
                    index.Search(query, 31, results);
                    var after = index.Count;
                    // Every result is a real entry added by now, with its true distance; every entry added
                    // before the search began is there.
                    var seen = 0;
                    foreach (var m in results)
                    {
                        if (m.Entry >= after || m.Payload != m.Entry || m.Hash != hashes[m.Entry] || m.Distance != PdqHash.Distance(hashes[m.Entry], query))
                            lock (failures) failures.Add($"bad result {m}");
                        if (m.Entry < before) seen++;
                    }

                    var expected = BruteForce(hashes, query, 31, before).Count;
                    if (seen != expected) lock (failures) failures.Add($"{seen} of the {expected} entries before {before}");
                }
            })).ToArray();

            for (var i = 0; i < hashes.Length; i++) index.Add(hashes[i], i);
            done.Cancel();
            await Task.WhenAll(readers);
            Assert.Empty(failures);
        }
    }
}
