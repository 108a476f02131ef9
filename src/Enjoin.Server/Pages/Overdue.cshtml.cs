using Enjoin.Knowledge;
using Enjoin.Server.Security;
using Enjoin.Server.Web;
using Microsoft.AspNetCore.Authorization;

namespace Enjoin.Server.Pages;

/// <summary>Overdue takedowns (issue 7.1): listings still active beyond the takedown SLA after knowledge (DESIGN §4.3).</summary>
[Authorize(Policy = Policies.Knowledge)]
public sealed class OverdueModel : UiPage
{
    public IReadOnlyList<KnowledgeFact> Facts { get; private set; } = [];

    public void OnGet() =>
        Facts = [.. Host.Use(engine => engine.Read(s => s.OpenFacts(KnowledgeCode.ActiveDespiteNotice))).Where(f => f.Listing is not null).OrderBy(f => f.Since)];
}
