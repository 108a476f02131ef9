namespace Enjoin.Demo;

/// <summary>How a Schedule A row is meant to resolve under DESIGN §4.1.1.</summary>
public enum DemoResolution { SellerId, StoreUrl, StoreName, Unresolvable }

/// <summary>A Schedule A row and the merchant it is meant to resolve to (null when unresolvable).</summary>
public sealed record DemoDefendant(int No, string Name, string? SellerId, string? StoreUrl, string? MerchantId,
    DemoResolution Resolution, string Note);

/// <summary>A merchant linked to a resolved defendant by a shared field (payout_account, email or phone).</summary>
public sealed record DemoAlias(int DefendantNo, string DefendantMerchant, string AliasMerchant, string SharedField);

/// <summary>A counterfeit listing. Seller: defendant, non_defendant, ambiguous_unresolved, alias.</summary>
public sealed record DemoCounterfeit(string Listing, string Merchant, string Seller, DateTimeOffset At);

/// <summary>
/// A relisting attempt by an enjoined defendant (a new listing, or a title_change of an existing one).
/// Technique: separators, case, diacritics, leetspeak, cyrillic, greek, one_edit, image_exact, image_near, title_change.
/// FirstMatcherCatches: lowercase + strip diacritics + drop non-alphanumerics already reveals the mark.
/// PhotoEdit (image techniques): how the reused photo was changed — <c>re_encoded</c> or <c>cropped_resized_brightened</c>.
/// </summary>
public sealed record DemoRelist(string Listing, string Merchant, int DefendantNo, string Technique,
    bool FirstMatcherCatches, string? ReusedImageFrom, string? PhotoEdit, DateTimeOffset At);

/// <summary>A merchant named in notices, one strike per notice (DESIGN §4.2.2).</summary>
public sealed record DemoNoticed(string Merchant, string Role, IReadOnlyList<string> Notices, IReadOnlyList<string> Listings);

/// <summary>The notable actors and ids of the demo, for writing expectations.</summary>
public sealed record DemoCast(
    IReadOnlyList<DemoDefendant> Defendants,
    IReadOnlyList<DemoAlias> Aliases,
    IReadOnlyList<DemoCounterfeit> Counterfeits,
    IReadOnlyList<string> NearMissListings,
    IReadOnlyList<DemoRelist> Relists,
    IReadOnlyList<DemoNoticed> Noticed,
    IReadOnlyList<string> ThreeStrikeMerchants,
    string NonDefendantCounterfeiter,
    IReadOnlyList<string> AmbiguousNameMerchants,
    string TrustedFlaggerNotice,
    string WronglyNoticedListing,
    string WronglyNoticedMerchant,
    string CounterNotice,
    string PromoEmailToCounsel,
    IReadOnlyList<string> PremiumGrantedTo,
    int DismissedDefendantNo,
    string DismissedDefendantMerchant)
{
    public IEnumerable<int> UnresolvableNos => Defendants.Where(d => d.Resolution == DemoResolution.Unresolvable).Select(d => d.No);
    public IEnumerable<int> RelistingDefendantNos => Relists.Select(r => r.DefendantNo).Distinct();
}
