using System.Text.Json.Nodes;
using Enjoin.Common;
using Enjoin.Notices;
using Enjoin.Server.Apis;
using Enjoin.Server.Security;
using Enjoin.Server.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Enjoin.Server.Pages.Notices;

/// <summary>
/// A rights holder submits a takedown notice (issue 7.5): the DESIGN §5.2 elements as a form, or a bulk JSON file of
/// notices (one or an array, as <c>POST /api/v1/notices</c>). The notice arrives now; the receipt follows.
/// </summary>
[Authorize(Policy = Policies.SubmitNotices)]
public sealed class NewModel : UiPage
{
    [BindProperty] public string? Id { get; set; }
    [BindProperty] public string? NotifierName { get; set; }
    [BindProperty] public string? NotifierEmail { get; set; }
    [BindProperty] public string NotifierRole { get; set; } = "rights_holder";
    [BindProperty] public string RightKind { get; set; } = "trademark";
    [BindProperty] public string? Mark { get; set; }
    [BindProperty] public string? Work { get; set; }
    [BindProperty] public string? Registration { get; set; }
    [BindProperty] public string? Jurisdiction { get; set; }
    [BindProperty] public string? Listings { get; set; }
    [BindProperty] public string? Explanation { get; set; }
    [BindProperty] public bool GoodFaith { get; set; }
    [BindProperty] public bool Accurate { get; set; }
    [BindProperty] public string? Signature { get; set; }
    [BindProperty] public string? Bulk { get; set; }
    [BindProperty] public IFormFile? BulkFile { get; set; }

    public IReadOnlyList<Receipt> Receipts { get; private set; } = [];

    public void OnGet()
    {
        Id = $"N-{WallNow:yyyyMMdd}-{Guid.NewGuid().ToString("N")[..6]}";
        NotifierName = Caller.Owner;
    }

    public IActionResult OnPostForm()
    {
        var listings = (Listings ?? "").Split(['\n', '\r', ',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var notice = new JsonObject
        {
            ["id"] = Id?.Trim(), ["at"] = EventTime.Format(WallNow),
            ["notifier"] = new JsonObject { ["name"] = NotifierName?.Trim(), ["email"] = NotifierEmail?.Trim(), ["role"] = NotifierRole },
            ["right"] = new JsonObject
            {
                ["kind"] = RightKind, ["mark"] = Blank(Mark), ["work"] = Blank(Work), ["registration"] = Blank(Registration), ["jurisdiction"] = Blank(Jurisdiction),
            },
            ["listings"] = new JsonArray([.. listings.Select(l => (JsonNode?)JsonValue.Create(l))]),
            ["explanation"] = Blank(Explanation), ["good_faith"] = GoodFaith, ["accurate"] = Accurate, ["signature"] = Blank(Signature),
        };
        var submission = NoticesApi.Submit(Host, Caller, notice.ToJsonString(), null, "form");
        Errors.AddRange(submission.Errors);
        if (submission.Receipts is [var receipt]) return Redirect($"/notices/{Uri.EscapeDataString(receipt.Notice)}?received=true");
        return Page();
    }

    public async Task<IActionResult> OnPostBulkAsync()
    {
        var text = Bulk;
        if (BulkFile is { Length: > 0 })
        {
            using var reader = new StreamReader(BulkFile.OpenReadStream());
            text = await reader.ReadToEndAsync(HttpContext.RequestAborted);
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            Errors.Add(new InputError("bulk", 0, "bulk", "paste or upload a JSON notice or array of notices"));
            return Page();
        }
        var file = BulkFile?.FileName ?? "bulk";
        // CSV (a file named .csv, or text that does not start as JSON) is read into the notices' JSON first.
        if (file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || text.TrimStart() is var t && !t.StartsWith('{') && !t.StartsWith('['))
        {
            try { text = NoticeCsv.ToJson(file, text); }
            catch (InputRejectedException e)
            {
                Errors.AddRange(e.Errors.Select(x => x with { Field = $"bulk: {x.File}, line {x.Line}: {x.Field}" }));
                return Page();
            }
        }
        var submission = NoticesApi.Submit(Host, Caller, text, null, file);
        Receipts = submission.Receipts;
        Errors.AddRange(submission.Errors.Select(e => e with { Field = $"bulk: {e.File}, line {e.Line}: {e.Field}" }));
        OnGet();
        return Page();
    }

    static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
