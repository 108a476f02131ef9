namespace Enjoin.Screening.Images;

/// <summary>
/// Near-duplicate search by scanning every entry: XOR and popcount over columns of 64-bit words
/// (<see cref="HammingScan"/>). No structure to maintain, so <c>Add</c> is an append; a search costs
/// time in proportion to the number of entries whatever the radius. Threading as
/// <see cref="INearDuplicateIndex{TPayload}"/>: one writer, lock-free concurrent readers.
/// </summary>
public sealed class PopCountScanIndex<TPayload> : INearDuplicateIndex<TPayload>
{
    readonly HashLog<TPayload> _log = new();

    /// <summary>
    /// An empty index with the scalar kernel (hardware popcnt): at 1,000,000 entries the scan is memory-bound and
    /// the vector kernels measured no faster (bench/RESULTS.md, "PDQ near-duplicate index").
    /// </summary>
    public PopCountScanIndex()
        : this(vector: false)
    {
    }

    /// <summary>An empty index; <paramref name="vector"/> true uses the widest vector kernel the CPU has (AVX-512BW or AVX2).</summary>
    public PopCountScanIndex(bool vector)
        : this(vector ? HammingScan.VectorWidth : 0)
    {
    }

    /// <summary>An empty index with the vector kernel of this width (512, 256), or the scalar one (0) — for tests and benches.</summary>
    internal PopCountScanIndex(int vectorWidth) => VectorWidth = Math.Min(vectorWidth, HammingScan.VectorWidth);

    /// <summary>Bits of the vector kernel searches use: 512, 256, or 0 for the scalar kernel.</summary>
    public int VectorWidth { get; }

    /// <inheritdoc/>
    public int Count => _log.Count;

    /// <inheritdoc/>
    public void Add(PdqHash hash, TPayload payload) => _log.Add(hash, payload);

    /// <inheritdoc/>
    public void Search(PdqHash query, int radius, List<NearDuplicate<TPayload>> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        NearDuplicateIndex.CheckRadius(radius);
        results.Clear();
        var columns = _log.Read(out var count);
        if (VectorWidth > 0) HammingScan.Vector(columns, 0, count, query, radius, results, VectorWidth);
        else HammingScan.Scalar(columns, 0, count, query, radius, results);
        NearDuplicateIndex.Sort(results);
    }
}
