using Enjoin.Orders;
using Enjoin.Server.Apis;
using Enjoin.Server.Security;
using Enjoin.Server.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Enjoin.Server.Pages.Orders;

/// <summary>Court orders; a rights holder sees only its own (as <c>GET /api/v1/orders</c>).</summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(IAuthorizationService authorization) : UiPage
{
    [BindProperty(SupportsGet = true, Name = "in_force")] public bool InForceOnly { get; set; }
    public IReadOnlyList<Order> Orders { get; private set; } = [];
    public bool MayImport { get; private set; }

    public async Task OnGetAsync()
    {
        MayImport = (await authorization.AuthorizeAsync(User, Policies.ServeOrders)).Succeeded;
        var caller = Caller;
        Orders = Host.Use(engine => engine.Orders().Where(o => OrdersApi.Visible(engine, caller, o)).ToList());
        if (InForceOnly) Orders = [.. Orders.Where(o => o.InForce && o.IsInjunction)];
    }
}
