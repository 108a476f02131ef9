namespace Enjoin.Gate;

/// <summary>The promotional surfaces the gate guards (DESIGN §4.4).</summary>
public enum Surface { SponsoredSearch, OffsiteAd, PromoEmail, Recommendation, PremiumStatus }

/// <summary>A set of surfaces, one bit each (bit n = <see cref="Surface"/> value n); the snapshot file stores it per reason.</summary>
[Flags]
public enum Surfaces : byte
{
    None = 0,
    SponsoredSearch = 1 << Surface.SponsoredSearch,
    OffsiteAd = 1 << Surface.OffsiteAd,
    PromoEmail = 1 << Surface.PromoEmail,
    Recommendation = 1 << Surface.Recommendation,
    PremiumStatus = 1 << Surface.PremiumStatus,
    All = SponsoredSearch | OffsiteAd | PromoEmail | Recommendation | PremiumStatus,
}

public static class SurfaceSet
{
    /// <summary>The bit of one surface.</summary>
    public static Surfaces Of(Surface surface) => (Surfaces)(1 << (int)surface);

    /// <summary>The snake_case word of DESIGN §4.4 (<c>sponsored_search</c>).</summary>
    public static string Word(Surface surface) => surface switch
    {
        Surface.SponsoredSearch => "sponsored_search",
        Surface.OffsiteAd => "offsite_ad",
        Surface.PromoEmail => "promo_email",
        Surface.Recommendation => "recommendation",
        Surface.PremiumStatus => "premium_status",
        _ => throw new ArgumentOutOfRangeException(nameof(surface)),
    };
}
