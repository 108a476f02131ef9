using Enjoin.Gate;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Promotions;

/// <summary>
/// DESIGN §5.5 <c>exposures</c>: an order's report counts the promotions of its defendants that came after
/// knowledge based on that order (or the TRO it supersedes), per defendant and surface.
/// </summary>
public sealed class OrderExposuresTests
{
    static History Case()
    {
        Def[] defendants = [new Def(1, "19885566 Store", "M-1"), new Def(2, "Plush Outlet", "M-2")];
        return History.Create()
            .Merchant("M-1", "19885566 Store").Merchant("M-2", "Plush Outlet").Merchant("M-3", "Other Store")
            .Listing("L-1", "M-1", "Wooden train set", "2022-11-02T00:00:00Z")
            .Listing("L-3", "M-3", "Plush toy", "2022-11-02T00:00:00Z")
            // Knowledge that rests on no order: a notice on M-1's listing before the TRO, and on M-3's.
            .Notice("N-1", "2022-11-05T00:00:00Z", ["L-1"])
            .Notice("N-3", "2022-11-05T00:00:00Z", ["L-3"])
            .Order(OrderJson.Tro("kt-tro", "2022-11-10T15:00:00Z", defendants, "cease_infringement"))
            .Order(OrderJson.Injunction("kt-pi", "2022-11-22T15:00:00Z", defendants, ["cease_infringement"],
                kind: "preliminary_injunction", supersedes: "kt-tro"));
    }

    [Fact]
    public void Exposures_of_an_order_are_counted_per_defendant_and_surface_through_the_TRO_it_supersedes()
    {
        using var h = Case();
        var summary = h.Promotions(
            History.PromotionLine("P-notice", "sponsored_search", "M-1", "2022-11-06T00:00:00Z", "L-1"),   // notice only: not the order's
            History.PromotionLine("P-tro", "sponsored_search", "M-1", "2022-11-15T00:00:00Z"),            // under the TRO
            History.PromotionLine("P-pi-1", "promo_email", "M-1", "2022-12-01T00:00:00Z"),                // under the PI
            History.PromotionLine("P-pi-2", "premium_status", "M-2", "2022-12-01T00:00:00Z"),
            History.PromotionLine("P-other", "sponsored_search", "M-3", "2022-12-01T00:00:00Z", "L-3"));   // not a defendant
        Assert.Equal(5, summary.Exposures.Count);

        var pi = h.Engine.ExposuresOfOrder("kt-pi");
        Assert.NotNull(pi);
        Assert.Equal(["kt-pi", "kt-tro"], pi.Chain);
        Assert.Equal(3, pi.Total);
        var one = pi.Defendants.Single(d => d.No == 1);
        Assert.Equal(new Dictionary<string, int> { ["sponsored_search"] = 1, ["promo_email"] = 1 }, one.Surfaces);
        Assert.Equal(["P-tro", "P-pi-1"], one.Exposures.Select(e => e.Promotion));
        var two = pi.Defendants.Single(d => d.No == 2);
        Assert.Equal(new Dictionary<string, int> { ["premium_status"] = 1 }, two.Surfaces);

        // The TRO's own count does not reach forward into the PI that superseded it.
        var tro = h.Engine.ExposuresOfOrder("kt-tro");
        Assert.NotNull(tro);
        Assert.Equal(["P-tro"], tro.Defendants.SelectMany(d => d.Exposures).Select(e => e.Promotion));
        Assert.Null(h.Engine.ExposuresOfOrder("no-such-order"));
    }
}
