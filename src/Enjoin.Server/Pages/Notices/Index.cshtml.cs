using Enjoin.Notices;
using Enjoin.Server.Apis;
using Enjoin.Server.Security;
using Enjoin.Server.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Enjoin.Server.Pages.Notices;

/// <summary>Notices with their receipts; a rights holder sees only its own (as <c>GET /api/v1/notices</c>).</summary>
[Authorize(Policy = Policies.Read)]
public sealed class IndexModel(IAuthorizationService authorization) : UiPage
{
    public IReadOnlyList<NoticeRecord> Notices { get; private set; } = [];
    public bool MaySubmit { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        MaySubmit = (await authorization.AuthorizeAsync(User, Policies.SubmitNotices)).Succeeded;
        var caller = Caller;
        Notices = Host.Use(engine => engine.Read(s => s.Notices()).Where(n => NoticesApi.Visible(engine, caller, n)).OrderByDescending(n => n.Sequence).ToList());
        return Page();
    }
}
