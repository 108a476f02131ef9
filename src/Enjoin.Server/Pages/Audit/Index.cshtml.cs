using Enjoin.Ledger;
using Enjoin.Server.Security;
using Enjoin.Server.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Enjoin.Server.Pages.Audit;

/// <summary>The ledger browser (issue 7.6): by sequence, or one subject's events; and the chain verified on request (as <c>GET /api/v1/audit/verify</c>).</summary>
[Authorize(Policy = Policies.Audit)]
public sealed class IndexModel : UiPage
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "from")] public long? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "subject")] public string? Subject { get; set; }
    public IReadOnlyList<LedgerEntry> Entries { get; private set; } = [];
    public long Head { get; private set; }
    public (LedgerFault? Fault, long Rows)? Verified { get; private set; }

    public void OnGet() => Load();

    public IActionResult OnPostVerify()
    {
        Verified = Host.Use(engine => engine.VerifyLedger());
        Load();
        return Page();
    }

    void Load()
    {
        var subject = string.IsNullOrWhiteSpace(Subject) ? null : Subject.Trim();
        Host.Use(engine => engine.Read(s =>
        {
            Head = s.LedgerHead;
            var from = From ?? (subject is null ? Math.Max(1, Head - PageSize + 1) : 1);
            Entries = subject is null ? [.. s.ReadLedger(from).Take(PageSize)] : s.LedgerOfSubject(subject, from, PageSize);
            return true;
        }));
    }
}
