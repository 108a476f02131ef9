using System.Runtime.InteropServices;

namespace Enjoin.Screening.Images;

/// <summary>One entry of an index found near a query: its hash and payload, the distance, and its entry number.</summary>
/// <param name="Hash">The hash as added.</param>
/// <param name="Payload">The payload as added (e.g. the listing and image it came from).</param>
/// <param name="Distance">Hamming distance from the query (0–256).</param>
/// <param name="Entry">Insertion number of the entry: 0 for the first <c>Add</c>, 1 for the next, …</param>
public readonly record struct NearDuplicate<TPayload>(PdqHash Hash, TPayload Payload, int Distance, int Entry);

/// <summary>
/// Hashes with payloads, searched for every entry within a Hamming radius of a query (DESIGN §4.5, §6.2).
/// Entries are only added, one at a time, and each <c>Add</c> is visible to the next search; the same
/// hash added twice is two entries.
/// </summary>
/// <remarks>
/// Threading: one writer, any number of readers. <c>Add</c> (and anything else that writes) must be called
/// by one thread at a time; <c>Search</c> may run on any thread concurrently with it, takes no lock, and
/// sees the entries added before it started (a prefix of the insertion order; an <c>Add</c> racing with
/// it may or may not be seen). Entries are written first and the count published after them with a
/// volatile write, so a reader never sees a partly written entry.
/// Quality: the index does not know about PDQ quality; callers that know it use
/// <see cref="NearDuplicateIndex.TryAdd"/> and <see cref="NearDuplicateIndex.TrySearch"/>, which refuse
/// hashes below <see cref="NearDuplicateIndex.MinQuality"/>.
/// </remarks>
public interface INearDuplicateIndex<TPayload>
{
    /// <summary>Number of entries added so far.</summary>
    int Count { get; }

    /// <summary>Adds one entry. Writer only (see the remarks of the interface).</summary>
    void Add(PdqHash hash, TPayload payload);

    /// <summary>
    /// Clears <paramref name="results"/> and fills it with every entry within <paramref name="radius"/>
    /// (0–256) of <paramref name="query"/>, by distance then insertion order. Allocates nothing beyond the
    /// growth of <paramref name="results"/>.
    /// </summary>
    void Search(PdqHash query, int radius, List<NearDuplicate<TPayload>> results);
}

/// <summary>The rule's numbers, the default index, and quality-aware entry points.</summary>
public static class NearDuplicateIndex
{
    /// <summary>DESIGN §4.5: within Hamming distance 31 of a taken-down image is a near-duplicate.</summary>
    public const int Radius = 31;

    /// <summary>DESIGN §4.5: PDQ hashes of quality below 50 are ignored.</summary>
    public const int MinQuality = 50;

    /// <summary>Whether a hash of this PDQ quality (0–100) takes part in near-duplicate screening.</summary>
    public static bool IsUsable(int quality) => quality >= MinQuality;

    /// <summary>
    /// The index the engine uses: multi-index hashing (bench/RESULTS.md, "PDQ near-duplicate index": at
    /// 1,000,000 entries 0.2–0.6 ms a query, 3–6× faster than the scan, on random and clustered hashes).
    /// </summary>
    public static INearDuplicateIndex<TPayload> Create<TPayload>() => new MultiIndexHashIndex<TPayload>();

    /// <summary>Adds the entry unless its quality is below <see cref="MinQuality"/>; returns whether it was added.</summary>
    public static bool TryAdd<TPayload>(this INearDuplicateIndex<TPayload> index, PdqHash hash, int quality, TPayload payload)
    {
        ArgumentNullException.ThrowIfNull(index);
        if (!IsUsable(quality)) return false;
        index.Add(hash, payload);
        return true;
    }

    /// <summary>
    /// Searches within <see cref="Radius"/> unless the query's quality is below <see cref="MinQuality"/>,
    /// in which case <paramref name="results"/> is cleared and false returned (an unusable hash matches nothing).
    /// </summary>
    public static bool TrySearch<TPayload>(this INearDuplicateIndex<TPayload> index, PdqHash query, int quality, List<NearDuplicate<TPayload>> results)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(results);
        if (!IsUsable(quality))
        {
            results.Clear();
            return false;
        }

        index.Search(query, Radius, results);
        return true;
    }

    /// <summary>Every entry within <paramref name="radius"/> of <paramref name="query"/>, by distance then insertion order, in a new list.</summary>
    public static List<NearDuplicate<TPayload>> Search<TPayload>(this INearDuplicateIndex<TPayload> index, PdqHash query, int radius = Radius)
    {
        ArgumentNullException.ThrowIfNull(index);
        var results = new List<NearDuplicate<TPayload>>();
        index.Search(query, radius, results);
        return results;
    }

    internal static void CheckRadius(int radius) =>
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)radius, 256u, nameof(radius));

    /// <summary>Sorts by distance, then entry: the order every index answers in.</summary>
    internal static void Sort<TPayload>(List<NearDuplicate<TPayload>> results)
    {
        // A cached delegate: Span.Sort with a struct comparer would box it and allocate a delegate per call.
        if (results.Count > 1) CollectionsMarshal.AsSpan(results).Sort(Order<TPayload>.ByDistanceThenEntry);
    }

    static class Order<TPayload>
    {
        public static readonly Comparison<NearDuplicate<TPayload>> ByDistanceThenEntry = static (x, y) =>
            x.Distance != y.Distance ? x.Distance.CompareTo(y.Distance) : x.Entry.CompareTo(y.Entry);
    }
}
