using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Server.Security;
using Enjoin.Server.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Enjoin.Server.Pages.Actions;

/// <summary>The action outbox (issue 7.6), filtered by status (as <c>GET /api/v1/actions</c>); reviewers and legal retry failed ones.</summary>
[Authorize(Policy = Policies.Actions)]
public sealed class IndexModel(IAuthorizationService authorization) : UiPage
{
    public const int Shown = 500;

    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }
    public ActionStatus? Filter { get; private set; }
    public IReadOnlyList<ActionView> Actions { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyDictionary<ActionStatus, int> Counts { get; private set; } = new Dictionary<ActionStatus, int>();
    public bool MayRetry { get; private set; }
    public ActionView? Retried { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await Load()) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(long id)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Review)).Succeeded) return Forbid();
        try
        {
            var caller = Caller;
            Retried = Host.Use(engine => engine.RetryAction(id, caller.Name));
        }
        catch (InputRejectedException e)
        {
            Errors.AddRange(e.Errors);
        }
        await Load();
        return Page();
    }

    async Task<bool> Load()
    {
        MayRetry = (await authorization.AuthorizeAsync(User, Policies.Review)).Succeeded;
        if (Status is { Length: > 0 })
        {
            if (!Words<ActionStatus>.TryParse(Status, out var status)) return false;
            Filter = status;
        }
        var all = Host.Use(engine => engine.Actions());
        Counts = all.GroupBy(a => a.Status).ToDictionary(g => g.Key, g => g.Count());
        var chosen = all.Where(a => Filter is not { } f || a.Status == f).ToList();
        Total = chosen.Count;
        Actions = [.. chosen.OrderByDescending(a => a.Id).Take(Shown)];
        return true;
    }
}
