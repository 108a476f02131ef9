using System.Collections.Frozen;

namespace Enjoin.Gate;

/// <summary>
/// Immutable map from an id (ordinal) to what denies it: a large frozen base plus a small frozen
/// overlay of the ids changed since the base was built (a null value: no longer denied). A change
/// makes a new index that shares the base, so an update costs the overlay, not the millions of ids.
/// Lookups take no lock and allocate nothing (STYLE §7).
/// </summary>
public sealed class GateIndex<T> where T : class
{
    readonly FrozenDictionary<string, T> _base;
    readonly FrozenDictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> _baseSpans;
    readonly FrozenDictionary<string, T?>? _overlay;
    readonly FrozenDictionary<string, T?>.AlternateLookup<ReadOnlySpan<char>> _overlaySpans;

    GateIndex(FrozenDictionary<string, T> @base, FrozenDictionary<string, T?>? overlay, int count)
    {
        _base = @base;
        _baseSpans = @base.GetAlternateLookup<ReadOnlySpan<char>>();
        _overlay = overlay is { Count: > 0 } ? overlay : null;
        if (_overlay is not null) _overlaySpans = _overlay.GetAlternateLookup<ReadOnlySpan<char>>();
        Count = count;
    }

    public static GateIndex<T> Empty { get; } = new(FrozenDictionary<string, T>.Empty, null, 0);

    /// <summary>A fresh base of these entries (ids unique), no overlay.</summary>
    public static GateIndex<T> Create(IEnumerable<KeyValuePair<string, T>> entries)
    {
        var frozen = entries.ToFrozenDictionary(StringComparer.Ordinal);
        return new GateIndex<T>(frozen, null, frozen.Count);
    }

    /// <summary>Ids denied.</summary>
    public int Count { get; }

    /// <summary>Ids in the overlay (changed since the base was built).</summary>
    public int OverlayCount => _overlay?.Count ?? 0;

    /// <summary>What denies <paramref name="id"/>, or null.</summary>
    public T? Find(string id)
    {
        var overlay = _overlay;
        if (overlay is not null && overlay.TryGetValue(id, out var changed)) return changed;
        return _base.TryGetValue(id, out var entry) ? entry : null;
    }

    /// <summary>What denies <paramref name="id"/>, or null, without a string for the id.</summary>
    public T? Find(ReadOnlySpan<char> id)
    {
        if (_overlay is not null && _overlaySpans.TryGetValue(id, out var changed)) return changed;
        return _baseSpans.TryGetValue(id, out var entry) ? entry : null;
    }

    /// <summary>
    /// A new index with these ids replaced (null: no longer denied), sharing this one's base. When
    /// the overlay would outgrow <paramref name="maxOverlay"/>, the base is rebuilt instead.
    /// </summary>
    public GateIndex<T> With(IReadOnlyDictionary<string, T?> changes, int maxOverlay = 65_536)
    {
        if (changes.Count == 0) return this;
        var overlay = new Dictionary<string, T?>(_overlay ?? (IEnumerable<KeyValuePair<string, T?>>)[], StringComparer.Ordinal);
        var count = Count;
        foreach (var (id, entry) in changes)
        {
            var was = Find(id) is not null;
            if (was && entry is null) count--;
            else if (!was && entry is not null) count++;
            overlay[id] = entry;
        }
        var index = new GateIndex<T>(_base, overlay.ToFrozenDictionary(StringComparer.Ordinal), count);
        return overlay.Count > maxOverlay ? index.Compact() : index;
    }

    /// <summary>The same entries in one new base.</summary>
    public GateIndex<T> Compact() => _overlay is null ? this : Create(Entries());

    /// <summary>Every denied id and its entry, in no particular order.</summary>
    public IEnumerable<KeyValuePair<string, T>> Entries()
    {
        var overlay = _overlay;
        foreach (var pair in _base)
            if (overlay is null || !overlay.ContainsKey(pair.Key)) yield return pair;
        if (overlay is null) yield break;
        foreach (var (id, entry) in overlay)
            if (entry is not null) yield return new KeyValuePair<string, T>(id, entry);
    }
}
