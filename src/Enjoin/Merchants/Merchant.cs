namespace Enjoin.Merchants;

/// <summary>A marketplace seller account as the marketplace describes it (DESIGN §3).</summary>
public sealed record Merchant(
    string Id, string? StoreName, string? StoreUrl, string? PayoutAccount,
    string? Email, string? Phone, string? Address, bool Premium)
{
    /// <summary>Enjoin's own enforcement state of the account; never set by the marketplace's feed.</summary>
    public MerchantStanding Standing { get; init; } = MerchantStanding.Clear;

    public bool SameProfile(Merchant other) =>
        Id == other.Id && StoreName == other.StoreName && StoreUrl == other.StoreUrl &&
        PayoutAccount == other.PayoutAccount && Email == other.Email && Phone == other.Phone &&
        Address == other.Address && Premium == other.Premium;
}

public enum AccountStatus { Active, Suspended, Terminated }

/// <summary>
/// The holds and restrictions Enjoin has instructed and not released. Set when the action is
/// issued, so a second order never issues a second hold and a release is issued exactly once.
/// </summary>
public sealed record MerchantStanding(AccountStatus Account, bool PayoutsHeld, bool RecordsHeld, bool StorefrontDisabled)
{
    public static readonly MerchantStanding Clear = new(AccountStatus.Active, false, false, false);
}

/// <summary>How a merchant is linked to another: the shared detail (DESIGN §3).</summary>
public sealed record MerchantLink(string Merchant, string Via, string Value);
