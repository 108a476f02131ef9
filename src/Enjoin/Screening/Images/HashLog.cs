namespace Enjoin.Screening.Images;

/// <summary>
/// The entries of an index in insertion order, one column per 64-bit word (struct of arrays: a scan that
/// rejects on the first two words never reads the other two; bench/RESULTS.md). One writer appends;
/// readers take a snapshot (count, then columns) and read the prefix it covers, without locks.
/// </summary>
internal sealed class HashLog<TPayload>
{
    HashColumns<TPayload> _columns = new(16);
    int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Writer only. The entry is written before the count that covers it is published.</summary>
    public void Add(PdqHash hash, TPayload payload)
    {
        var count = _count;
        var columns = _columns;
        if (count == columns.Capacity)
        {
            // Readers holding the old columns keep reading them: they cover the prefix they were given.
            columns = columns.Grow(count);
            Volatile.Write(ref _columns, columns);
        }

        columns.Set(count, hash, payload);
        Volatile.Write(ref _count, count + 1);
    }

    /// <summary>
    /// A consistent view for a reader: the count first, then columns at least that long. Columns published
    /// after the count was are copies that contain every entry the count covers.
    /// </summary>
    public HashColumns<TPayload> Read(out int count)
    {
        count = Volatile.Read(ref _count);
        return Volatile.Read(ref _columns);
    }
}

/// <summary>Fixed-capacity columns of hashes and payloads; replaced by a larger copy when full.</summary>
internal sealed class HashColumns<TPayload>
{
    public readonly ulong[] Bits0;
    public readonly ulong[] Bits1;
    public readonly ulong[] Bits2;
    public readonly ulong[] Bits3;
    public readonly TPayload[] Payloads;

    public HashColumns(int capacity)
    {
        Bits0 = new ulong[capacity];
        Bits1 = new ulong[capacity];
        Bits2 = new ulong[capacity];
        Bits3 = new ulong[capacity];
        Payloads = new TPayload[capacity];
    }

    public int Capacity => Bits0.Length;

    public PdqHash Hash(int entry) => new(Bits0[entry], Bits1[entry], Bits2[entry], Bits3[entry]);

    public void Set(int entry, PdqHash hash, TPayload payload)
    {
        Bits0[entry] = hash.Bits0;
        Bits1[entry] = hash.Bits1;
        Bits2[entry] = hash.Bits2;
        Bits3[entry] = hash.Bits3;
        Payloads[entry] = payload;
    }

    public HashColumns<TPayload> Grow(int count)
    {
        var grown = new HashColumns<TPayload>((int)Math.Min(Array.MaxLength, 2L * Math.Max(Capacity, 8)));
        Bits0.AsSpan(0, count).CopyTo(grown.Bits0);
        Bits1.AsSpan(0, count).CopyTo(grown.Bits1);
        Bits2.AsSpan(0, count).CopyTo(grown.Bits2);
        Bits3.AsSpan(0, count).CopyTo(grown.Bits3);
        Payloads.AsSpan(0, count).CopyTo(grown.Payloads);
        return grown;
    }
}
