using System.Numerics;

namespace Enjoin.Screening.Images;

/// <summary>
/// Multi-index hashing (Norouzi, Punjani, Fleet, "Fast search in Hamming space with multi-index hashing",
/// CVPR 2012) over 16 slots of 16 bits. Two hashes within distance r ≤ 31 differ in at most one bit in at
/// least one slot (16 slots × 2 bits = 32 &gt; 31), so a search probes, in each slot, the bucket of the
/// query's slot value and its 16 one-bit neighbours, and verifies the full distance of what it finds; for
/// r ≤ 15 an exact slot match suffices (16 × 1 &gt; 15). Radii above 31 fall back to a scan.
/// </summary>
/// <remarks>
/// <para>
/// Buckets are compact: per slot a 65,537-entry offset table into one array of entry numbers (counting
/// sort), built over a prefix of the entries. Entries added since the last build are not in the buckets;
/// searches scan them (<see cref="HammingScan"/>). <c>Add</c> rebuilds the buckets when that unindexed tail
/// reaches 1/8 of the indexed entries (at least 1,024), so rebuilds cost O(1) amortized per add and the
/// tail stays a small share of a search; <see cref="Compact"/> rebuilds on demand (after a bulk load).
/// </para>
/// <para>
/// A candidate is reported only from the first slot in which it would be found, so no set of seen
/// entries is needed and a search allocates nothing. Threading as <see cref="INearDuplicateIndex{TPayload}"/>:
/// the buckets are immutable and published with a volatile write; a reader holding buckets newer than its
/// entry count ignores the entries beyond the count.
/// </para>
/// </remarks>
public sealed class MultiIndexHashIndex<TPayload> : INearDuplicateIndex<TPayload>
{
    /// <summary>Largest radius answered through the buckets (one-bit neighbours in 16 slots).</summary>
    public const int MaxBucketRadius = 31;

    const int Slots = 16;
    const int MinUnindexed = 1024;
    const int UnindexedShare = 8;

    readonly HashLog<TPayload> _log = new();
    Buckets _buckets = Buckets.Empty;

    /// <inheritdoc/>
    public int Count => _log.Count;

    /// <summary>Entries covered by the buckets; the others are scanned by each search.</summary>
    public int Indexed => Volatile.Read(ref _buckets).Count;

    /// <inheritdoc/>
    public void Add(PdqHash hash, TPayload payload)
    {
        _log.Add(hash, payload);
        var count = _log.Count;
        var indexed = _buckets.Count;
        if (count - indexed >= Math.Max(MinUnindexed, indexed / UnindexedShare)) Compact();
    }

    /// <summary>Writer only: builds the buckets over every entry now, so searches scan nothing.</summary>
    public void Compact()
    {
        var columns = _log.Read(out var count);
        if (count != _buckets.Count) Volatile.Write(ref _buckets, Buckets.Build(columns, count));
    }

    /// <inheritdoc/>
    public void Search(PdqHash query, int radius, List<NearDuplicate<TPayload>> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        NearDuplicateIndex.CheckRadius(radius);
        results.Clear();
        var columns = _log.Read(out var count);
        var buckets = Volatile.Read(ref _buckets);
        if (radius > MaxBucketRadius)
        {
            HammingScan.Scalar(columns, 0, count, query, radius, results);
            NearDuplicateIndex.Sort(results);
            return;
        }

        Span<ushort> slots = stackalloc ushort[Slots];
        SlotsOf(query, slots);
        var flips = radius >= Slots ? 1 : 0;
        for (var slot = 0; slot < Slots && buckets.Count > 0; slot++)
        {
            var value = slots[slot];
            Probe(buckets.Bucket(slot, value), slot, flips, columns, count, query, slots, radius, results);
            if (flips == 0) continue;
            for (var bit = 0; bit < 16; bit++)
                Probe(buckets.Bucket(slot, (ushort)(value ^ (1 << bit))), slot, flips, columns, count, query, slots, radius, results);
        }

        if (buckets.Count < count) HammingScan.Scalar(columns, buckets.Count, count, query, radius, results);
        NearDuplicateIndex.Sort(results);
    }

    static void Probe(
        ReadOnlySpan<int> bucket, int slot, int flips, HashColumns<TPayload> columns, int count, PdqHash query,
        ReadOnlySpan<ushort> querySlots, int radius, List<NearDuplicate<TPayload>> results)
    {
        foreach (var entry in bucket)
        {
            if (entry >= count) continue; // buckets built after this reader took its count
            var distance = BitOperations.PopCount(columns.Bits0[entry] ^ query.Bits0) + BitOperations.PopCount(columns.Bits1[entry] ^ query.Bits1);
            if (distance > radius) continue;
            distance += BitOperations.PopCount(columns.Bits2[entry] ^ query.Bits2) + BitOperations.PopCount(columns.Bits3[entry] ^ query.Bits3);
            if (distance > radius) continue;
            var hash = columns.Hash(entry);
            if (FoundInEarlierSlot(hash, slot, flips, querySlots)) continue;
            results.Add(new NearDuplicate<TPayload>(hash, columns.Payloads[entry], distance, entry));
        }
    }

    // The candidate is reported from the first slot whose value is within `flips` bits of the query's.
    static bool FoundInEarlierSlot(PdqHash hash, int slot, int flips, ReadOnlySpan<ushort> querySlots)
    {
        for (var earlier = 0; earlier < slot; earlier++)
            if (BitOperations.PopCount((uint)(SlotOf(hash, earlier) ^ querySlots[earlier])) <= flips) return true;
        return false;
    }

    // Slot s is bits 16·(s mod 4) … of word s / 4: the 16-bit words of PDQ's own layout, in some order.
    static ushort SlotOf(PdqHash hash, int slot)
    {
        var word = (slot >> 2) switch { 0 => hash.Bits0, 1 => hash.Bits1, 2 => hash.Bits2, _ => hash.Bits3 };
        return (ushort)(word >> (16 * (slot & 3)));
    }

    static void SlotsOf(PdqHash hash, Span<ushort> slots)
    {
        for (var slot = 0; slot < Slots; slot++) slots[slot] = SlotOf(hash, slot);
    }

    /// <summary>Per slot, the entry numbers of the first <see cref="Count"/> entries grouped by slot value.</summary>
    sealed class Buckets
    {
        const int Values = 1 << 16;
        const int Stride = Values + 1;

        public static readonly Buckets Empty = new(0, [], []);

        // _start[slot * Stride + v] .. _start[slot * Stride + v + 1]: the bucket of value v in slot's part of _entries.
        readonly int[] _start;
        readonly int[] _entries; // Slots × Count entry numbers, ascending within a bucket

        Buckets(int count, int[] start, int[] entries)
        {
            Count = count;
            _start = start;
            _entries = entries;
        }

        public int Count { get; }

        public ReadOnlySpan<int> Bucket(int slot, ushort value)
        {
            var at = slot * Stride + value;
            var start = _start[at];
            return _entries.AsSpan(slot * Count + start, _start[at + 1] - start);
        }

        /// <summary>A counting sort per slot: one slot at a time, so its 65,537 counters stay in the L2 cache.</summary>
        public static Buckets Build(HashColumns<TPayload> columns, int count)
        {
            var start = new int[Slots * Stride];
            var entries = new int[(long)Slots * count];
            var next = new int[Values];
            for (var slot = 0; slot < Slots; slot++)
            {
                ReadOnlySpan<ulong> words = (slot >> 2) switch { 0 => columns.Bits0, 1 => columns.Bits1, 2 => columns.Bits2, _ => columns.Bits3 };
                words = words[..count];
                var shift = 16 * (slot & 3);
                var table = start.AsSpan(slot * Stride, Stride);
                foreach (var word in words) table[(ushort)(word >> shift) + 1]++;
                for (var v = 1; v < table.Length; v++) table[v] += table[v - 1];

                table[..Values].CopyTo(next);
                var bucketed = entries.AsSpan(slot * count, count);
                for (var entry = 0; entry < words.Length; entry++) bucketed[next[(ushort)(words[entry] >> shift)]++] = entry;
            }

            return new Buckets(count, start, entries);
        }
    }
}
