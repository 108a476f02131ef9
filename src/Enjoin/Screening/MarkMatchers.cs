using System.Collections.Concurrent;
using Enjoin.Engine;
using Enjoin.Orders;

namespace Enjoin.Screening;

/// <summary>
/// Compiled matchers, one per distinct set of marks and allowed phrases, built once per process. Allowed phrases
/// belong to a mark whatever its spelling: they are looked up by the mark's normalized form.
/// </summary>
public static class MarkMatchers
{
    static readonly ConcurrentDictionary<string, IMarkMatcher> Compiled = new(StringComparer.Ordinal);

    /// <summary>The order's marks with the phrases reviewers allowed for them.</summary>
    public static IMarkMatcher For(IStoreTransaction store, Order order) => For(order.Marks, AllowedByMark(store));

    public static IMarkMatcher For(IReadOnlyCollection<string> marks, IReadOnlyDictionary<string, string[]> allowed)
    {
        var specs = marks.Order(StringComparer.Ordinal)
            .Select(mark => new MarkSpec(mark, allowed.GetValueOrDefault(MarkText.Normalize(mark)) ?? []))
            .ToList();
        var key = string.Join('\u001e', specs.Select(spec => string.Join('\u001f', [spec.Mark, .. spec.Allowed])));
        return Compiled.GetOrAdd(key, _ => MarkMatcher.Compile(specs));
    }

    /// <summary>The allowed phrases of every mark, keyed by the mark's normalized form.</summary>
    public static IReadOnlyDictionary<string, string[]> AllowedByMark(IStoreTransaction store) =>
        store.AllowedPhrases().GroupBy(p => MarkText.Normalize(p.Mark), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Phrase).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
}
