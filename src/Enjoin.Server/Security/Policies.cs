using Enjoin.Accounts;
using Enjoin.Common;
using Microsoft.AspNetCore.Authorization;

namespace Enjoin.Server.Security;

/// <summary>Which roles may do what (DESIGN §2); admin may do everything.</summary>
public static class Policies
{
    public const string Read = "read";            // orders, knowledge, actions: every role but marketplace-only systems' limits below
    public const string Ingest = "ingest";        // merchants, listings, promotions, action confirmation
    public const string Gate = "gate";
    public const string ServeOrders = "serve-orders";
    public const string SubmitNotices = "submit-notices";
    public const string CounterNotices = "counter-notices";
    public const string Review = "review";
    public const string Audit = "audit";
    public const string Knowledge = "knowledge";
    public const string Actions = "actions";
    public const string Exposures = "exposures";     // promotions made after knowledge

    static readonly Dictionary<string, Role[]> Allowed = new()
    {
        [Read] = [Role.Legal, Role.Reviewer, Role.RightsHolder, Role.Auditor],
        [Ingest] = [Role.Marketplace],
        [Gate] = [Role.Marketplace, Role.Legal, Role.Reviewer, Role.Auditor],
        [ServeOrders] = [Role.Legal, Role.RightsHolder],
        [SubmitNotices] = [Role.Legal, Role.RightsHolder],
        [CounterNotices] = [Role.Legal, Role.Marketplace, Role.RightsHolder],
        [Review] = [Role.Reviewer, Role.Legal],
        [Audit] = [Role.Auditor, Role.Legal],
        [Knowledge] = [Role.Legal, Role.Reviewer, Role.Auditor, Role.Marketplace],
        [Actions] = [Role.Marketplace, Role.Legal, Role.Reviewer, Role.Auditor],
        [Exposures] = [Role.Legal, Role.Reviewer, Role.Auditor],
    };

    /// <summary>Whether a policy allows a role: what its authorization requirement checks, for code that answers ahead of it.</summary>
    public static bool Allows(string policy, Role role) => role == Role.Admin || Allowed[policy].Contains(role);

    public static void Add(AuthorizationOptions options)
    {
        foreach (var (name, roles) in Allowed)
            options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole([.. roles.Append(Role.Admin).Select(Words<Role>.Of)]));
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
