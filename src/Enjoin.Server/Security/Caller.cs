using System.Security.Claims;
using Enjoin.Accounts;
using Enjoin.Common;

namespace Enjoin.Server.Security;

/// <summary>Who is asking: a signed-in person or a system's key, with its role and (for rights holders) owner.</summary>
public sealed record Caller(string Name, Role Role, string? Owner)
{
    public const string OwnerClaim = "enjoin:owner";

    public static Caller Of(ClaimsPrincipal user) =>
        new(user.Identity?.Name ?? "anonymous",
            Words<Role>.TryParse(user.FindFirstValue(ClaimTypes.Role), out var role) ? role : Role.Auditor,
            user.FindFirstValue(OwnerClaim));

    public static ClaimsPrincipal Principal(string name, Role role, string? owner, string scheme)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.Role, Words<Role>.Of(role)) };
        if (owner is not null) claims.Add(new Claim(OwnerClaim, owner));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public bool IsRightsHolder => Role == Role.RightsHolder;

    /// <summary>A rights holder sees only what it submitted, or what names it (plaintiff, notifier).</summary>
    public bool Owns(string? recordedOwner, string? namedParty) =>
        !IsRightsHolder || (Owner is not null && (string.Equals(recordedOwner, Owner, StringComparison.OrdinalIgnoreCase) ||
                                                  string.Equals(namedParty, Owner, StringComparison.OrdinalIgnoreCase)));
}
