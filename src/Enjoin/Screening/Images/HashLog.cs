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
    public void Add(Hash256 hash, TPayload payload)
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
    public readonly ulong[] W0;
    public readonly ulong[] W1;
    public readonly ulong[] W2;
    public readonly ulong[] W3;
    public readonly TPayload[] Payloads;

    public HashColumns(int capacity)
    {
        W0 = new ulong[capacity];
        W1 = new ulong[capacity];
        W2 = new ulong[capacity];
        W3 = new ulong[capacity];
        Payloads = new TPayload[capacity];
    }

    public int Capacity => W0.Length;

    public Hash256 Hash(int entry) => new(W0[entry], W1[entry], W2[entry], W3[entry]);

    public void Set(int entry, Hash256 hash, TPayload payload)
    {
        W0[entry] = hash.W0;
        W1[entry] = hash.W1;
        W2[entry] = hash.W2;
        W3[entry] = hash.W3;
        Payloads[entry] = payload;
    }

    public HashColumns<TPayload> Grow(int count)
    {
        var grown = new HashColumns<TPayload>((int)Math.Min(Array.MaxLength, 2L * Math.Max(Capacity, 8)));
        W0.AsSpan(0, count).CopyTo(grown.W0);
        W1.AsSpan(0, count).CopyTo(grown.W1);
        W2.AsSpan(0, count).CopyTo(grown.W2);
        W3.AsSpan(0, count).CopyTo(grown.W3);
        Payloads.AsSpan(0, count).CopyTo(grown.Payloads);
        return grown;
    }
}
