using System.Text.Json.Nodes;
using Enjoin.Common;
using Enjoin.Orders;
using Enjoin.Server.Apis;
using Enjoin.Server.Security;
using Enjoin.Server.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Enjoin.Server.Pages.Orders;

/// <summary>
/// Serving an order (issue 7.2): a JSON order file (DESIGN §5.2) or the form, each with an optional Schedule A CSV.
/// The engine checks it; its errors are shown beside the fields they name. As <c>POST /api/v1/orders</c>.
/// </summary>
[Authorize(Policy = Policies.ServeOrders)]
public sealed class ImportModel : UiPage
{
    public const int ClauseRows = 6;

    [BindProperty] public string? Json { get; set; }
    [BindProperty] public IFormFile? JsonFile { get; set; }
    [BindProperty] public string? ScheduleA { get; set; }
    [BindProperty] public IFormFile? ScheduleAFile { get; set; }

    [BindProperty] public string? Id { get; set; }
    [BindProperty] public string Kind { get; set; } = "temporary_restraining_order";
    [BindProperty] public string? Case { get; set; }
    [BindProperty] public string? Court { get; set; }
    [BindProperty] public string? Plaintiff { get; set; }
    [BindProperty] public string? Issued { get; set; }
    [BindProperty] public string? Served { get; set; }
    [BindProperty] public string? Expires { get; set; }
    [BindProperty] public string? Supersedes { get; set; }
    [BindProperty] public string? Marks { get; set; }
    [BindProperty] public bool CoversAliases { get; set; }
    [BindProperty] public List<string?> ClauseRef { get; set; } = [];
    [BindProperty] public List<string?> ClauseKind { get; set; } = [];

    public void OnGet()
    {
        Served = EventTime.Format(WallNow);
        Issued = WallNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Plaintiff = Caller.Owner;
    }

    /// <summary>The JSON file was sent: its errors are shown beside it, not beside the form's fields.</summary>
    public bool FromFile { get; private set; }

    public async Task<IActionResult> OnPostFileAsync()
    {
        FromFile = true;
        var text = JsonFile is { Length: > 0 } ? await Read(JsonFile) : Json;
        if (string.IsNullOrWhiteSpace(text))
        {
            Errors.Add(new InputError("order", 0, "json", "paste or upload the order's JSON"));
            return Page();
        }
        return await Import(JsonFile?.FileName ?? "order.json", text);
    }

    public async Task<IActionResult> OnPostFormAsync()
    {
        var clauses = new JsonArray();
        for (var i = 0; i < Math.Max(ClauseRef.Count, ClauseKind.Count); i++)
        {
            var (reference, kind) = (ClauseRef.ElementAtOrDefault(i), ClauseKind.ElementAtOrDefault(i));
            if (string.IsNullOrWhiteSpace(reference) && string.IsNullOrWhiteSpace(kind)) continue;
            clauses.Add(new JsonObject { ["ref"] = reference?.Trim(), ["kind"] = kind });
        }
        var order = new JsonObject
        {
            ["id"] = Blank(Id), ["kind"] = Kind, ["case"] = Blank(Case), ["court"] = Blank(Court), ["plaintiff"] = Blank(Plaintiff),
            ["issued"] = Blank(Issued), ["served"] = Blank(Served), ["expires"] = Blank(Expires), ["supersedes"] = Blank(Supersedes),
            ["marks"] = new JsonArray([.. (Marks ?? "").Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => (JsonNode?)JsonValue.Create(m))]),
            ["covers_aliases"] = CoversAliases, ["clauses"] = clauses,
        };
        // Without a Schedule A the order names no defendants; the engine says so if that is wrong for its kind.
        if (ScheduleAFile is not { Length: > 0 } && string.IsNullOrWhiteSpace(ScheduleA)) order["defendants"] = new JsonArray();
        return await Import("form", order.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    async Task<IActionResult> Import(string file, string text)
    {
        var csv = ScheduleAFile is { Length: > 0 } ? await Read(ScheduleAFile) : string.IsNullOrWhiteSpace(ScheduleA) ? null : ScheduleA;
        try
        {
            var input = OrderInput.Parse(file, text, ScheduleAFile?.FileName ?? "schedule-a.csv", csv);
            var result = OrdersApi.Import(Host, Caller, input, null);
            return Redirect($"/orders/{Uri.EscapeDataString(result.Order)}?imported=true");
        }
        catch (InputRejectedException e)
        {
            // Schedule A rows are named by their CSV line; order fields by their path.
            Errors.AddRange(e.Errors.Select(x => x.File.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? x with { Field = $"schedule_a: line {x.Line}: {x.Field}" } : x));
            return Page();
        }
    }

    async Task<string> Read(IFormFile file)
    {
        using var reader = new StreamReader(file.OpenReadStream());
        return await reader.ReadToEndAsync(HttpContext.RequestAborted);
    }

    static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
