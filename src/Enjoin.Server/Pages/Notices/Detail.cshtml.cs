using Enjoin.Listings;
using Enjoin.Notices;
using Enjoin.Server.Apis;
using Enjoin.Server.Security;
using Enjoin.Server.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Enjoin.Server.Pages.Notices;

/// <summary>A notice's receipt and the status of each listing it named; another's notice does not exist (as the API).</summary>
[Authorize(Policy = Policies.Read)]
public sealed class DetailModel : UiPage
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";
    [BindProperty(SupportsGet = true, Name = "received")] public bool JustReceived { get; set; }

    public NoticeRecord Notice { get; private set; } = null!;
    public IReadOnlyList<(NoticeListing Named, Listing? Listing)> Listings { get; private set; } = [];
    public IReadOnlyList<CounterNoticeRecord> CounterNotices { get; private set; } = [];

    public IActionResult OnGet()
    {
        var caller = Caller;
        var found = Host.Use(engine =>
        {
            if (engine.Read(s => s.GetNotice(Id)) is not { } notice || !NoticesApi.Visible(engine, caller, notice)) return false;
            Notice = notice;
            return engine.Read(s => Load(s));
        });
        return found ? Page() : NotFound();
    }

    bool Load(Enjoin.Engine.IStoreTransaction s)
    {
        var named = s.NoticeListings(Id);
        var listings = s.GetListings(named.Select(n => n.Listing).ToList());
        Listings = [.. named.Select(n => (n, listings.GetValueOrDefault(n.Listing)))];
        CounterNotices = s.CounterNoticesOf(Id);
        return true;
    }
}
