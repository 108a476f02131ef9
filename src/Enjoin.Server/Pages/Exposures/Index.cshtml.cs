using Enjoin.Promotions;
using Enjoin.Server.Security;
using Enjoin.Server.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Enjoin.Server.Pages.Exposures;

/// <summary>Promotions made after knowledge (issue 7.6), optionally of one merchant or one order's defendants (as <c>GET /api/v1/exposures</c>).</summary>
[Authorize(Policy = Policies.Exposures)]
public sealed class IndexModel : UiPage
{
    [BindProperty(SupportsGet = true, Name = "merchant")] public string? Merchant { get; set; }
    [BindProperty(SupportsGet = true, Name = "order")] public string? Order { get; set; }
    public IReadOnlyList<ExposureView> Exposures { get; private set; } = [];

    public IActionResult OnGet()
    {
        IReadOnlyList<ExposureView> exposures;
        if (!string.IsNullOrWhiteSpace(Order))
        {
            if (Host.Use(engine => engine.ExposuresOfOrder(Order.Trim())) is not { } ofOrder) return NotFound();
            exposures = [.. ofOrder.Defendants.SelectMany(d => d.Exposures).DistinctBy(e => e.Promotion).OrderBy(e => e.At)];
        }
        else exposures = Host.Use(engine => engine.Exposures());
        if (!string.IsNullOrWhiteSpace(Merchant)) exposures = [.. exposures.Where(e => e.Merchant == Merchant.Trim())];
        Exposures = exposures;
        return Page();
    }
}
