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

    public static void Add(AuthorizationOptions options)
    {
        void Allow(string name, params Role[] roles) =>
            options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole([.. roles.Append(Role.Admin).Select(Words<Role>.Of)]));

        Allow(Read, Role.Legal, Role.Reviewer, Role.RightsHolder, Role.Auditor);
        Allow(Ingest, Role.Marketplace);
        Allow(Gate, Role.Marketplace, Role.Legal, Role.Reviewer, Role.Auditor);
        Allow(ServeOrders, Role.Legal, Role.RightsHolder);
        Allow(SubmitNotices, Role.Legal, Role.RightsHolder);
        Allow(CounterNotices, Role.Legal, Role.Marketplace, Role.RightsHolder);
        Allow(Review, Role.Reviewer, Role.Legal);
        Allow(Audit, Role.Auditor, Role.Legal);
        Allow(Knowledge, Role.Legal, Role.Reviewer, Role.Auditor, Role.Marketplace);
        Allow(Actions, Role.Marketplace, Role.Legal, Role.Reviewer, Role.Auditor);
        Allow(Exposures, Role.Legal, Role.Reviewer, Role.Auditor);
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
