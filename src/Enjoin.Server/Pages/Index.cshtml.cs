using Enjoin.Actions;
using Enjoin.Knowledge;
using Enjoin.Review;
using Enjoin.Server.Apis;
using Enjoin.Server.Security;
using Enjoin.Server.Web;
using Microsoft.AspNetCore.Authorization;

namespace Enjoin.Server.Pages;

/// <summary>The dashboard (issue 7.1): what needs attention, each number a link to its list. Each role sees only its share.</summary>
public sealed class IndexModel(IAuthorizationService authorization) : UiPage
{
    public DateTimeOffset Clock { get; private set; }
    public IReadOnlyDictionary<ReviewKind, int>? OpenReviews { get; private set; }
    public int? Overdue { get; private set; }
    public int? Exposures { get; private set; }
    public int? FailedActions { get; private set; }
    public int? PendingActions { get; private set; }
    public int? OrdersInForce { get; private set; }
    public int? Notices { get; private set; }
    /// <summary>A rights holder's own orders, each with its compliance report.</summary>
    public IReadOnlyList<Enjoin.Orders.Order> OwnOrders { get; private set; } = [];

    public async Task OnGetAsync()
    {
        async Task<bool> May(string policy) => (await authorization.AuthorizeAsync(User, policy)).Succeeded;
        var (review, knowledge, exposures, actions, read) =
            (await May(Policies.Review), await May(Policies.Knowledge), await May(Policies.Exposures), await May(Policies.Actions), await May(Policies.Read));
        var caller = Caller;
        Host.Use(engine =>
        {
            Clock = engine.Clock;
            if (review)
                OpenReviews = engine.Read(s => s.ReviewItems(ReviewStatus.Open)).GroupBy(i => i.Kind).ToDictionary(g => g.Key, g => g.Count());
            if (knowledge) Overdue = engine.Read(s => s.OpenFacts(KnowledgeCode.ActiveDespiteNotice)).Count(f => f.Listing is not null);
            if (exposures) Exposures = engine.Read(s => s.Exposures()).Count;
            if (actions)
            {
                FailedActions = engine.Read(s => s.Actions(ActionStatus.Failed)).Count;
                PendingActions = engine.Read(s => s.Actions(ActionStatus.Pending)).Count + engine.Read(s => s.Actions(ActionStatus.Sent)).Count;
            }
            if (read)
            {
                var visible = engine.Orders().Where(o => OrdersApi.Visible(engine, caller, o)).ToList();
                OrdersInForce = visible.Count(o => o.InForce && o.IsInjunction);
                if (caller.IsRightsHolder) OwnOrders = [.. visible.Where(o => o.IsInjunction)];
                Notices = engine.Read(s => s.Notices()).Count(n => NoticesApi.Visible(engine, caller, n));
            }
        });
    }
}
