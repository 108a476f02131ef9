using Enjoin.Common;
using Enjoin.Gate;
using Enjoin.Orders;

namespace Enjoin.Promotions;

/// <summary>One defendant's exposures under an order, counted per surface (DESIGN §5.5 <c>exposures: {"&lt;surface&gt;": n}</c>).</summary>
public sealed record DefendantExposures(int No, string? Name, IReadOnlyList<string> Merchants, IReadOnlyDictionary<string, int> Surfaces,
    IReadOnlyList<ExposureView> Exposures);

/// <summary>
/// The exposures an order's report counts: promotions of its defendants' merchants that came after
/// knowledge resting on this order or on an order it supersedes (a PI takes over the TRO's knowledge).
/// </summary>
public sealed record OrderExposures(string Order, IReadOnlyList<string> Chain, IReadOnlyList<DefendantExposures> Defendants)
{
    public int Total => Defendants.Sum(d => d.Exposures.Count);

    /// <summary>Groups the defendants' exposures; an exposure counts when one of its reasons rests on an order of the chain.</summary>
    public static OrderExposures Of(string order, IReadOnlyList<string> chain, IReadOnlyList<Defendant> defendants,
        Func<string, IReadOnlyList<Exposure>> exposuresOf)
    {
        var orders = chain.ToHashSet(StringComparer.Ordinal);
        var result = new List<DefendantExposures>();
        foreach (var d in defendants)
        {
            var merchants = d.Merchants.Select(m => m.Merchant).Distinct(StringComparer.Ordinal).ToList();
            var exposures = merchants
                .SelectMany(exposuresOf)
                .Where(e => e.Reasons.Any(r => r.Basis.Order is { } o && orders.Contains(o)))
                .OrderBy(e => e.At).ThenBy(e => e.Id)
                .ToList();
            var surfaces = exposures.GroupBy(e => e.Surface).OrderBy(g => g.Key)
                .ToDictionary(g => Words<Surface>.Of(g.Key), g => g.Count(), StringComparer.Ordinal);
            result.Add(new DefendantExposures(d.No, d.Name, merchants, surfaces, exposures.Select(ExposureView.Of).ToList()));
        }
        return new OrderExposures(order, chain, result);
    }
}
