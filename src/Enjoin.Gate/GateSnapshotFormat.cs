using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Enjoin.Gate;

/// <summary>One thing that denies: a knowledge code word, its basis (canonical JSON), since when, and on which surfaces.</summary>
public sealed record SnapshotReason(string Code, string Basis, DateTimeOffset Since, Surfaces Surfaces = Surfaces.All);

/// <summary>A denied merchant or listing: its reasons in gate order, and the surfaces any of them deny.</summary>
public sealed class SnapshotEntry
{
    public SnapshotEntry(IReadOnlyList<SnapshotReason> reasons)
    {
        Reasons = reasons;
        foreach (var reason in reasons) Surfaces |= reason.Surfaces;
    }

    public IReadOnlyList<SnapshotReason> Reasons { get; }
    public Surfaces Surfaces { get; }
}

/// <summary>What the header of a snapshot file says.</summary>
public sealed record SnapshotHeader(int Version, long Sequence, DateTimeOffset AsOf, DateTimeOffset BuiltAt, long BodyLength, string Sha256);

/// <summary>A snapshot file that is not one, is of a later version, or does not match its own hash: refused whole.</summary>
public sealed class GateSnapshotCorruptException(string message) : IOException(message);

/// <summary>
/// The gate snapshot file, version 1 (byte layout in docs/gate-snapshot.md): a fixed 80-byte header
/// (magic, version, ledger sequence, as-of and build times, body length, SHA-256) and a body of
/// string tables and sorted entries. Written by the engine, read by <see cref="GateSnapshotFile"/>.
/// </summary>
public static class GateSnapshotFormat
{
    public const int Version = 1;
    public const int HeaderLength = 80;
    const int HashedHeaderLength = 48;
    const int HashOffset = 48;

    /// <summary><c>ENJGATE</c> and a zero byte.</summary>
    public static ReadOnlySpan<byte> Magic => "ENJGATE\0"u8;

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Unix microseconds (event times carry microseconds, DESIGN §4.6).</summary>
    public static long ToMicros(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicros(long micros) => new(DateTimeOffset.UnixEpoch.UtcTicks + micros * 10, TimeSpan.Zero);

    /// <summary>
    /// The whole file. Entries are written sorted by id (ordinal) with their reasons in the order
    /// given, so the same knowledge at the same sequence gives the same body.
    /// </summary>
    public static byte[] Write(long sequence, DateTimeOffset asOf, DateTimeOffset builtAt,
        IEnumerable<KeyValuePair<string, SnapshotEntry>> merchants, IEnumerable<KeyValuePair<string, SnapshotEntry>> listings)
    {
        var sortedMerchants = Sorted(merchants);
        var sortedListings = Sorted(listings);
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var bases = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entries in (KeyValuePair<string, SnapshotEntry>[][])[sortedMerchants, sortedListings])
            foreach (var (_, entry) in entries)
                foreach (var reason in entry.Reasons)
                {
                    codes.TryAdd(reason.Code, codes.Count);
                    bases.TryAdd(reason.Basis, bases.Count);
                }

        var body = new ArrayBufferWriter<byte>(1 << 16);
        WriteVarint(body, (uint)codes.Count);
        foreach (var code in codes.Keys) WriteString(body, code);
        WriteVarint(body, (uint)bases.Count);
        foreach (var basis in bases.Keys) WriteString(body, basis);
        foreach (var entries in (KeyValuePair<string, SnapshotEntry>[][])[sortedMerchants, sortedListings])
        {
            WriteVarint(body, (uint)entries.Length);
            foreach (var (id, entry) in entries)
            {
                if (entry.Reasons.Count == 0) throw new ArgumentException($"entry {id} has no reason", nameof(merchants));
                WriteString(body, id);
                WriteVarint(body, (uint)entry.Reasons.Count);
                foreach (var reason in entry.Reasons)
                {
                    WriteVarint(body, (uint)codes[reason.Code]);
                    body.GetSpan(1)[0] = (byte)reason.Surfaces;
                    body.Advance(1);
                    BinaryPrimitives.WriteInt64LittleEndian(body.GetSpan(8), ToMicros(reason.Since));
                    body.Advance(8);
                    WriteVarint(body, (uint)bases[reason.Basis]);
                }
            }
        }

        var file = new byte[HeaderLength + body.WrittenCount];
        var header = file.AsSpan(0, HeaderLength);
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], sequence);
        BinaryPrimitives.WriteInt64LittleEndian(header[24..], ToMicros(asOf));
        BinaryPrimitives.WriteInt64LittleEndian(header[32..], ToMicros(builtAt));
        BinaryPrimitives.WriteInt64LittleEndian(header[40..], body.WrittenCount);
        body.WrittenSpan.CopyTo(file.AsSpan(HeaderLength));
        Hash(file, file.AsSpan(HashOffset, 32));
        return file;
    }

    /// <summary>
    /// An HTTP entity tag for the file: the first 32 hex digits of SHA-256 of the body, quoted. The
    /// body is deterministic, so the tag stays while the denied entries stay, whatever the header says.
    /// </summary>
    public static string ETagOf(ReadOnlySpan<byte> file)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(file[HeaderLength..], hash);
        return $"\"{Convert.ToHexStringLower(hash[..16])}\"";
    }

    static KeyValuePair<string, SnapshotEntry>[] Sorted(IEnumerable<KeyValuePair<string, SnapshotEntry>> entries)
    {
        var array = entries.ToArray();
        Array.Sort(array, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return array;
    }

    /// <summary>SHA-256 of header bytes [0, 48) followed by the body.</summary>
    static void Hash(ReadOnlySpan<byte> file, Span<byte> hash)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(file[..HashedHeaderLength]);
        sha.AppendData(file[HeaderLength..]);
        sha.GetHashAndReset(hash);
    }

    /// <summary>Reads and checks the header and the hash; the body is what follows it.</summary>
    public static SnapshotHeader ReadHeader(ReadOnlySpan<byte> file)
    {
        if (file.Length < HeaderLength || !file[..8].SequenceEqual(Magic))
            throw new GateSnapshotCorruptException("not a gate snapshot file (bad magic)");
        int version = BinaryPrimitives.ReadUInt16LittleEndian(file[8..]);
        if (version != Version)
            throw new GateSnapshotCorruptException($"gate snapshot version {version} is not supported (this reader knows version {Version})");
        if (BinaryPrimitives.ReadUInt16LittleEndian(file[10..]) != 0 || BinaryPrimitives.ReadUInt32LittleEndian(file[12..]) != 0)
            throw new GateSnapshotCorruptException("gate snapshot has unknown flags");
        var bodyLength = BinaryPrimitives.ReadInt64LittleEndian(file[40..]);
        if (bodyLength != file.Length - HeaderLength)
            throw new GateSnapshotCorruptException($"gate snapshot is {file.Length} bytes; its header says {HeaderLength + bodyLength}");
        Span<byte> hash = stackalloc byte[32];
        Hash(file, hash);
        if (!hash.SequenceEqual(file.Slice(HashOffset, 32)))
            throw new GateSnapshotCorruptException("gate snapshot does not match its SHA-256: refused");
        return new SnapshotHeader(version, BinaryPrimitives.ReadInt64LittleEndian(file[16..]),
            FromMicros(BinaryPrimitives.ReadInt64LittleEndian(file[24..])), FromMicros(BinaryPrimitives.ReadInt64LittleEndian(file[32..])),
            bodyLength, Convert.ToHexStringLower(hash));
    }

    /// <summary>Reads a whole file: header, hash, then the entries (merchants, listings).</summary>
    public static (SnapshotHeader Header, List<KeyValuePair<string, SnapshotEntry>> Merchants, List<KeyValuePair<string, SnapshotEntry>> Listings) Read(ReadOnlySpan<byte> file)
    {
        var header = ReadHeader(file);
        var reader = new BodyReader(file[HeaderLength..]);
        try
        {
            var codes = new string[reader.Count(1)];
            for (var i = 0; i < codes.Length; i++) codes[i] = reader.String();
            var bases = new string[reader.Count(1)];
            for (var i = 0; i < bases.Length; i++) bases[i] = reader.String();
            var merchants = reader.Entries(codes, bases);
            var listings = reader.Entries(codes, bases);
            if (!reader.AtEnd) throw new GateSnapshotCorruptException("gate snapshot has bytes after its last entry");
            return (header, merchants, listings);
        }
        catch (Exception e) when (e is ArgumentException or DecoderFallbackException or IndexOutOfRangeException)
        {
            throw new GateSnapshotCorruptException($"gate snapshot body is malformed: {e.Message}");
        }
    }

    ref struct BodyReader(ReadOnlySpan<byte> body)
    {
        readonly ReadOnlySpan<byte> _body = body;
        int _at;

        public readonly bool AtEnd => _at == _body.Length;

        uint Varint()
        {
            uint value = 0;
            for (var shift = 0; shift < 35; shift += 7)
            {
                if (_at >= _body.Length) throw new GateSnapshotCorruptException("gate snapshot body ends inside a number");
                var b = _body[_at++];
                value |= (uint)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return value;
            }
            throw new GateSnapshotCorruptException("gate snapshot body has a number longer than 5 bytes");
        }

        /// <summary>A count, checked against the bytes left (each item takes at least <paramref name="minBytes"/>).</summary>
        public int Count(int minBytes)
        {
            var n = Varint();
            if (n > (uint)(_body.Length - _at) / (uint)minBytes) throw new GateSnapshotCorruptException("gate snapshot body has a count larger than the file");
            return (int)n;
        }

        ReadOnlySpan<byte> Take(int n)
        {
            if (n > _body.Length - _at) throw new GateSnapshotCorruptException("gate snapshot body ends early");
            var span = _body.Slice(_at, n);
            _at += n;
            return span;
        }

        public string String() => StrictUtf8.GetString(Take(Count(1)));

        int Index(int length)
        {
            var i = Varint();
            if (i >= (uint)length) throw new GateSnapshotCorruptException("gate snapshot body refers to a table entry that does not exist");
            return (int)i;
        }

        public List<KeyValuePair<string, SnapshotEntry>> Entries(string[] codes, string[] bases)
        {
            var n = Count(3);
            var entries = new List<KeyValuePair<string, SnapshotEntry>>(n);
            string? previous = null;
            for (var i = 0; i < n; i++)
            {
                var id = String();
                if (previous is not null && string.CompareOrdinal(previous, id) >= 0)
                    throw new GateSnapshotCorruptException($"gate snapshot entries are not in order at {id}");
                previous = id;
                var reasons = new SnapshotReason[Count(11)];
                if (reasons.Length == 0) throw new GateSnapshotCorruptException($"gate snapshot entry {id} has no reason");
                for (var r = 0; r < reasons.Length; r++)
                {
                    var code = codes[Index(codes.Length)];
                    var surfaces = (Surfaces)Take(1)[0];
                    if ((surfaces & ~Surfaces.All) != 0) throw new GateSnapshotCorruptException($"gate snapshot entry {id} names an unknown surface");
                    var since = BinaryPrimitives.ReadInt64LittleEndian(Take(8));
                    reasons[r] = new SnapshotReason(code, bases[Index(bases.Length)], FromMicros(since), surfaces);
                }
                entries.Add(new(id, new SnapshotEntry(reasons)));
            }
            return entries;
        }
    }

    static void WriteVarint(IBufferWriter<byte> writer, uint value)
    {
        var span = writer.GetSpan(5);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        writer.Advance(n);
    }

    static void WriteString(IBufferWriter<byte> writer, string text)
    {
        var length = StrictUtf8.GetByteCount(text);
        WriteVarint(writer, (uint)length);
        StrictUtf8.GetBytes(text, writer.GetSpan(length));
        writer.Advance(length);
    }
}
