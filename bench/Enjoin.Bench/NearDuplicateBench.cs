using System.Diagnostics;
using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Enjoin.Screening.Images;

namespace Enjoin.Bench;

/// <summary>The two datasets of <see cref="NearDuplicateBench"/>.</summary>
public enum PdqDataset
{
    /// <summary>1,000,000 uniformly random hashes, plus planted neighbours of the "hit" queries.</summary>
    Uniform,

    /// <summary>
    /// 1,000,000 variants of 3,000 random originals with 0–16 random bits flipped, as near-duplicate photo
    /// sets look (≈ 333 variants an original, any two within 32 bits).
    /// </summary>
    Clustered,
}

/// <summary>
/// PDQ near-duplicate search (DESIGN §4.5, §6.2) over 1,000,000 hashes at radius 31: multi-index hashing
/// and the popcount scan (each kernel) beside the brute-force baseline — a plain scalar loop over one
/// ulong[] (4 words a hash) with BitOperations.PopCount — in the same run. Results are per query
/// (OperationsPerInvoke). "miss" queries are random hashes (what most listing images are); "hit" queries
/// have neighbours: planted at distances 0, 8, 16, 24, 31 (Uniform), or a fresh variant of an original,
/// which finds most of its ≈ 333 variants (Clustered). Add throughput is <see cref="NearDuplicateAddBench"/>.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
[MemoryDiagnoser]
public class NearDuplicateBench
{
    public const int Entries = 1_000_000;
    const int Queries = 64;
    const int Radius = NearDuplicateIndex.Radius;

    ulong[] _words = null!;                   // baseline: array of structs, 4 words a hash
    ulong[][] _columns = null!;               // the same as 4 columns, for the layout comparison
    MultiIndexHashIndex<int> _mih = null!;    // all in the buckets
    MultiIndexHashIndex<int> _mihTail = null!; // the largest unindexed tail Add allows (1/9 of the entries)
    PopCountScanIndex<int> _scan512 = null!;
    PopCountScanIndex<int> _scan256 = null!;
    PopCountScanIndex<int> _scanScalar = null!;
    PdqHash[] _queries = null!;
    readonly List<NearDuplicate<int>> _results = [];

    [Params(PdqDataset.Uniform, PdqDataset.Clustered)]
    public PdqDataset Dataset { get; set; }

    [Params("miss", "hit")]
    public string Queried { get; set; } = "miss";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20240601);
        var hashes = new PdqHash[Entries];
        _queries = new PdqHash[Queries];
        if (Dataset == PdqDataset.Uniform)
        {
            for (var i = 0; i < Entries; i++) hashes[i] = RandomHash(random);
            for (var q = 0; q < Queries; q++)
            {
                _queries[q] = RandomHash(random);
                if (Queried != "hit") continue;
                foreach (var d in (int[])[0, 8, 16, 24, 31]) hashes[random.Next(Entries)] = AtDistance(random, _queries[q], d);
            }
        }
        else
        {
            var originals = new PdqHash[3000];
            for (var o = 0; o < originals.Length; o++) originals[o] = RandomHash(random);
            for (var i = 0; i < Entries; i++) hashes[i] = AtDistance(random, originals[random.Next(originals.Length)], random.Next(17));
            for (var q = 0; q < Queries; q++)
                _queries[q] = Queried == "hit" ? AtDistance(random, originals[random.Next(originals.Length)], random.Next(17)) : RandomHash(random);
        }

        _words = new ulong[4 * Entries];
        _columns = [new ulong[Entries], new ulong[Entries], new ulong[Entries], new ulong[Entries]];
        for (var i = 0; i < Entries; i++)
        {
            (_words[4 * i], _words[4 * i + 1], _words[4 * i + 2], _words[4 * i + 3]) = (hashes[i].Bits0, hashes[i].Bits1, hashes[i].Bits2, hashes[i].Bits3);
            (_columns[0][i], _columns[1][i], _columns[2][i], _columns[3][i]) = (hashes[i].Bits0, hashes[i].Bits1, hashes[i].Bits2, hashes[i].Bits3);
        }

        _mih = new MultiIndexHashIndex<int>();
        _mihTail = new MultiIndexHashIndex<int>();
        _scan512 = new PopCountScanIndex<int>(vectorWidth: 512);
        _scan256 = new PopCountScanIndex<int>(vectorWidth: 256);
        _scanScalar = new PopCountScanIndex<int>(vectorWidth: 0);
        var tailFrom = Entries * 8 / 9 + 2; // then the tail stays just under the rebuild threshold (1/8 of the indexed)
        for (var i = 0; i < Entries; i++)
        {
            _mih.Add(hashes[i], i);
            _mihTail.Add(hashes[i], i);
            if (i + 1 == tailFrom) _mihTail.Compact();
            _scan512.Add(hashes[i], i);
            _scan256.Add(hashes[i], i);
            _scanScalar.Add(hashes[i], i);
        }

        var watch = Stopwatch.StartNew();
        _mih.Compact();
        Console.WriteLine($"// multi-index buckets over {_mih.Indexed:N0} entries built in {watch.Elapsed.TotalMilliseconds:N0} ms; tail variant: {_mihTail.Indexed:N0} indexed, {Entries - _mihTail.Indexed:N0} scanned");

        // Every implementation gives the baseline's answer, and how much work multi-index hashing does.
        var expected = new List<NearDuplicate<int>>();
        long candidates = 0, found = 0;
        var slotCounts = SlotHistogram(hashes);
        foreach (var query in _queries)
        {
            BruteForce(query, expected);
            found += expected.Count;
            candidates += Candidates(slotCounts, query);
            foreach (INearDuplicateIndex<int> index in (INearDuplicateIndex<int>[])[_mih, _mihTail, _scan512, _scan256, _scanScalar])
            {
                index.Search(query, Radius, _results);
                if (!_results.SequenceEqual(expected)) throw new InvalidOperationException($"{index.GetType().Name} disagrees with brute force");
            }
        }

        Console.WriteLine($"// {Dataset}/{Queried}: {(double)found / Queries:N1} found a query; multi-index candidates (bucket entries probed) {(double)candidates / Queries:N0} a query; scan kernel {_scan512.VectorWidth} bits");
    }

    /// <summary>Brute force: one ulong[] of 4 words a hash, BitOperations.PopCount (hardware popcnt), no early rejection.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Queries)]
    public int BruteForce_ScalarLoop()
    {
        var found = 0;
        foreach (var query in _queries)
        {
            BruteForce(query, _results);
            found += _results.Count;
        }

        return found;
    }

    /// <summary>The baseline's loop over 4 columns (struct of arrays) instead: layout alone.</summary>
    [Benchmark(OperationsPerInvoke = Queries)]
    public int BruteForce_ScalarLoop_Columns()
    {
        var found = 0;
        ReadOnlySpan<ulong> w0 = _columns[0];
        ReadOnlySpan<ulong> w1 = _columns[1].AsSpan(0, w0.Length);
        ReadOnlySpan<ulong> w2 = _columns[2].AsSpan(0, w0.Length);
        ReadOnlySpan<ulong> w3 = _columns[3].AsSpan(0, w0.Length);
        foreach (var query in _queries)
        {
            _results.Clear();
            for (var i = 0; i < w0.Length; i++)
            {
                var d = BitOperations.PopCount(w0[i] ^ query.Bits0) + BitOperations.PopCount(w1[i] ^ query.Bits1)
                    + BitOperations.PopCount(w2[i] ^ query.Bits2) + BitOperations.PopCount(w3[i] ^ query.Bits3);
                if (d <= Radius) _results.Add(new NearDuplicate<int>(new PdqHash(w0[i], w1[i], w2[i], w3[i]), i, d, i));
            }

            found += _results.Count;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Queries)]
    public int MultiIndex() => SearchAll(_mih);

    [Benchmark(OperationsPerInvoke = Queries)]
    public int MultiIndex_LargestTail() => SearchAll(_mihTail);

    [Benchmark(OperationsPerInvoke = Queries)]
    public int Scan_Avx512() => SearchAll(_scan512);

    [Benchmark(OperationsPerInvoke = Queries)]
    public int Scan_Avx2() => SearchAll(_scan256);

    [Benchmark(OperationsPerInvoke = Queries)]
    public int Scan_ScalarPopcnt() => SearchAll(_scanScalar);

    int SearchAll(INearDuplicateIndex<int> index)
    {
        var found = 0;
        foreach (var query in _queries)
        {
            index.Search(query, Radius, _results);
            found += _results.Count;
        }

        return found;
    }

    void BruteForce(PdqHash query, List<NearDuplicate<int>> results)
    {
        results.Clear();
        var words = _words;
        for (var i = 0; i + 3 < words.Length; i += 4)
        {
            var d = BitOperations.PopCount(words[i] ^ query.Bits0) + BitOperations.PopCount(words[i + 1] ^ query.Bits1)
                + BitOperations.PopCount(words[i + 2] ^ query.Bits2) + BitOperations.PopCount(words[i + 3] ^ query.Bits3);
            if (d <= Radius) results.Add(new NearDuplicate<int>(new PdqHash(words[i], words[i + 1], words[i + 2], words[i + 3]), i / 4, d, i / 4));
        }

        results.Sort(static (a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Entry.CompareTo(b.Entry));
    }

    static int[] SlotHistogram(PdqHash[] hashes)
    {
        var counts = new int[16 << 16];
        foreach (var h in hashes)
            for (var s = 0; s < 16; s++) counts[(s << 16) + SlotOf(h, s)]++;
        return counts;
    }

    static long Candidates(int[] slotCounts, PdqHash query)
    {
        long total = 0;
        for (var s = 0; s < 16; s++)
        {
            var v = SlotOf(query, s);
            total += slotCounts[(s << 16) + v];
            for (var b = 0; b < 16; b++) total += slotCounts[(s << 16) + (v ^ (1 << b))];
        }

        return total;
    }

    static int SlotOf(PdqHash h, int s) => (int)(((s >> 2) switch { 0 => h.Bits0, 1 => h.Bits1, 2 => h.Bits2, _ => h.Bits3 } >> (16 * (s & 3))) & 0xFFFF);

    internal static PdqHash RandomHash(Random random) =>
        new((ulong)random.NextInt64(long.MinValue, long.MaxValue), (ulong)random.NextInt64(long.MinValue, long.MaxValue),
            (ulong)random.NextInt64(long.MinValue, long.MaxValue), (ulong)random.NextInt64(long.MinValue, long.MaxValue));

    /// <summary>The hash with <paramref name="distance"/> distinct random bits flipped.</summary>
    internal static PdqHash AtDistance(Random random, PdqHash hash, int distance)
    {
        Span<ulong> words = [hash.Bits0, hash.Bits1, hash.Bits2, hash.Bits3];
        for (var flipped = 0; flipped < distance;)
        {
            var bit = random.Next(256);
            var mask = 1UL << (bit & 63);
            if ((words[bit >> 6] & mask) == (Word(hash, bit >> 6) & mask))
            {
                words[bit >> 6] ^= mask;
                flipped++;
            }
        }

        return new PdqHash(words[0], words[1], words[2], words[3]);
    }

    static ulong Word(PdqHash h, int w) => w switch { 0 => h.Bits0, 1 => h.Bits1, 2 => h.Bits2, _ => h.Bits3 };
}

/// <summary>
/// Add throughput: 1,000,000 adds into an empty index (per add, OperationsPerInvoke), beside appending the
/// same hashes to a List. Multi-index hashing rebuilds its buckets on the way (every 1/8 more entries).
/// </summary>
[MemoryDiagnoser]
public class NearDuplicateAddBench
{
    const int Entries = NearDuplicateBench.Entries;

    PdqHash[] _hashes = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _hashes = new PdqHash[Entries];
        for (var i = 0; i < Entries; i++) _hashes[i] = NearDuplicateBench.RandomHash(random);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Entries)]
    public int ListAdd()
    {
        var list = new List<(PdqHash, int)>();
        for (var i = 0; i < _hashes.Length; i++) list.Add((_hashes[i], i));
        return list.Count;
    }

    [Benchmark(OperationsPerInvoke = Entries)]
    public int MultiIndex_Add() => AddAll(new MultiIndexHashIndex<int>());

    [Benchmark(OperationsPerInvoke = Entries)]
    public int Scan_Add() => AddAll(new PopCountScanIndex<int>());

    int AddAll(INearDuplicateIndex<int> index)
    {
        for (var i = 0; i < _hashes.Length; i++) index.Add(_hashes[i], i);
        return index.Count;
    }
}
